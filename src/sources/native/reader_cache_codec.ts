/**
 * The reader cache's file format: a JSON header (version key, model names, per-file state) and
 * the entry columns of all files, one column after another, as raw little-endian typed arrays.
 * Columns are found by name in `EntryColumns.toParts()`, so a new column needs no change here.
 */

import { type ColumnParts, EntryColumns, ModelNames } from "./entry_columns.ts";
import type { FileSnapshot, ReaderSnapshot } from "./incremental_reader.ts";

const MAGIC = "CMREADER";
/** Layout of the file itself; the reader's rules are versioned by the caller's key. */
export const CACHE_FORMAT_VERSION = 1;

type Typed = Float64Array | Uint32Array | Uint16Array | Uint8Array;
type TypeName = "Float64Array" | "Uint32Array" | "Uint16Array" | "Uint8Array";
/** How a column is stored: as it is, or a whole-number Float64 column narrowed to 32 bits. */
type Storage = TypeName | "Float64AsUint32";

interface ColumnHeader {
  name: string;
  type: TypeName;
  storage: Storage;
  /** Elements per row. */
  width: number;
}

interface FileHeader {
  path: string;
  size: number;
  mtimeMs: number | null;
  ino: number | null;
  offset: number;
  tail: number[];
  skipped: number;
  partialRows: number;
  partialSkipped: number;
  length: number;
  /** Non-array parts (such as `resets`), kept as JSON. */
  extra: Record<string, unknown>;
}

interface Header {
  key: string;
  models: string[];
  columns: ColumnHeader[];
  files: FileHeader[];
  bodyBytes: number;
}

/** Thrown when a cache file cannot be used; the message says why. */
export class CacheInvalid extends Error {}

/** The typed-array columns of `ColumnParts` and their element types, from an empty instance. */
function columnTemplate(): Map<string, TypeName> {
  const parts = new EntryColumns(new ModelNames(), 0).toParts() as unknown as Record<
    string,
    unknown
  >;
  const columns = new Map<string, TypeName>();
  for (const [name, value] of Object.entries(parts)) {
    if (ArrayBuffer.isView(value)) columns.set(name, value.constructor.name as TypeName);
  }
  return columns;
}

function view(type: TypeName, buffer: ArrayBufferLike, byteOffset: number, length: number): Typed {
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

const pad8 = (bytes: number) => (bytes + 7) & ~7;

/** A running 32-bit checksum over whole words (every section is padded to 8 bytes). */
class Checksum {
  value = 0x9e3779b9;
  #position = 0;
  add(bytes: Uint8Array): void {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
    let hash = this.value;
    // The position is mixed in so that swapped words change the sum too.
    const base = this.#position;
    for (let index = 0; index < words.length; index++) {
      hash = (Math.imul(hash ^ words[index]!, 0x01000193) + base + index) | 0;
    }
    this.#position += words.length;
    this.value = hash >>> 0;
  }
}

/** An encoded cache: its size, and its bytes as chunks made one at a time while written. */
export interface EncodedCache {
  bytes: number;
  chunks: Iterable<Uint8Array>;
}

/**
 * Encodes a snapshot as chunks to write in order (one column in memory at a time, not the whole
 * file). `key` names everything the rows depend on; a cache is only used under the same key.
 *
 * @example
 * ```ts
 * const { chunks } = encodeReaderCache(reader.snapshot(), key);
 * for (const chunk of chunks) file.writeSync(chunk);
 * ```
 */
export function encodeReaderCache(snapshot: ReaderSnapshot, key: string): EncodedCache {
  const template = columnTemplate();
  const columns: ColumnHeader[] = [];
  const files = snapshot.files;
  for (const [name, type] of template) {
    let width = 0;
    let whole = type === "Float64Array";
    for (const file of files) {
      const array = (file.parts as unknown as Record<string, Typed>)[name]!;
      if (file.parts.length > 0) {
        const fileWidth = array.length / file.parts.length;
        if (width === 0) width = fileWidth;
        if (fileWidth !== width || !Number.isInteger(width)) {
          throw new CacheInvalid(`Column "${name}" has rows of different widths`);
        }
      }
      if (whole) {
        for (let index = 0; index < array.length; index++) {
          const value = array[index]!;
          if (value !== (value >>> 0)) {
            whole = false;
            break;
          }
        }
      }
    }
    columns.push({ name, type, storage: whole ? "Float64AsUint32" : type, width: width || 1 });
  }
  const bodies = columns.map((column) => ({
    column,
    bytes: files.reduce((sum, file) => sum + file.parts.length * column.width, 0) *
      elementBytes(column.storage),
  }));
  const bodyBytes = bodies.reduce((sum, body) => sum + pad8(body.bytes), 0);
  const header: Header = {
    key,
    models: snapshot.models,
    columns,
    files: files.map((file) => fileHeader(file, template)),
    bodyBytes,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const lead = new Uint8Array(pad8(16 + headerBytes.length));
  lead.set(new TextEncoder().encode(MAGIC), 0);
  const leadView = new DataView(lead.buffer);
  leadView.setUint32(8, CACHE_FORMAT_VERSION, true);
  leadView.setUint32(12, headerBytes.length, true);
  lead.set(headerBytes, 16);
  return { bytes: lead.length + bodyBytes + 8, chunks: bodyChunks(lead, bodies, files) };
}

function* bodyChunks(
  lead: Uint8Array,
  bodies: { column: ColumnHeader; bytes: number }[],
  files: readonly FileSnapshot[],
): Generator<Uint8Array> {
  const checksum = new Checksum();
  checksum.add(lead);
  yield lead;
  for (const { column, bytes } of bodies) {
    const out = new Uint8Array(pad8(bytes));
    const target = column.storage === "Float64AsUint32"
      ? new Uint32Array(out.buffer, 0, bytes / 4)
      : view(column.type, out.buffer, 0, bytes / elementBytes(column.type));
    let at = 0;
    for (const file of files) {
      const array = (file.parts as unknown as Record<string, Typed>)[column.name]!;
      const count = file.parts.length * column.width;
      target.set(array.subarray(0, count), at);
      at += count;
    }
    checksum.add(out);
    yield out;
  }
  const trailer = new Uint8Array(8);
  new DataView(trailer.buffer).setUint32(0, checksum.value, true);
  yield trailer;
}

function fileHeader(file: FileSnapshot, template: Map<string, TypeName>): FileHeader {
  const extra: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(file.parts)) {
    if (name !== "length" && !template.has(name)) extra[name] = value;
  }
  return {
    path: file.path,
    size: file.size,
    mtimeMs: file.mtimeMs,
    ino: file.ino,
    offset: file.offset,
    tail: [...file.tail],
    skipped: file.skipped,
    partialRows: file.partialRows,
    partialSkipped: file.partialSkipped,
    length: file.parts.length,
    extra,
  };
}

function elementBytes(storage: Storage): number {
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

/**
 * Decodes a cache file made under `key`. Throws `CacheInvalid` saying why when the file is from
 * another version, is cut short, fails its checksum or does not describe consistent files.
 */
export function decodeReaderCache(bytes: Uint8Array, key: string): ReaderSnapshot {
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  if (bytes.length < 24 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new CacheInvalid("not a reader cache");
  }
  const lead = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (lead.getUint32(8, true) !== CACHE_FORMAT_VERSION) throw new CacheInvalid("another format");
  const headerLength = lead.getUint32(12, true);
  if (16 + headerLength > bytes.length) throw new CacheInvalid("cut short");
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headerLength)));
  } catch {
    throw new CacheInvalid("unreadable header");
  }
  if (header.key !== key) throw new CacheInvalid("made by another version");
  const bodyStart = pad8(16 + headerLength);
  if (bodyStart + header.bodyBytes + 8 !== bytes.length) throw new CacheInvalid("cut short");
  const checksum = new Checksum();
  checksum.add(bytes.subarray(0, bodyStart + header.bodyBytes));
  if (checksum.value !== lead.getUint32(bodyStart + header.bodyBytes, true)) {
    throw new CacheInvalid("checksum mismatch");
  }
  return snapshotFrom(header, bytes, bodyStart);
}

function snapshotFrom(header: Header, bytes: Uint8Array, bodyStart: number): ReaderSnapshot {
  const template = columnTemplate();
  const names = header.columns.map((column) => column.name);
  if (
    names.length !== template.size ||
    header.columns.some((column) => template.get(column.name) !== column.type)
  ) {
    throw new CacheInvalid("other columns");
  }
  const models = header.models;
  if (!Array.isArray(models) || models.some((name) => typeof name !== "string")) {
    throw new CacheInvalid("bad model names");
  }
  const rows = header.files.reduce((sum, file) => sum + checkFile(file), 0);
  const arrays = new Map<string, Typed>();
  let at = bodyStart;
  for (const column of header.columns) {
    const count = rows * column.width;
    const size = count * elementBytes(column.storage);
    if (at + size > bodyStart + header.bodyBytes) throw new CacheInvalid("cut short");
    if (column.storage === "Float64AsUint32") {
      arrays.set(column.name, Float64Array.from(new Uint32Array(bytes.buffer, at, count)));
    } else if (column.storage === column.type) {
      arrays.set(column.name, view(column.type, bytes.buffer, at, count));
    } else {
      throw new CacheInvalid("bad column storage");
    }
    at += pad8(size);
  }
  const modelIds = [arrays.get("model"), arrays.get("unpriced")];
  for (const ids of modelIds) {
    if (ids !== undefined && ids.some((id) => id >= models.length)) {
      throw new CacheInvalid("bad model id");
    }
  }
  const files: FileSnapshot[] = [];
  let row = 0;
  for (const file of header.files) {
    const parts: Record<string, unknown> = { ...file.extra, length: file.length };
    for (const column of header.columns) {
      const array = arrays.get(column.name)!;
      parts[column.name] = array.subarray(row * column.width, (row + file.length) * column.width);
    }
    row += file.length;
    files.push({
      path: file.path,
      size: file.size,
      mtimeMs: file.mtimeMs,
      ino: file.ino,
      offset: file.offset,
      tail: Uint8Array.from(file.tail),
      parts: parts as unknown as ColumnParts,
      skipped: file.skipped,
      partialRows: file.partialRows,
      partialSkipped: file.partialSkipped,
    });
  }
  return { models, files };
}

/** Checks one file's numbers fit together; returns its row count. */
function checkFile(file: FileHeader): number {
  const count = (value: unknown) => typeof value === "number" && Number.isInteger(value) && value >= 0;
  const ok = typeof file.path === "string" && count(file.size) && count(file.offset) &&
    count(file.length) && count(file.skipped) && count(file.partialRows) &&
    count(file.partialSkipped) && file.offset <= file.size && file.partialRows <= file.length &&
    Array.isArray(file.tail) && file.tail.length <= file.offset &&
    (file.mtimeMs === null || typeof file.mtimeMs === "number") &&
    (file.ino === null || typeof file.ino === "number") &&
    typeof file.extra === "object" && file.extra !== null;
  if (!ok) throw new CacheInvalid(`bad file record "${String(file.path)}"`);
  return file.length;
}
