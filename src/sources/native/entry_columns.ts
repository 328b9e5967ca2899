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
  readonly resets = new Map<number, number>();
  readonly #models: ModelNames;

  /** Creates empty columns that name models through `models`. */
  constructor(models: ModelNames, capacity = 16) {
    this.#models = models;
    this.time = new Float64Array(capacity);
    this.input = new Float64Array(capacity);
    this.output = new Float64Array(capacity);
    this.cacheCreation = new Float64Array(capacity);
    this.cacheRead = new Float64Array(capacity);
    this.cost = new Float64Array(capacity);
    this.ids = new Uint32Array(capacity * ID_WORDS);
    this.flags = new Uint8Array(capacity);
    this.model = new Uint16Array(capacity);
    this.unpriced = new Uint16Array(capacity);
  }

  /** Appends one parsed entry. */
  push(entry: UsageEntry): void {
    if (this.length === this.time.length) this.#resize(Math.max(16, this.length * 2));
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
    if (entry.resetTime !== null) this.resets.set(row, entry.resetTime);
  }

  /** The trimmed arrays (for `postMessage`; the buffers can be transferred). */
  toParts(): ColumnParts {
    this.compact();
    return {
      length: this.length,
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
    for (const [row, time] of parts.resets) columns.resets.set(row, time);
    return columns;
  }

  /** Drops rows from `length` on (used to retract a provisional last line). */
  truncate(length: number): void {
    for (let row = length; row < this.length; row++) this.resets.delete(row);
    this.length = Math.min(this.length, length);
  }

  /** Releases unused capacity once a read is done. */
  compact(): void {
    if (this.time.length !== this.length) this.#resize(this.length);
  }

  #resize(capacity: number): void {
    const grow = <T extends Float64Array | Uint32Array | Uint8Array | Uint16Array>(
      old: T,
      make: (size: number) => T,
      width = 1,
    ): T => {
      const next = make(capacity * width);
      next.set(old.subarray(0, this.length * width));
      return next;
    };
    this.time = grow(this.time, (size) => new Float64Array(size));
    this.input = grow(this.input, (size) => new Float64Array(size));
    this.output = grow(this.output, (size) => new Float64Array(size));
    this.cacheCreation = grow(this.cacheCreation, (size) => new Float64Array(size));
    this.cacheRead = grow(this.cacheRead, (size) => new Float64Array(size));
    this.cost = grow(this.cost, (size) => new Float64Array(size));
    this.ids = grow(this.ids, (size) => new Uint32Array(size), ID_WORDS);
    this.flags = grow(this.flags, (size) => new Uint8Array(size));
    this.model = grow(this.model, (size) => new Uint16Array(size));
    this.unpriced = grow(this.unpriced, (size) => new Uint16Array(size));
  }
}

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
