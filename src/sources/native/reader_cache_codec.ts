/**
 * The reader cache's file format: a JSON header (version key, model names, per-file state), the
 * de-duplicated entries, then the entry rows of all files, one column after another, as raw
 * little-endian typed arrays. Columns are found by name in `EntryColumns.toParts()` and
 * `emptySortedEntries()`, so a new column needs no change here. The rows are only decoded (and
 * their checksum only checked) when a file changed: a run where nothing changed reads the entries.
 */

import { type ColumnParts, EntryColumns, ModelNames } from "./entry_columns.ts";
import {
  BLOCK_ROWS,
  BlockSums,
  CacheInvalid,
  checkIds,
  Checksum,
  type ColumnHeader,
  elementBytes,
  pad8,
  StoredRows,
  type Typed,
  type TypeName,
  view,
} from "./stored_rows.ts";
import {
  emptySortedEntries,
  type FileSnapshot,
  type ReaderSnapshot,
  type SortedParts,
} from "./incremental_reader.ts";

export { CacheInvalid } from "./stored_rows.ts";

const MAGIC = "CMREADER";
const LEAD_BYTES = 24;
/** Layout of the file itself; the reader's rules are versioned by the caller's key. */
export const CACHE_FORMAT_VERSION = 6;

interface FileHeader {
  path: string;
  size: number;
  mtimeMs: number | null;
  ino: number | null;
  offset: number;
  /** Base64. */
  tail: string;
  skipped: number;
  partialRows: number;
  partialSkipped: number;
  length: number;
  /** Non-array parts (such as `resets`), kept as JSON. */
  extra: Record<string, unknown>;
}

interface SortedHeader {
  length: number;
  columns: ColumnHeader[];
  /** Zeroed elements after each column (see `sortedRoom`). */
  room: number;
  resets: [number, number][];
  bytes: number;
  checksum: number;
}

/** File records as one list per field: no key names repeated per file, faster to parse. */
type PackedFiles = { [K in keyof FileHeader]: FileHeader[K][] };

const FILE_FIELDS: readonly (keyof FileHeader)[] = [
  "path",
  "size",
  "mtimeMs",
  "ino",
  "offset",
  "tail",
  "skipped",
  "partialRows",
  "partialSkipped",
  "length",
  "extra",
];

function unpackFiles(packed: PackedFiles): FileHeader[] {
  if (typeof packed !== "object" || packed === null) throw new CacheInvalid("bad file records");
  const count = Array.isArray(packed.path) ? packed.path.length : -1;
  for (const field of FILE_FIELDS) {
    if (!Array.isArray(packed[field]) || packed[field].length !== count) {
      throw new CacheInvalid("bad file records");
    }
  }
  const files: FileHeader[] = [];
  for (let index = 0; index < count; index++) {
    files.push({
      path: packed.path[index]!,
      size: packed.size[index]!,
      mtimeMs: packed.mtimeMs[index]!,
      ino: packed.ino[index]!,
      offset: packed.offset[index]!,
      tail: packed.tail[index]!,
      skipped: packed.skipped[index]!,
      partialRows: packed.partialRows[index]!,
      partialSkipped: packed.partialSkipped[index]!,
      length: packed.length[index]!,
      extra: packed.extra[index]!,
    });
  }
  return files;
}

interface Header {
  key: string;
  models: string[];
  columns: ColumnHeader[];
  files: FileHeader[];
  sorted: SortedHeader | null;
  rowsBytes: number;
}

/** Typed-array fields of `value` and their element types. */
function typedFields(value: object, skip: readonly string[] = []): Map<string, TypeName> {
  const fields = new Map<string, TypeName>();
  for (const [name, field] of Object.entries(value)) {
    if (ArrayBuffer.isView(field) && !skip.includes(name)) {
      fields.set(name, field.constructor.name as TypeName);
    }
  }
  return fields;
}

const rowTemplate = () => typedFields(new EntryColumns(new ModelNames(), 0).toParts());
const sortedTemplate = () => {
  const fields = typedFields(emptySortedEntries(new ModelNames()), ["slots"]);
  fields.set("row", "Uint32Array");
  fields.set("created", "Uint32Array");
  return fields;
};

/** Column headers for arrays of the template's fields over `groups` (rows per group given). */
function columnHeaders(
  template: Map<string, TypeName>,
  groups: readonly { length: number; arrays: Record<string, Typed> }[],
  narrow: boolean,
): ColumnHeader[] {
  const columns: ColumnHeader[] = [];
  for (const [name, type] of template) {
    let width = 0;
    let whole = narrow && type === "Float64Array";
    for (const group of groups) {
      const array = group.arrays[name];
      if (array === undefined) throw new CacheInvalid(`Column "${name}" is missing`);
      if (group.length > 0) {
        const groupWidth = array.length / group.length;
        if (width === 0) width = groupWidth;
        if (groupWidth !== width || !Number.isInteger(width)) {
          throw new CacheInvalid(`Column "${name}" has rows of different widths`);
        }
      }
      for (let index = 0; whole && index < group.length * (width || 1); index++) {
        const value = array[index]!;
        if (value !== (value >>> 0)) whole = false;
      }
    }
    columns.push({ name, type, storage: whole ? "Float64AsUint32" : type, width: width || 1 });
  }
  return columns;
}

/** Elements per piece of a column (at most 1 MiB): a column is never in memory whole. */
const PIECE_ELEMENTS = 128 * 1024;

/** Rows of one file (or the sorted entries) by column name. */
interface Group {
  length: number;
  arrays: Record<string, Typed>;
}
type Groups = readonly Group[];

/** Bytes of one column of all groups end to end, in its storage type, padded to 8 bytes. */
function columnSize(column: ColumnHeader, groups: Groups): number {
  const count = groups.reduce((sum, group) => sum + group.length * column.width, 0);
  return pad8(count * elementBytes(column.storage));
}

/**
 * One column of all groups end to end, in its storage type, padded to 8 bytes, as pieces of
 * at most 1 MiB (each a multiple of 8 bytes): writing a cache of a gigabyte of transcripts made
 * whole-column copies that raised the peak memory of a cold run by tens of MB.
 */
function* columnPieces(
  column: ColumnHeader,
  groups: Groups,
  scratch: Uint8Array | null = null,
): Generator<Uint8Array> {
  let remaining = groups.reduce((sum, group) => sum + group.length * column.width, 0);
  if (remaining === 0) return;
  const size = elementBytes(column.storage);
  const only = groups.length === 1 ? groups[0]!.arrays[column.name] : undefined;
  if (
    only !== undefined && column.storage === column.type && only.length === remaining &&
    (remaining * size) % 8 === 0
  ) {
    // One array already in its storage type and padded (the sorted entries): its own bytes.
    yield new Uint8Array(only.buffer, only.byteOffset, only.byteLength);
    return;
  }
  let piece: Uint8Array = new Uint8Array(0);
  let target: Typed = new Uint8Array(0);
  let capacity = 0;
  let filled = 0;
  const start = () => {
    capacity = Math.min(PIECE_ELEMENTS, remaining);
    remaining -= capacity;
    const bytes = pad8(capacity * size);
    // With `scratch`, every piece is a view of it (zeroed: padding must read as 0).
    piece = scratch === null ? new Uint8Array(bytes) : scratch.subarray(0, bytes).fill(0);
    target = column.storage === "Float64AsUint32"
      ? new Uint32Array(piece.buffer, 0, capacity)
      : view(column.type, piece.buffer, 0, capacity);
    filled = 0;
  };
  start();
  for (const group of groups) {
    const length = group.length * column.width;
    if (length === 0) continue;
    const array = group.arrays[column.name]!;
    let from = 0;
    while (from < length) {
      if (filled === capacity) {
        yield piece;
        start();
      }
      const take = Math.min(length - from, capacity - filled);
      // Most files hold a few rows: a loop beats making a subarray per file and column.
      if (take < 64) {
        for (let index = 0; index < take; index++) target[filled + index] = array[from + index]!;
      } else target.set(array.subarray(from, from + take), filled);
      filled += take;
      from += take;
    }
  }
  yield piece;
}

/**
 * A save that copies unchanged files' rows from the loaded cache as stored bytes: per file, the
 * stored file it is (or null: its rows are encoded), the stored columns, stored extras.
 */
interface Spliced {
  rows: StoredRows;
  columns: ColumnHeader[];
  /** Per file, its index in `rows`, or -1. */
  storedIndex: Int32Array;
  extras: (Record<string, unknown> | null)[];
  groups: Group[];
}

const NO_ARRAYS: Record<string, Typed> = {};

/**
 * How to save `snapshot` copying its stored files' rows, or null when they must all be encoded:
 * no stored files, files of two loaded caches, another model numbering, or new rows that do
 * not fit the stored columns (a narrowed column given a fraction).
 */
function splice(snapshot: ReaderSnapshot): Spliced | null {
  let rows: StoredRows | null = null;
  for (const file of snapshot.files) {
    const stored = file.stored;
    if (stored === undefined) continue;
    if (rows !== null && stored.rows !== rows) return null;
    rows = stored.rows;
  }
  if (rows === null) return null;
  const models = rows.models;
  for (let id = 0; id < models.length; id++) if (snapshot.models[id] !== models[id]) return null;
  const storedIndex = new Int32Array(snapshot.files.length).fill(-1);
  const extras: (Record<string, unknown> | null)[] = [];
  const groups: Group[] = [];
  const fresh: Group[] = [];
  for (const [index, file] of snapshot.files.entries()) {
    const stored = file.stored;
    if (stored !== undefined) {
      storedIndex[index] = stored.index;
      extras.push(rows.extra(stored.index));
      groups.push({ length: rows.length(stored.index), arrays: NO_ARRAYS });
      continue;
    }
    const group = {
      length: file.parts.length,
      arrays: file.parts as unknown as Record<string, Typed>,
    };
    extras.push(null);
    groups.push(group);
    fresh.push(group);
  }
  const columns = [...rows.columns];
  // The stored columns' storage must hold the new rows as they are.
  const check = columnHeaders(rowTemplate(), fresh, true);
  for (const [position, column] of columns.entries()) {
    const other = check[position];
    if (other === undefined || other.name !== column.name) return null;
    if (fresh.some((group) => group.length > 0) && other.width !== column.width) return null;
    if (column.storage === "Float64AsUint32" && other.storage !== "Float64AsUint32") return null;
  }
  return { rows, columns, storedIndex, extras, groups };
}

/** One column of a spliced save: stored files' bytes as they are, other files' rows encoded. */
function* splicedPieces(
  column: ColumnHeader,
  position: number,
  groups: Groups,
  spliced: Spliced,
): Generator<Uint8Array> {
  const size = elementBytes(column.storage);
  let total = 0;
  let index = 0;
  while (index < groups.length) {
    const first = spliced.storedIndex[index]!;
    if (first !== -1) {
      // A run of stored files in stored order: one range of stored bytes.
      let end = index + 1;
      while (end < groups.length && spliced.storedIndex[end] === first + end - index) end++;
      const bytes = spliced.rows.columnBytes(position, first, first + end - index);
      total += bytes.length;
      if (bytes.length > 0) yield bytes;
      index = end;
      continue;
    }
    let end = index + 1;
    while (end < groups.length && spliced.storedIndex[end] === -1) end++;
    let count = 0;
    for (let at = index; at < end; at++) count += groups[at]!.length * column.width;
    if (count > 0) {
      const piece = new Uint8Array(count * size);
      const target = column.storage === "Float64AsUint32"
        ? new Uint32Array(piece.buffer)
        : view(column.type, piece.buffer, 0, count);
      let filled = 0;
      for (let at = index; at < end; at++) {
        const group = groups[at]!;
        const length = group.length * column.width;
        if (length === 0) continue;
        target.set(group.arrays[column.name]!.subarray(0, length), filled);
        filled += length;
      }
      total += piece.length;
      yield piece;
    }
    index = end;
  }
  if (pad8(total) > total) yield new Uint8Array(pad8(total) - total);
}

/**
 * Zeroed elements stored after each column of the entries (a multiple of 8): loaded, the
 * columns have room to grow in their buffer, so an append's newest entries are written after
 * them instead of every column being copied into a new array.
 */
function sortedRoom(length: number): number {
  return Math.max(4096, Math.ceil(length / 32 / 8) * 8);
}

const ZEROS = new Uint8Array(64 * 1024);

/** One column of the entries, then its room. */
function* sortedPieces(column: ColumnHeader, group: Groups, room: number): Generator<Uint8Array> {
  yield* columnPieces(column, group);
  for (let left = room * elementBytes(column.storage); left > 0; left -= ZEROS.length) {
    yield ZEROS.subarray(0, Math.min(left, ZEROS.length));
  }
}

/** Options of `encodeReaderCache`. */
export interface EncodeOptions {
  /**
   * Make every row piece a view of one reused 1 MiB buffer, valid only until the next chunk
   * is taken: for a writer that writes each chunk before asking for the next (30 MB less
   * garbage at the end of a 1 GiB cold read).
   */
  reuseChunks?: boolean;
}

/** An encoded cache: its size, and its bytes as chunks made one at a time while written. */
export interface EncodedCache {
  bytes: number;
  chunks: Iterable<Uint8Array>;
}

/**
 * Encodes a snapshot as chunks to write in order (one row column in memory at a time, not the
 * whole file). `key` names everything the rows depend on; a cache is only used under that key.
 *
 * @example
 * ```ts
 * const { chunks } = encodeReaderCache(reader.snapshot(), key);
 * for (const chunk of chunks) file.writeSync(chunk);
 * ```
 */
export function encodeReaderCache(
  snapshot: ReaderSnapshot,
  key: string,
  options: EncodeOptions = {},
): EncodedCache {
  const extraNames = extraFields();
  const spliced = splice(snapshot);
  const rowGroups: Group[] = spliced?.groups ?? snapshot.files.map((file) => ({
    length: file.parts.length,
    arrays: file.parts as unknown as Record<string, Typed>,
  }));
  // Rows are narrowed (smaller file); entries are not, so a warm start maps them without a copy.
  const columns = spliced?.columns ?? columnHeaders(rowTemplate(), rowGroups, true);
  const rowCount = rowGroups.reduce((rows, group) => rows + group.length, 0);
  const rowsBytes = columns.reduce(
    (sum, column) => sum + pad8(rowCount * column.width * elementBytes(column.storage)),
    0,
  );
  let sortedColumns: ColumnHeader[] = [];
  let sortedGroup: Groups = [];
  let sorted: SortedHeader | null = null;
  if (snapshot.sorted !== null) {
    const group = [{
      length: snapshot.sorted.length,
      arrays: snapshot.sorted as unknown as Record<string, Typed>,
    }];
    sortedColumns = columnHeaders(sortedTemplate(), group, false);
    sortedGroup = group;
    const room = sortedRoom(snapshot.sorted.length);
    // Summed here (the header goes first) and the pieces made again while written.
    const checksum = new Checksum();
    for (const column of sortedColumns) {
      for (const piece of sortedPieces(column, group, room)) checksum.add(piece);
    }
    sorted = {
      length: snapshot.sorted.length,
      columns: sortedColumns,
      room,
      resets: [...snapshot.sorted.resets],
      bytes: sortedColumns.reduce(
        (sum, column) => sum + columnSize(column, group) + room * elementBytes(column.storage),
        0,
      ),
      checksum: checksum.value,
    };
  }
  // The file records go straight into one list per field: no object per file (100,000 files
  // made tens of MB of them at a save).
  const files = emptyPackedFiles();
  for (const [index, file] of snapshot.files.entries()) {
    addFile(files, file, extraNames, rowGroups[index]!.length, spliced?.extras[index] ?? null);
  }
  const headerBytes = new TextEncoder().encode(
    JSON.stringify({ key, models: snapshot.models, columns, files, sorted, rowsBytes }),
  );
  // The header is written as encoded, its padding and lead apart: no copy of a header that
  // reaches tens of MB at 100,000 files.
  const padding = new Uint8Array(
    pad8(LEAD_BYTES + headerBytes.length) - LEAD_BYTES - headerBytes.length,
  );
  const headerSum = new Checksum();
  headerSum.add(headerBytes);
  headerSum.add(padding);
  const lead = new Uint8Array(LEAD_BYTES);
  lead.set(new TextEncoder().encode(MAGIC), 0);
  const leadView = new DataView(lead.buffer);
  leadView.setUint32(8, CACHE_FORMAT_VERSION, true);
  leadView.setUint32(12, headerBytes.length, true);
  leadView.setUint32(16, headerSum.value, true);
  const head = [lead, headerBytes, padding];
  return {
    bytes: LEAD_BYTES + headerBytes.length + padding.length + (sorted?.bytes ?? 0) + rowsBytes +
      StoredRows.trailerBytes(rowCount, columns.length),
    chunks: chunksOf(
      head,
      sortedColumns,
      sortedGroup,
      columns,
      rowGroups,
      options.reuseChunks === true ? new Uint8Array(PIECE_ELEMENTS * 8) : null,
      spliced,
    ),
  };
}

function* chunksOf(
  head: readonly Uint8Array[],
  sortedColumns: ColumnHeader[],
  sortedGroup: Groups,
  columns: ColumnHeader[],
  rowGroups: Groups,
  scratch: Uint8Array | null,
  spliced: Spliced | null,
): Generator<Uint8Array> {
  for (const chunk of head) if (chunk.length > 0) yield chunk;
  const room = sortedRoom(sortedGroup[0]?.length ?? 0);
  for (const column of sortedColumns) yield* sortedPieces(column, sortedGroup, room);
  // Each column is summed in blocks of rows (see StoredRows), the sums written after the rows.
  const rows = rowGroups.reduce((sum, group) => sum + group.length, 0);
  const sums: number[] = [];
  for (const [position, column] of columns.entries()) {
    const rowBytes = column.width * elementBytes(column.storage);
    const summer = new BlockSums(rows * rowBytes, BLOCK_ROWS * rowBytes, sums);
    const pieces = spliced === null
      ? columnPieces(column, rowGroups, scratch)
      : splicedPieces(column, position, rowGroups, spliced);
    for (const piece of pieces) {
      summer.add(piece);
      yield piece;
    }
  }
  const trailer = new Uint8Array(sums.length * 4 + 8);
  const trailerView = new DataView(trailer.buffer);
  for (const [index, sum] of sums.entries()) trailerView.setUint32(index * 4, sum, true);
  trailerView.setUint32(sums.length * 4, sums.length, true);
  const checksum = new Checksum();
  checksum.add(trailer.subarray(0, sums.length * 4 + 4));
  trailerView.setUint32(sums.length * 4 + 4, checksum.value, true);
  yield trailer;
}

/** The non-array fields of `ColumnParts` (such as `resets`), kept per file as JSON. */
const extraFields = () =>
  Object.entries(new EntryColumns(new ModelNames(), 0).toParts())
    .filter(([name, value]) => name !== "length" && !ArrayBuffer.isView(value))
    .map(([name]) => name);

function emptyPackedFiles(): PackedFiles {
  const packed: Record<string, unknown[]> = {};
  for (const field of FILE_FIELDS) packed[field] = [];
  return packed as unknown as PackedFiles;
}

/** Adds one file's record to `files`. */
function addFile(
  files: PackedFiles,
  file: FileSnapshot,
  extraNames: readonly string[],
  length: number,
  storedExtra: Record<string, unknown> | null,
): void {
  let extra: Record<string, unknown> = {};
  if (storedExtra !== null) extra = storedExtra;
  else {
    const parts = file.parts as unknown as Record<string, unknown>;
    for (const name of extraNames) {
      const value = parts[name];
      // Empty lists (no usage-limit resets, the usual case) are left out.
      if (!(Array.isArray(value) && value.length === 0)) extra[name] = value;
    }
  }
  files.path.push(file.path);
  files.size.push(file.size);
  files.mtimeMs.push(file.mtimeMs);
  files.ino.push(file.ino);
  files.offset.push(file.offset);
  files.tail.push(file.tailBase64 ?? file.tail.toBase64());
  files.skipped.push(file.skipped);
  files.partialRows.push(file.partialRows);
  files.partialSkipped.push(file.partialSkipped);
  files.length.push(length);
  files.extra.push(extra);
}

/** Random access to a cache file's bytes (each read returns a new, 8-byte aligned array). */
export interface CacheBytes {
  size: number;
  read(offset: number, length: number): Uint8Array;
  /** Called once nothing more will be read. */
  close?(): void;
}

/** A `CacheBytes` over bytes in memory. */
export function bytesSource(bytes: Uint8Array): CacheBytes {
  return { size: bytes.length, read: (offset, length) => bytes.slice(offset, offset + length) };
}

/**
 * One file of a loaded cache. A class, not an object literal with getters: at 100,000 files
 * those were dictionary-mode objects with two closures each (~100 MB).
 */
class LoadedFile implements FileSnapshot {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number | null;
  readonly ino: number | null;
  readonly offset: number;
  readonly rowCount: number;
  readonly skipped: number;
  readonly partialRows: number;
  readonly partialSkipped: number;
  readonly #base64: string;
  readonly #rows: StoredRows;
  readonly #index: number;

  constructor(file: FileHeader, rows: StoredRows, index: number) {
    this.path = file.path;
    this.size = file.size;
    this.mtimeMs = file.mtimeMs;
    this.ino = file.ino;
    this.offset = file.offset;
    this.rowCount = file.length;
    this.skipped = file.skipped;
    this.partialRows = file.partialRows;
    this.partialSkipped = file.partialSkipped;
    this.#base64 = file.tail;
    this.#rows = rows;
    this.#index = index;
  }

  /** Decoded on each use: only a changed file's tail is read (checked at load). */
  get tail(): Uint8Array {
    return Uint8Array.fromBase64(this.#base64);
  }

  /** The tail as stored. */
  get tailBase64(): string {
    return this.#base64;
  }

  /** Read (on first use of any file's rows) and decoded on each use. */
  get parts(): ColumnParts {
    return this.#rows.parts(this.#index);
  }

  /** Where the rows are stored. */
  get stored(): { rows: StoredRows; index: number } {
    return { rows: this.#rows, index: this.#index };
  }
}

/**
 * Decodes a cache file made under `key`, reading only its header and entries. Throws
 * `CacheInvalid` saying why when the file is from another version, is cut short, fails a
 * checksum or does not describe consistent files. The files' `parts` are read and decoded on
 * first use, and throw `CacheInvalid` then if the rows are bad.
 */
export function decodeReaderCache(source: CacheBytes, key: string): ReaderSnapshot {
  if (source.size < LEAD_BYTES) throw new CacheInvalid("not a reader cache");
  const leadBytes = source.read(0, LEAD_BYTES);
  if (new TextDecoder().decode(leadBytes.subarray(0, 8)) !== MAGIC) {
    throw new CacheInvalid("not a reader cache");
  }
  const lead = new DataView(leadBytes.buffer);
  if (lead.getUint32(8, true) !== CACHE_FORMAT_VERSION) throw new CacheInvalid("another format");
  const headerLength = lead.getUint32(12, true);
  const bodyStart = pad8(LEAD_BYTES + headerLength);
  if (bodyStart > source.size) throw new CacheInvalid("cut short");
  const headerBytes = source.read(LEAD_BYTES, bodyStart - LEAD_BYTES);
  const headerSum = new Checksum();
  headerSum.add(headerBytes);
  if (headerSum.value !== lead.getUint32(16, true)) throw new CacheInvalid("header checksum");
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(headerBytes.subarray(0, headerLength)));
  } catch {
    throw new CacheInvalid("unreadable header");
  }
  if (header.key !== key) throw new CacheInvalid("made by another version");
  header.files = unpackFiles(header.files as unknown as PackedFiles);
  const models = header.models;
  if (!Array.isArray(models) || models.some((name) => typeof name !== "string")) {
    throw new CacheInvalid("bad model names");
  }
  const sortedBytes = header.sorted?.bytes ?? 0;
  const rowsStart = bodyStart + sortedBytes;
  const rowCount = header.files.reduce((sum, file) => sum + checkFile(file), 0);
  checkColumns(header.columns, rowTemplate());
  const trailerBytes = StoredRows.trailerBytes(rowCount, header.columns.length);
  if (rowsStart + header.rowsBytes + trailerBytes !== source.size) {
    throw new CacheInvalid("cut short");
  }
  const sorted = header.sorted === null
    ? null
    : sortedFrom(header.sorted, source.read(bodyStart, sortedBytes), models);
  const rowsLayout = {
    columns: header.columns,
    models,
    lengths: header.files.map((file) => file.length),
    // One shared empty object for the usual file without extras (100,000 files held 100,000).
    extras: header.files.map((file) => isEmpty(file.extra) ? NO_EXTRA : file.extra),
    extraNames: extraFields(),
    bytes: header.rowsBytes,
  };
  // Read a piece at a time while the cache file is open (until the cache is released).
  const stored = new StoredRows(
    rowsLayout,
    (offset, length) => source.read(rowsStart + offset, length),
  );
  const files = header.files.map((file, index) => new LoadedFile(file, stored, index));
  return { models, files, sorted, rows: stored };
}

const NO_EXTRA: Record<string, unknown> = Object.freeze({});

function isEmpty(value: Record<string, unknown>): boolean {
  for (const _ in value) return false;
  return true;
}

function checkColumns(columns: ColumnHeader[], template: Map<string, TypeName>): void {
  if (
    !Array.isArray(columns) || columns.length !== template.size ||
    columns.some((column) =>
      template.get(column.name) !== column.type || !Number.isInteger(column.width) ||
      column.width < 1 || (column.storage !== column.type && column.storage !== "Float64AsUint32")
    )
  ) {
    throw new CacheInvalid("other columns");
  }
}

/** Arrays of `columns` stored from `start`, `rows` rows each (and `room` more after each). */
function arraysFrom(
  columns: ColumnHeader[],
  bytes: Uint8Array,
  start: number,
  end: number,
  rows: number,
  room = 0,
): Map<string, Typed> {
  const arrays = new Map<string, Typed>();
  let at = start;
  for (const column of columns) {
    const count = rows * column.width;
    const size = count * elementBytes(column.storage);
    if (at + size > end) throw new CacheInvalid("cut short");
    arrays.set(
      column.name,
      column.storage === "Float64AsUint32"
        ? Float64Array.from(new Uint32Array(bytes.buffer, bytes.byteOffset + at, count))
        : view(column.type, bytes.buffer, bytes.byteOffset + at, count),
    );
    at += pad8(size) + room * elementBytes(column.storage);
  }
  if (room > 0 && at !== end) throw new CacheInvalid("bad entries");
  return arrays;
}

function sortedFrom(
  sorted: SortedHeader,
  bytes: Uint8Array,
  models: readonly string[],
): SortedParts {
  checkColumns(sorted.columns, sortedTemplate());
  if (!Number.isInteger(sorted.length) || sorted.length < 0 || !Array.isArray(sorted.resets)) {
    throw new CacheInvalid("bad entries");
  }
  const checksum = new Checksum();
  checksum.add(bytes);
  if (checksum.value !== sorted.checksum) throw new CacheInvalid("entries checksum");
  const room = sorted.room;
  if (!Number.isInteger(room) || room < 0 || room % 8 !== 0) throw new CacheInvalid("bad entries");
  const arrays = arraysFrom(sorted.columns, bytes, 0, bytes.length, sorted.length, room);
  checkModelIds(arrays, models);
  const parts: Record<string, unknown> = {
    length: sorted.length,
    resets: new Map(sorted.resets),
    room,
  };
  for (const [name, array] of arrays) parts[name] = array;
  return parts as unknown as SortedParts;
}

function checkModelIds(arrays: Map<string, Typed>, models: readonly string[]): void {
  for (const name of ["model", "unpriced"]) {
    const ids = arrays.get(name);
    if (ids !== undefined) checkIds(ids, models.length);
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Checks one file's numbers fit together; returns its row count. */
function checkFile(file: FileHeader): number {
  const count = (value: unknown) =>
    typeof value === "number" && Number.isInteger(value) && value >= 0;
  const ok = typeof file.path === "string" && count(file.size) && count(file.offset) &&
    count(file.length) && count(file.skipped) && count(file.partialRows) &&
    count(file.partialSkipped) && file.offset <= file.size && file.partialRows <= file.length &&
    typeof file.tail === "string" && file.tail.length <= 4 * Math.ceil(file.offset / 3) &&
    // Checked here: the tail is only decoded later, where a throw would not discard the cache.
    file.tail.length % 4 === 0 && BASE64.test(file.tail) &&
    (file.mtimeMs === null || typeof file.mtimeMs === "number") &&
    (file.ino === null || typeof file.ino === "number") &&
    typeof file.extra === "object" && file.extra !== null;
  if (!ok) throw new CacheInvalid(`bad file record "${String(file.path)}"`);
  return file.length;
}
