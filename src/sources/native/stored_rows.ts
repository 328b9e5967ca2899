/**
 * The rows section of a loaded reader cache: read and checked once, when a change first needs
 * rows, then decoded one file at a time. An append needs the rows of the files it touched and
 * the message ids of all rows (found in the stored id column as it is), not every file decoded;
 * a later save copies unchanged files' stored bytes as they are.
 */

import { crc32 } from "node:zlib";
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

/** Thrown when a cache file cannot be used; the message says why. */
export class CacheInvalid extends Error {}

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
  /** Bytes of the rows section (without its 8-byte trailer). */
  bytes: number;
}

/**
 * The stored rows of all files end to end, one column after another. `read` gives the rows
 * section and its trailer; it is called once, on first use, and its checksum checked then.
 */
export class StoredRows {
  /** Stored columns, in stored order. */
  readonly columns: readonly ColumnHeader[];
  /** Model names the stored model ids index. */
  readonly models: readonly string[];
  readonly #layout: StoredRowsLayout;
  readonly #read: () => Uint8Array;
  /** First row of each file, and the total at the end. */
  readonly #starts: Uint32Array;
  /** Byte offset of each column in the section. */
  readonly #offsets: number[] = [];
  #bytes: Uint8Array | null = null;

  /** Rows laid out as `layout` says, read by `read` when first needed. */
  constructor(layout: StoredRowsLayout, read: () => Uint8Array) {
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

  /** Reads the rows and checks their checksum and model ids; throws `CacheInvalid` if bad. */
  check(): void {
    this.#section();
  }

  /** The stored column `name` of all rows, as it is stored (only for unnarrowed columns). */
  whole(name: string): Typed {
    const index = this.columns.findIndex((column) => column.name === name);
    const column = this.columns[index]!;
    if (column.storage !== column.type) throw new Error(`Column "${name}" is narrowed`);
    const bytes = this.#section();
    return view(
      column.type,
      bytes.buffer,
      bytes.byteOffset + this.#offsets[index]!,
      this.rows * column.width,
    );
  }

  /** The stored bytes of column `column` (an index) for files `from` to `to` (exclusive). */
  columnBytes(column: number, from: number, to: number): Uint8Array {
    const bytes = this.#section();
    const size = this.columns[column]!.width * elementBytes(this.columns[column]!.storage);
    const start = this.#offsets[column]! + this.#starts[from]! * size;
    return bytes.subarray(start, start + (this.#starts[to]! - this.#starts[from]!) * size);
  }

  /** File `index`'s rows as column parts (narrowed columns widened; others are views). */
  parts(index: number): ColumnParts {
    const bytes = this.#section();
    const rows = this.length(index);
    const first = this.#starts[index]!;
    const parts: Record<string, unknown> = { length: rows };
    const extra = this.#layout.extras[index]!;
    // Fields left out when empty come back as empty lists.
    for (const name of this.#layout.extraNames) parts[name] = extra[name] ?? [];
    for (const [name, value] of Object.entries(extra)) parts[name] = value;
    for (const [position, column] of this.columns.entries()) {
      const count = rows * column.width;
      const at = bytes.byteOffset + this.#offsets[position]! +
        first * column.width * elementBytes(column.storage);
      parts[column.name] = column.storage === "Float64AsUint32"
        ? Float64Array.from(new Uint32Array(bytes.buffer, at, count))
        : view(column.type, bytes.buffer, at, count);
    }
    return parts as unknown as ColumnParts;
  }

  #section(): Uint8Array {
    if (this.#bytes !== null) return this.#bytes;
    const size = this.#layout.bytes;
    const bytes = this.#read();
    if (bytes.length !== size + 8) throw new CacheInvalid("cut short");
    const checksum = new Checksum();
    checksum.add(bytes.subarray(0, size));
    const trailer = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (checksum.value !== trailer.getUint32(size, true)) throw new CacheInvalid("rows checksum");
    for (const [position, column] of this.columns.entries()) {
      if (column.name !== "model" && column.name !== "unpriced") continue;
      const ids = view(
        column.type,
        bytes.buffer,
        bytes.byteOffset + this.#offsets[position]!,
        this.rows * column.width,
      );
      checkIds(ids, this.models.length);
    }
    this.#bytes = bytes;
    return bytes;
  }
}

/** Throws unless every id names a model. */
export function checkIds(ids: Typed, models: number): void {
  for (let index = 0; index < ids.length; index++) {
    if (ids[index]! >= models) throw new CacheInvalid("bad model id");
  }
}
