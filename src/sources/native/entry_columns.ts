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
  /**
   * Index of this file's first row in the arrays: 0, unless `park` moved the rows into a slab
   * shared with other small files (then the arrays are the slab's). Read row `r` at `start + r`.
   */
  start = 0;
  // Empty until `#use` gives them arrays (shared empty ones: no allocation per file).
  time: Float64Array = EMPTY_FLOATS;
  input: Float64Array = EMPTY_FLOATS;
  output: Float64Array = EMPTY_FLOATS;
  cacheCreation: Float64Array = EMPTY_FLOATS;
  cacheRead: Float64Array = EMPTY_FLOATS;
  cost: Float64Array = EMPTY_FLOATS;
  /** Per entry: message id, request id and session id fingerprints (2 words each). */
  ids: Uint32Array = EMPTY_IDS;
  flags: Uint8Array = EMPTY_BYTES;
  /** Model id as blocks list it (`-fast` suffixed); 0 for `<synthetic>` and missing models. */
  model: Uint16Array = EMPTY_SHORTS;
  /** Model id when the entry had no price (and no `costUSD`), else 0. */
  unpriced: Uint16Array = EMPTY_SHORTS;
  /** Usage-limit reset times (epoch ms) by row; rare, so kept sparse. */
  // Shared and empty until a file has one (most never do): one Map less per file.
  resets: ReadonlyMap<number, number> = NO_RESETS;
  readonly #models: ModelNames;
  /** The slab's arrays when the rows are parked there (shared: a push moves them out first). */
  #slab: Arrays | null = null;

  /** Creates empty columns that name models through `models`. */
  constructor(models: ModelNames, capacity = 0) {
    this.#models = models;
    if (capacity > 0) this.#allocate(capacity);
  }

  /** Appends one parsed entry. */
  push(entry: UsageEntry): void {
    if (this.#slab !== null || this.length === this.time.length) {
      this.#resize(Math.max(4, this.length * 2));
    }
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
    // As `push`: parked columns (in a shared slab) get arrays of their own first.
    if (this.#slab !== null || this.length === this.time.length) {
      this.#resize(Math.max(4, this.length * 2));
    }
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
    // Views of a parked file's rows are made when read (by the cache encoder, one file and
    // column at a time): ten views for each of 100,000 files held at once cost 100 MB.
    if (this.#slab !== null) {
      return new ParkedParts(this.#slab, this.start, this.length, this.resets);
    }
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

  /**
   * Columns from another thread's parts; `names` are that thread's model names by id. With
   * `from` and `rows`, only those rows of `parts` (a worker's batch of several files).
   */
  static fromParts(
    models: ModelNames,
    batch: ColumnParts,
    names: readonly string[],
    from = 0,
    rows = batch.length,
  ): EntryColumns {
    const columns = new EntryColumns(models, 0);
    const remap = remapFor(models, names);
    const end = from + rows;
    for (const [row, reset] of batch.resets) {
      if (row >= from && row < end) columns.#ownResets().set(row - from, reset);
    }
    if (rows <= PARK_MAX_ROWS) {
      // Small files are copied into a shared slab: no buffer and ten views of their own.
      columns.#parkFrom(batch, remap, from, rows);
      return columns;
    }
    const parts = from === 0 && rows === batch.length ? batch : rangeOf(batch, from, rows);
    columns.length = parts.length;
    columns.time = parts.time;
    columns.input = parts.input;
    columns.output = parts.output;
    columns.cacheCreation = parts.cacheCreation;
    columns.cacheRead = parts.cacheRead;
    columns.cost = parts.cost;
    columns.ids = parts.ids;
    columns.flags = parts.flags;
    columns.model = parts.model.map((id) => remap[id] ?? 0);
    columns.unpriced = parts.unpriced.map((id) => remap[id] ?? 0);
    return columns;
  }

  /**
   * Moves the rows of a small file, once read whole, into a slab shared with other small files:
   * 100,000 small transcripts each kept a buffer and ten views (1.3 KB) for a few rows of 81 B.
   * A later push moves them out again (a file that grows leaves its slab rows unused).
   */
  park(): void {
    if (this.#slab !== null || this.length > PARK_MAX_ROWS) return;
    if (this.length === 0) {
      // Nothing to keep: drop the spare capacity.
      if (this.time.length > 0) this.#resize(0);
      return;
    }
    this.#parkFrom(this, null);
  }

  /**
   * Moves a small file's rows into new parked columns and empties these, keeping their buffer:
   * a scratch parsed into file after file allocates nothing per file (100,000 small files made
   * 300,000 short-lived buffers growing and trimming their own columns). Null when too many rows.
   */
  takeParked(): EntryColumns | null {
    if (this.#slab !== null || this.length > PARK_MAX_ROWS) return null;
    const taken = new EntryColumns(this.#models, 0);
    taken.resets = this.resets;
    this.resets = NO_RESETS;
    taken.#parkFrom(this, null);
    this.length = 0;
    return taken;
  }

  /** Copies `source`'s rows (model ids through `remap` when given) to the current slab. */
  #parkFrom(
    source: ColumnParts | EntryColumns,
    remap: readonly number[] | null,
    from = source instanceof EntryColumns ? source.start : 0,
    rows = source.length,
  ): void {
    if (rows === 0) {
      this.length = 0;
      return;
    }
    const slab = slabFor(rows);
    const at = slab.used;
    slab.used += rows;
    const copy = (target: Typed, array: Typed, width: number) => {
      for (let index = 0; index < rows * width; index++) {
        target[at * width + index] = array[from * width + index]!;
      }
    };
    const arrays = slab.arrays;
    copy(arrays.time, source.time, 1);
    copy(arrays.input, source.input, 1);
    copy(arrays.output, source.output, 1);
    copy(arrays.cacheCreation, source.cacheCreation, 1);
    copy(arrays.cacheRead, source.cacheRead, 1);
    copy(arrays.cost, source.cost, 1);
    copy(arrays.ids, source.ids, ID_WORDS);
    copy(arrays.flags, source.flags, 1);
    for (let row = 0; row < rows; row++) {
      const model = source.model[from + row]!;
      const unpriced = source.unpriced[from + row]!;
      arrays.model[at + row] = remap === null ? model : remap[model] ?? 0;
      arrays.unpriced[at + row] = remap === null ? unpriced : remap[unpriced] ?? 0;
    }
    this.#use(arrays);
    this.length = rows;
    this.start = at;
    this.#slab = arrays;
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
    if (this.#slab !== null) return;
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
    const from = this.start;
    const end = from + rows;
    this.#allocate(capacity);
    this.time.set(old.time.subarray(from, end));
    this.input.set(old.input.subarray(from, end));
    this.output.set(old.output.subarray(from, end));
    this.cacheCreation.set(old.cacheCreation.subarray(from, end));
    this.cacheRead.set(old.cacheRead.subarray(from, end));
    this.cost.set(old.cost.subarray(from, end));
    this.ids.set(old.ids.subarray(from * ID_WORDS, end * ID_WORDS));
    this.flags.set(old.flags.subarray(from, end));
    this.model.set(old.model.subarray(from, end));
    this.unpriced.set(old.unpriced.subarray(from, end));
    this.start = 0;
    this.#slab = null;
  }

  /**
   * All columns as views of one buffer: one allocation per file instead of ten (100,000 small
   * transcripts spent most of their time and memory on per-column buffers).
   */
  #allocate(capacity: number): void {
    this.#use(capacity === 0 ? EMPTY_ARRAYS : allocateArrays(capacity));
  }

  /** Makes `arrays` this file's columns. */
  #use(arrays: Arrays): void {
    this.time = arrays.time;
    this.input = arrays.input;
    this.output = arrays.output;
    this.cacheCreation = arrays.cacheCreation;
    this.cacheRead = arrays.cacheRead;
    this.cost = arrays.cost;
    this.ids = arrays.ids;
    this.flags = arrays.flags;
    this.model = arrays.model;
    this.unpriced = arrays.unpriced;
  }
}

type Typed = Float64Array | Uint32Array | Uint16Array | Uint8Array;

/** The ten column arrays, as views of one buffer. */
type Arrays = Pick<
  EntryColumns,
  | "time"
  | "input"
  | "output"
  | "cacheCreation"
  | "cacheRead"
  | "cost"
  | "ids"
  | "flags"
  | "model"
  | "unpriced"
>;

/**
 * All columns as views of one buffer: one allocation per file instead of ten (100,000 small
 * transcripts spent most of their time and memory on per-column buffers).
 */
function allocateArrays(capacity: number): Arrays {
  {
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
    return {
      time: take(floats, 8, capacity),
      input: take(floats, 8, capacity),
      output: take(floats, 8, capacity),
      cacheCreation: take(floats, 8, capacity),
      cacheRead: take(floats, 8, capacity),
      cost: take(floats, 8, capacity),
      ids: take((b, o, n) => new Uint32Array(b, o, n), 4, capacity * ID_WORDS),
      model: take((b, o, n) => new Uint16Array(b, o, n), 2, capacity),
      unpriced: take((b, o, n) => new Uint16Array(b, o, n), 2, capacity),
      flags: take((b, o, n) => new Uint8Array(b, o, n), 1, capacity),
    };
  }
}

/** The last model id remap made (a worker's batch gives many files the same names). */
let lastRemap: { models: ModelNames; names: readonly string[]; remap: number[] } | null = null;

/** This thread's id for each of another thread's model ids (`names` by id). */
function remapFor(models: ModelNames, names: readonly string[]): number[] {
  if (lastRemap !== null && lastRemap.models === models && lastRemap.names === names) {
    return lastRemap.remap;
  }
  const remap = names.map((name, id) => id === 0 ? 0 : models.id(name));
  lastRemap = { models, names, remap };
  return remap;
}

/** Rows `from` to `from + rows` of `parts` as views (resets are taken apart by the caller). */
function rangeOf(parts: ColumnParts, from: number, rows: number): ColumnParts {
  const end = from + rows;
  return {
    length: rows,
    time: parts.time.subarray(from, end),
    input: parts.input.subarray(from, end),
    output: parts.output.subarray(from, end),
    cacheCreation: parts.cacheCreation.subarray(from, end),
    cacheRead: parts.cacheRead.subarray(from, end),
    cost: parts.cost.subarray(from, end),
    ids: parts.ids.subarray(from * ID_WORDS, end * ID_WORDS),
    flags: parts.flags.subarray(from, end),
    model: parts.model.subarray(from, end),
    unpriced: parts.unpriced.subarray(from, end),
    resets: [],
  };
}

/** Files with at most this many rows are parked in shared slabs once read whole. */
const PARK_MAX_ROWS = 256;
/** Rows per slab (about 660 KB): at most PARK_MAX_ROWS of them go unused at its end. */
const SLAB_ROWS = 8192;

/** Rows of many small files in one set of columns; files take ranges and never give them back. */
interface Slab {
  arrays: Arrays;
  used: number;
}

// One slab being filled for the whole process: the ranges are disjoint whichever reader (or
// test) parks, and a slab no file uses any more is collected like any buffer.
let slab: Slab | null = null;

function slabFor(rows: number): Slab {
  if (slab === null || slab.used + rows > SLAB_ROWS) {
    slab = { arrays: allocateArrays(SLAB_ROWS), used: 0 };
  }
  return slab;
}

/**
 * The parts of a parked file: each array a view made when read, so a snapshot of 100,000 files
 * holds no views (the cache encoder reads one file's column at a time).
 */
class ParkedParts implements ColumnParts {
  readonly length: number;
  readonly resets: [number, number][];
  readonly #columns: Arrays;
  readonly #start: number;

  constructor(arrays: Arrays, start: number, length: number, resets: ReadonlyMap<number, number>) {
    this.#columns = arrays;
    this.#start = start;
    this.length = length;
    this.resets = [...resets];
  }

  #range<T extends Typed>(array: T, width = 1): T {
    return array.subarray(this.#start * width, (this.#start + this.length) * width) as T;
  }

  get time(): Float64Array {
    return this.#range(this.#columns.time);
  }
  get input(): Float64Array {
    return this.#range(this.#columns.input);
  }
  get output(): Float64Array {
    return this.#range(this.#columns.output);
  }
  get cacheCreation(): Float64Array {
    return this.#range(this.#columns.cacheCreation);
  }
  get cacheRead(): Float64Array {
    return this.#range(this.#columns.cacheRead);
  }
  get cost(): Float64Array {
    return this.#range(this.#columns.cost);
  }
  get ids(): Uint32Array {
    return this.#range(this.#columns.ids, ID_WORDS);
  }
  get flags(): Uint8Array {
    return this.#range(this.#columns.flags);
  }
  get model(): Uint16Array {
    return this.#range(this.#columns.model);
  }
  get unpriced(): Uint16Array {
    return this.#range(this.#columns.unpriced);
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
const EMPTY_ARRAYS: Arrays = {
  time: EMPTY_FLOATS,
  input: EMPTY_FLOATS,
  output: EMPTY_FLOATS,
  cacheCreation: EMPTY_FLOATS,
  cacheRead: EMPTY_FLOATS,
  cost: EMPTY_FLOATS,
  ids: EMPTY_IDS,
  flags: EMPTY_BYTES,
  model: EMPTY_SHORTS,
  unpriced: EMPTY_SHORTS,
};

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

/** The values of one entry, alike in restored sorted entries and in a file's columns. */
export type EntryValues =
  & Pick<
    SortedEntries,
    "time" | "input" | "output" | "cacheCreation" | "cacheRead" | "cost" | "model" | "unpriced"
  >
  & { resets: ReadonlyMap<number, number> };

/** Copies entry `from` of `source` to sorted index `index` of `out`. */
export function copyEntry(
  out: SortedEntries,
  index: number,
  source: EntryValues,
  from: number,
  base = 0,
): void {
  // A file's columns may be parked in a slab from `start` (`base`) on; resets go by file row.
  const at = base + from;
  out.time[index] = source.time[at]!;
  out.input[index] = source.input[at]!;
  out.output[index] = source.output[at]!;
  out.cacheCreation[index] = source.cacheCreation[at]!;
  out.cacheRead[index] = source.cacheRead[at]!;
  out.cost[index] = source.cost[at]!;
  out.model[index] = source.model[at]!;
  out.unpriced[index] = source.unpriced[at]!;
  const reset = source.resets.size > 0 ? source.resets.get(from) : undefined;
  if (reset !== undefined) out.resets.set(index, reset);
}
