/**
 * Compact, column-wise storage of usage entries: a few typed arrays per file instead of one
 * object and two id strings per entry, so a gigabyte of transcripts fits in tens of megabytes.
 */

import type { SortedEntries as CoreSortedEntries } from "../../core/identify_blocks.ts";
import type { UsageEntry } from "./parse_line.ts";

/** Entry flag: the line was a sidechain (subagent) line. */
export const FLAG_SIDECHAIN = 1;
/** Entry flag: `usage.speed` was present. */
export const FLAG_SPEED = 2;
/** Entry flag: the line had a `message.id`. */
export const FLAG_MESSAGE_ID = 4;
/** Entry flag: the line had a `requestId`. */
export const FLAG_REQUEST_ID = 8;
/** Entry flag: the line had a `sessionId` (else its session comes from the file path). */
export const FLAG_SESSION_ID = 16;
/** Words of `EntryColumns.ids` per entry: message id, request id and session id fingerprints. */
export const ID_WORDS = 6;

/** Model names by small integer id (0 means none), shared by all columns. */
export class ModelNames {
  readonly #names: string[] = [""];
  readonly #ids = new Map<string, number>();

  /** The id of `name` (0 for null), adding it when new. */
  id(name: string | null): number {
    if (name === null) return 0;
    let id = this.#ids.get(name);
    if (id === undefined) {
      id = this.#names.length;
      this.#names.push(name);
      this.#ids.set(name, id);
    }
    return id;
  }

  /** The name of `id`, or null for 0. */
  name(id: number): string | null {
    return id === 0 ? null : this.#names[id] ?? null;
  }

  /** All names by id (index 0 is unused), to send to another thread. */
  list(): string[] {
    return [...this.#names];
  }
}

/** The typed arrays of `EntryColumns`, trimmed to length, to move between threads. */
export interface ColumnParts {
  length: number;
  time: Float64Array;
  input: Float64Array;
  output: Float64Array;
  cacheCreation: Float64Array;
  cacheRead: Float64Array;
  cost: Float64Array;
  ids: Uint32Array;
  flags: Uint8Array;
  model: Uint16Array;
  unpriced: Uint16Array;
  resets: [number, number][];
}

/**
 * 64-bit fingerprint of an id string as two 32-bit halves (FNV-1a and a Murmur-style mix).
 * Ids are compared by fingerprint: among a million messages the chance that two different ids
 * collide is about 3e-8, and nothing else is kept per id.
 */
export function fingerprint(value: string, out: Uint32Array, at: number): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ value.length;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 13;
  }
  b = Math.imul(b ^ (b >>> 15), 0x27d4eb2d);
  out[at] = a >>> 0;
  out[at + 1] = (b ^ (b >>> 16)) >>> 0;
}

/** The usage entries of one file, in file order. */
export class EntryColumns {
  length = 0;
  time: Float64Array;
  input: Float64Array;
  output: Float64Array;
  cacheCreation: Float64Array;
  cacheRead: Float64Array;
  cost: Float64Array;
  /** Per entry: message id, request id and session id fingerprints (2 words each). */
  ids: Uint32Array;
  flags: Uint8Array;
  /** Model id as blocks list it (`-fast` suffixed); 0 for `<synthetic>` and missing models. */
  model: Uint16Array;
  /** Model id when the entry had no price (and no `costUSD`), else 0. */
  unpriced: Uint16Array;
  /** Usage-limit reset times (epoch ms) by row; rare, so kept sparse. */
  // Shared and empty until a file has one (most never do): one Map less per file.
  resets: ReadonlyMap<number, number> = NO_RESETS;
  readonly #models: ModelNames;

  /** Creates empty columns that name models through `models`. */
  constructor(models: ModelNames, capacity = 0) {
    this.#models = models;
    // Assigned by #allocate; listed here for the compiler.
    this.time =
      this.input =
      this.output =
      this.cacheCreation =
      this.cacheRead =
      this.cost =
        EMPTY_FLOATS;
    this.ids = EMPTY_IDS;
    this.flags = EMPTY_BYTES;
    this.model = this.unpriced = EMPTY_SHORTS;
    if (capacity > 0) this.#allocate(capacity);
  }

  /** Appends one parsed entry. */
  push(entry: UsageEntry): void {
    if (this.length === this.time.length) this.#resize(Math.max(4, this.length * 2));
    const row = this.length++;
    this.time[row] = entry.time;
    this.input[row] = entry.inputTokens;
    this.output[row] = entry.outputTokens;
    this.cacheCreation[row] = entry.cacheCreationTokens;
    this.cacheRead[row] = entry.cacheReadTokens;
    this.cost[row] = entry.costUSD;
    let flags = (entry.sidechain ? FLAG_SIDECHAIN : 0) | (entry.hasSpeed ? FLAG_SPEED : 0);
    if (entry.messageId !== null) {
      flags |= FLAG_MESSAGE_ID;
      fingerprint(entry.messageId, this.ids, row * ID_WORDS);
    }
    if (entry.requestId !== null) {
      flags |= FLAG_REQUEST_ID;
      fingerprint(entry.requestId, this.ids, row * ID_WORDS + 2);
    }
    if (entry.sessionId !== undefined && entry.sessionId !== null) {
      flags |= FLAG_SESSION_ID;
      fingerprint(entry.sessionId, this.ids, row * ID_WORDS + 4);
    }
    this.flags[row] = flags;
    this.model[row] = this.#models.id(entry.model);
    this.unpriced[row] = this.#models.id(entry.unpricedModel);
    if (entry.resetTime !== null) this.#ownResets().set(row, entry.resetTime);
  }

  /**
   * Appends one row and returns its index, for a caller that fills the columns itself
   * (the byte-level fast path writes id fingerprints without making id strings).
   */
  addRow(): number {
    if (this.length === this.time.length) this.#resize(Math.max(4, this.length * 2));
    return this.length++;
  }

  /** The id these columns give the model `name` (0 for null). */
  modelId(name: string | null): number {
    return this.#models.id(name);
  }

  /**
   * The arrays trimmed to `length` (for `postMessage` and the reader cache): views of the one
   * buffer of all columns, which can be transferred once.
   */
  toParts(): ColumnParts {
    this.compact();
    const rows = this.length;
    if (this.time.length === rows) {
      // Already exact (small files always are): no new views (100,000 files made a million).
      return {
        length: rows,
        time: this.time,
        input: this.input,
        output: this.output,
        cacheCreation: this.cacheCreation,
        cacheRead: this.cacheRead,
        cost: this.cost,
        ids: this.ids,
        flags: this.flags,
        model: this.model,
        unpriced: this.unpriced,
        resets: [...this.resets],
      };
    }
    return {
      length: rows,
      time: this.time.subarray(0, rows),
      input: this.input.subarray(0, rows),
      output: this.output.subarray(0, rows),
      cacheCreation: this.cacheCreation.subarray(0, rows),
      cacheRead: this.cacheRead.subarray(0, rows),
      cost: this.cost.subarray(0, rows),
      ids: this.ids.subarray(0, rows * ID_WORDS),
      flags: this.flags.subarray(0, rows),
      model: this.model.subarray(0, rows),
      unpriced: this.unpriced.subarray(0, rows),
      resets: [...this.resets],
    };
  }

  /** Columns from another thread's parts; `names` are that thread's model names by id. */
  static fromParts(models: ModelNames, parts: ColumnParts, names: readonly string[]): EntryColumns {
    const columns = new EntryColumns(models, 0);
    columns.length = parts.length;
    columns.time = parts.time;
    columns.input = parts.input;
    columns.output = parts.output;
    columns.cacheCreation = parts.cacheCreation;
    columns.cacheRead = parts.cacheRead;
    columns.cost = parts.cost;
    columns.ids = parts.ids;
    columns.flags = parts.flags;
    const remap = names.map((name, id) => id === 0 ? 0 : models.id(name));
    columns.model = parts.model.map((id) => remap[id] ?? 0);
    columns.unpriced = parts.unpriced.map((id) => remap[id] ?? 0);
    if (parts.resets.length > 0) columns.resets = new Map(parts.resets);
    return columns;
  }

  /** Drops rows from `length` on (used to retract a provisional last line). */
  truncate(length: number): void {
    if (this.resets.size > 0) {
      const resets = this.#ownResets();
      for (let row = length; row < this.length; row++) resets.delete(row);
    }
    this.length = Math.min(this.length, length);
  }

  #ownResets(): Map<number, number> {
    if (this.resets === NO_RESETS) this.resets = new Map();
    return this.resets as Map<number, number>;
  }

  /**
   * Releases unused capacity once a read is done: a large file keeps a few spare rows (not worth
   * a copy at every append), a small one is made exact so `toParts` needs no new views.
   */
  compact(): void {
    const spare = this.time.length - this.length;
    if (spare > 0 && (spare * ROW_BYTES > 1024 || this.length <= EXACT_ROWS)) {
      this.#resize(this.length);
    }
  }

  #resize(capacity: number): void {
    const old = {
      time: this.time,
      input: this.input,
      output: this.output,
      cacheCreation: this.cacheCreation,
      cacheRead: this.cacheRead,
      cost: this.cost,
      ids: this.ids,
      flags: this.flags,
      model: this.model,
      unpriced: this.unpriced,
    };
    const rows = Math.min(this.length, capacity);
    this.#allocate(capacity);
    this.time.set(old.time.subarray(0, rows));
    this.input.set(old.input.subarray(0, rows));
    this.output.set(old.output.subarray(0, rows));
    this.cacheCreation.set(old.cacheCreation.subarray(0, rows));
    this.cacheRead.set(old.cacheRead.subarray(0, rows));
    this.cost.set(old.cost.subarray(0, rows));
    this.ids.set(old.ids.subarray(0, rows * ID_WORDS));
    this.flags.set(old.flags.subarray(0, rows));
    this.model.set(old.model.subarray(0, rows));
    this.unpriced.set(old.unpriced.subarray(0, rows));
  }

  /**
   * All columns as views of one buffer: one allocation per file instead of ten (100,000 small
   * transcripts spent most of their time and memory on per-column buffers).
   */
  #allocate(capacity: number): void {
    const buffer = new ArrayBuffer(capacity * ROW_BYTES);
    let offset = 0;
    const take = <T>(
      make: (buffer: ArrayBuffer, offset: number, length: number) => T,
      bytes: number,
      length: number,
    ): T => {
      const view = make(buffer, offset, length);
      offset += bytes * length;
      return view;
    };
    const floats = (b: ArrayBuffer, o: number, n: number) => new Float64Array(b, o, n);
    this.time = take(floats, 8, capacity);
    this.input = take(floats, 8, capacity);
    this.output = take(floats, 8, capacity);
    this.cacheCreation = take(floats, 8, capacity);
    this.cacheRead = take(floats, 8, capacity);
    this.cost = take(floats, 8, capacity);
    this.ids = take((b, o, n) => new Uint32Array(b, o, n), 4, capacity * ID_WORDS);
    this.model = take((b, o, n) => new Uint16Array(b, o, n), 2, capacity);
    this.unpriced = take((b, o, n) => new Uint16Array(b, o, n), 2, capacity);
    this.flags = take((b, o, n) => new Uint8Array(b, o, n), 1, capacity);
  }
}

/** Bytes per row over all columns (six doubles, the id words, two model ids, the flags). */
const ROW_BYTES = 6 * 8 + ID_WORDS * 4 + 2 * 2 + 1;
/** Files with at most this many rows are compacted to their exact length. */
const EXACT_ROWS = 64;
const NO_RESETS: ReadonlyMap<number, number> = new Map();
const EMPTY_FLOATS = new Float64Array(0);
const EMPTY_IDS = new Uint32Array(0);
const EMPTY_SHORTS = new Uint16Array(0);
const EMPTY_BYTES = new Uint8Array(0);

/** De-duplicated entries of all files, sorted by time, in flat columns (the core block rules' input). */
export interface SortedEntries extends CoreSortedEntries {
  length: number;
  time: Float64Array;
  input: Float64Array;
  output: Float64Array;
  cacheCreation: Float64Array;
  cacheRead: Float64Array;
  cost: Float64Array;
  model: Uint16Array;
  unpriced: Uint16Array;
  /** The de-duplication slot of each sorted entry. */
  slots: Uint32Array;
  /** Reset times by sorted index. */
  resets: Map<number, number>;
  models: ModelNames;
}
