/**
 * The rows section of a loaded reader cache, read a piece at a time as changes need it: an
 * append needs the message ids of all rows (the stored id and flag columns, as they are) and
 * the rows of the files it touched, not every file decoded; a save copies unchanged files'
 * stored bytes as they are. Every column is checked in blocks of `BLOCK_ROWS` rows (CRC-32s in
 * a trailer after the rows), so a piece is checked without reading the whole section.
 */

import { crc32 } from "node:zlib";
import { CacheInvalid } from "./cache_invalid.ts";
import type { ColumnParts } from "./entry_columns.ts";

/** A typed array of one of the stored element types. */
export type Typed = Float64Array | Uint32Array | Uint16Array | Uint8Array;
/** Element type of a column in memory. */
export type TypeName = "Float64Array" | "Uint32Array" | "Uint16Array" | "Uint8Array";
/** How a column is stored: as it is, or a whole-number Float64 column narrowed to 32 bits. */
export type Storage = TypeName | "Float64AsUint32";

/** One stored column. */
export interface ColumnHeader {
  name: string;
  type: TypeName;
  storage: Storage;
  /** Elements per row. */
  width: number;
}

export { CacheInvalid };

/** A typed view of `length` elements of `type` at `byteOffset`. */
export function view(
  type: TypeName,
  buffer: ArrayBufferLike,
  byteOffset: number,
  length: number,
): Typed {
  switch (type) {
    case "Float64Array":
      return new Float64Array(buffer, byteOffset, length);
    case "Uint32Array":
      return new Uint32Array(buffer, byteOffset, length);
    case "Uint16Array":
      return new Uint16Array(buffer, byteOffset, length);
    case "Uint8Array":
      return new Uint8Array(buffer, byteOffset, length);
  }
}

/** Bytes per stored element. */
export function elementBytes(storage: Storage): number {
  switch (storage) {
    case "Float64Array":
      return 8;
    case "Uint32Array":
    case "Float64AsUint32":
      return 4;
    case "Uint16Array":
      return 2;
    case "Uint8Array":
      return 1;
  }
}

/** `bytes` rounded up to a multiple of 8. */
export const pad8 = (bytes: number): number => (bytes + 7) & ~7;

/**
 * A running CRC-32 of the sections (node:zlib's native one: a JavaScript sum over the entries
 * was a tenth of a warm `--once` run). The same bytes give the same sum however they are
 * split into `add` calls.
 */
export class Checksum {
  /** The sum so far. */
  value = 0;
  /** Adds `bytes` to the sum. */
  add(bytes: Uint8Array): void {
    this.value = crc32(bytes, this.value) >>> 0;
  }
}

/** Rows per checked block of a column. */
export const BLOCK_ROWS = 4096;

/** Number of blocks checksums of rows stored in `columns` (the trailer holds them, then 8 bytes). */
export function blockCount(rows: number, columns: number): number {
  return Math.ceil(rows / BLOCK_ROWS) * columns;
}

/**
 * Sums one column's stored bytes in blocks of `BLOCK_ROWS` rows as they stream past (any piece
 * sizes; bytes past the column's elements, its padding, are ignored).
 */
export class BlockSums {
  readonly #blockBytes: number;
  #left: number;
  #inBlock = 0;
  #sum = new Checksum();
  readonly #out: number[];

  /** Sums a column of `elementBytes` bytes in blocks of `blockBytes` into `out`. */
  constructor(elementBytes: number, blockBytes: number, out: number[]) {
    this.#left = elementBytes;
    this.#blockBytes = blockBytes;
    this.#out = out;
  }

  /** Adds the next bytes of the column. */
  add(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length && this.#left > 0) {
      const take = Math.min(bytes.length - at, this.#blockBytes - this.#inBlock, this.#left);
      this.#sum.add(bytes.subarray(at, at + take));
      at += take;
      this.#inBlock += take;
      this.#left -= take;
      if (this.#inBlock === this.#blockBytes || this.#left === 0) {
        this.#out.push(this.#sum.value);
        this.#sum = new Checksum();
        this.#inBlock = 0;
      }
    }
  }
}

/** Where the rows section is and what it holds, from the cache header. */
export interface StoredRowsLayout {
  columns: ColumnHeader[];
  /** Model names the stored model ids index. */
  models: readonly string[];
  /** Rows per file, in stored (path) order. */
  lengths: readonly number[];
  /** Non-array parts of each file (such as `resets`), as stored. */
  extras: readonly Record<string, unknown>[];
  /** Names of the non-array parts, which come back as empty lists when left out. */
  extraNames: readonly string[];
  /** Bytes of the rows section (without its trailer). */
  bytes: number;
}

/**
 * The stored rows of all files end to end, one column after another, then the trailer.
 * `read(offset, length)` reads bytes of the section (offsets from its start) when needed.
 */
export class StoredRows {
  /** Stored columns, in stored order. */
  readonly columns: readonly ColumnHeader[];
  /** Model names the stored model ids index. */
  readonly models: readonly string[];
  readonly #layout: StoredRowsLayout;
  readonly #read: (offset: number, length: number) => Uint8Array;
  /** First row of each file, and the total at the end. */
  readonly #starts: Uint32Array;
  /** Byte offset of each column in the section. */
  readonly #offsets: number[] = [];
  #sums: Uint32Array | null = null;
  /** Whole columns read so far, by position. */
  readonly #whole = new Map<number, Typed>();

  /** Rows laid out as `layout` says, read by `read` when needed. */
  constructor(layout: StoredRowsLayout, read: (offset: number, length: number) => Uint8Array) {
    this.#layout = layout;
    this.#read = read;
    this.columns = layout.columns;
    this.models = layout.models;
    this.#starts = new Uint32Array(layout.lengths.length + 1);
    for (const [index, length] of layout.lengths.entries()) {
      this.#starts[index + 1] = this.#starts[index]! + length;
    }
    const rows = this.#starts[layout.lengths.length]!;
    let at = 0;
    for (const column of layout.columns) {
      this.#offsets.push(at);
      at += pad8(rows * column.width * elementBytes(column.storage));
    }
    if (at !== layout.bytes) throw new CacheInvalid("cut short");
  }

  /** Bytes of the trailer after the rows section. */
  static trailerBytes(rows: number, columns: number): number {
    return blockCount(rows, columns) * 4 + 8;
  }

  /** Number of files. */
  get fileCount(): number {
    return this.#layout.lengths.length;
  }

  /** Rows of file `index`. */
  length(index: number): number {
    return this.#layout.lengths[index]!;
  }

  /** The stored non-array parts of file `index`. */
  extra(index: number): Record<string, unknown> {
    return this.#layout.extras[index]!;
  }

  /** Rows of all files. */
  get rows(): number {
    return this.#starts[this.#starts.length - 1]!;
  }

  /**
   * Reads and checks what an append's merge needs (the flag and id columns); throws
   * `CacheInvalid` if they are bad. Other rows are checked when read.
   */
  check(): void {
    this.#blockSums();
    this.whole("flags");
    this.whole("ids");
  }

  /** The stored column `name` of all rows, as it is stored (only for unnarrowed columns). */
  whole(name: string): Typed {
    const position = this.columns.findIndex((column) => column.name === name);
    const column = this.columns[position];
    if (column === undefined || column.storage !== column.type) {
      throw new Error(`Column "${name}" is not stored as it is`);
    }
    let array = this.#whole.get(position);
    if (array === undefined) {
      const bytes = this.#rowBytes(position, 0, this.rows);
      array = view(column.type, bytes.buffer, bytes.byteOffset, this.rows * column.width);
      this.#whole.set(position, array);
    }
    return array;
  }

  /** The stored bytes of column `column` (an index) for files `from` to `to` (exclusive). */
  columnBytes(column: number, from: number, to: number): Uint8Array {
    return this.#rowBytes(column, this.#starts[from]!, this.#starts[to]!);
  }

  /** File `index`'s rows as column parts (narrowed columns widened; others are views). */
  parts(index: number): ColumnParts {
    const rows = this.length(index);
    const first = this.#starts[index]!;
    const parts: Record<string, unknown> = { length: rows };
    const extra = this.#layout.extras[index]!;
    // Fields left out when empty come back as empty lists.
    for (const name of this.#layout.extraNames) parts[name] = extra[name] ?? [];
    for (const [name, value] of Object.entries(extra)) parts[name] = value;
    for (const [position, column] of this.columns.entries()) {
      const count = rows * column.width;
      const bytes = this.#rowBytes(position, first, first + rows);
      const array = column.storage === "Float64AsUint32"
        ? Float64Array.from(new Uint32Array(bytes.buffer, bytes.byteOffset, count))
        : view(column.type, bytes.buffer, bytes.byteOffset, count);
      if (column.name === "model" || column.name === "unpriced") {
        checkIds(array, this.models.length);
      }
      parts[column.name] = array;
    }
    return parts as unknown as ColumnParts;
  }

  /** Bytes of rows `from` to `to` of column `position`, read and checked block by block. */
  #rowBytes(position: number, from: number, to: number): Uint8Array {
    if (to <= from) return new Uint8Array(0);
    const column = this.columns[position]!;
    const rowBytes = column.width * elementBytes(column.storage);
    const whole = this.#whole.get(position);
    if (whole !== undefined) {
      const bytes = new Uint8Array(whole.buffer, whole.byteOffset, whole.byteLength);
      return bytes.subarray(from * rowBytes, to * rowBytes);
    }
    const firstBlock = Math.floor(from / BLOCK_ROWS);
    const endRow = Math.min(this.rows, Math.ceil(to / BLOCK_ROWS) * BLOCK_ROWS);
    const start = firstBlock * BLOCK_ROWS;
    const bytes = this.#readChecked(
      this.#offsets[position]! + start * rowBytes,
      (endRow - start) * rowBytes,
    );
    const sums = this.#blockSums();
    const blocks = Math.ceil(this.rows / BLOCK_ROWS);
    const blockBytes = BLOCK_ROWS * rowBytes;
    for (let at = 0; at < bytes.length; at += blockBytes) {
      const sum = new Checksum();
      sum.add(bytes.subarray(at, at + blockBytes));
      if (sum.value !== sums[position * blocks + firstBlock + at / blockBytes]) {
        throw new CacheInvalid("rows checksum");
      }
    }
    return bytes.subarray((from - start) * rowBytes, (to - start) * rowBytes);
  }

  /** The block checksums from the trailer (checked by their own checksum). */
  #blockSums(): Uint32Array {
    if (this.#sums !== null) return this.#sums;
    const count = blockCount(this.rows, this.columns.length);
    const bytes = this.#readChecked(this.#layout.bytes, count * 4 + 8);
    const trailer = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const sum = new Checksum();
    sum.add(bytes.subarray(0, count * 4 + 4));
    if (
      trailer.getUint32(count * 4, true) !== count ||
      trailer.getUint32(count * 4 + 4, true) !== sum.value
    ) {
      throw new CacheInvalid("rows checksum");
    }
    this.#sums = new Uint32Array(bytes.buffer, bytes.byteOffset, count);
    return this.#sums;
  }

  #readChecked(offset: number, length: number): Uint8Array {
    let bytes: Uint8Array;
    try {
      bytes = this.#read(offset, length);
    } catch (error) {
      throw error instanceof CacheInvalid ? error : new CacheInvalid("cannot read the rows");
    }
    if (bytes.length !== length) throw new CacheInvalid("cut short");
    return bytes;
  }
}

/** Throws unless every id names a model. */
export function checkIds(ids: Typed, models: number): void {
  // One element type per loop: a loop over the union of array types ran several times slower.
  if (ids instanceof Uint16Array) return checkShortIds(ids, models);
  for (let index = 0; index < ids.length; index++) {
    if (ids[index]! >= models) throw new CacheInvalid("bad model id");
  }
}

function checkShortIds(ids: Uint16Array, models: number): void {
  let max = 0;
  for (let index = 0; index < ids.length; index++) max = Math.max(max, ids[index]!);
  if (max >= models) throw new CacheInvalid("bad model id");
}
