/**
 * Worker side of parallel parsing: turns whole-file bytes into entry columns with the bundled
 * prices. The bytes come from the reader (read through its FileSystem), or, when that is the
 * disk, the worker reads the file itself (a failure is answered, and the reader reads it).
 */

import { type ColumnParts, EntryColumns, ModelNames } from "./entry_columns.ts";
import { bundledPrices } from "./pricing.ts";
import { scanFile } from "./scan_lines.ts";
import { readRangeSync } from "./deno_file_system.ts";
import type {
  BatchFile,
  BatchResponse,
  FileRange,
  ParseFailure,
  ParseRequest,
  ParseResponse,
  ParseStart,
} from "./parse_workers.ts";

interface WorkerScope {
  onmessage: ((event: MessageEvent<ParseRequest | ParseStart>) => void) | null;
  postMessage(
    message: ParseResponse | BatchResponse | ParseFailure,
    transfer: Transferable[],
  ): void;
}

const scope = globalThis as unknown as WorkerScope;
const models = new ModelNames();
let progress: Int32Array | null = null;
/**
 * The buffer files read here go into, reused from file to file: a new buffer per file costs
 * zeroing and page faults, and freed ones stay in the process's memory.
 */
let readBuffer = new Uint8Array(0);

scope.onmessage = (event) => {
  if ("progress" in event.data) {
    progress = event.data.progress;
    return;
  }
  const request = event.data;
  const { id } = request;
  if ("files" in request) {
    parseBatch(id, request.files);
    return;
  }
  let bytes: Uint8Array;
  if ("bytes" in request) {
    bytes = request.bytes;
  } else {
    try {
      bytes = readFile(request);
    } catch (error) {
      if (progress !== null) Atomics.add(progress, 0, request.length);
      scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) }, []);
      return;
    }
  }
  const columns = new EntryColumns(models);
  const scanned = scanFile(bytes, columns, bundledPrices);
  const size = bytes.length;
  // Counts what was sent (a short read still settles the whole request).
  if (progress !== null) Atomics.add(progress, 0, "bytes" in request ? size : request.length);
  // Frees the file's bytes now: left to the collector, a worker kept tens of MB of parsed files
  // (its own heap is small, so it seldom collects).
  if ("bytes" in request && bytes.buffer instanceof ArrayBuffer) bytes.buffer.transfer(0);
  const parts = columns.toParts();
  scope.postMessage({ id, parts, names: models.list(), scanned, size }, transferOf(parts));
};

/** Reads a file's range into the reused buffer. */
function readFile(range: FileRange): Uint8Array {
  if (readBuffer.length < range.length) {
    readBuffer = new Uint8Array(Math.max(range.length, readBuffer.length * 2, 1 << 20));
  }
  return readRangeSync(range.path, range.offset, range.length, readBuffer);
}

/**
 * Reads and parses small files into one set of columns, answered in one message: each file's
 * rows follow the previous file's; a file that cannot be read is answered as an error alone.
 */
function parseBatch(id: number, ranges: FileRange[]): void {
  const columns = new EntryColumns(models);
  const files: BatchFile[] = [];
  let length = 0;
  for (const range of ranges) {
    length += range.length;
    let bytes: Uint8Array;
    try {
      bytes = readFile(range);
    } catch (error) {
      files.push({ error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const before = columns.length;
    const scanned = scanFile(bytes, columns, bundledPrices);
    files.push({ rows: columns.length - before, scanned, size: bytes.length });
  }
  if (progress !== null) Atomics.add(progress, 0, length);
  const parts = columns.toParts();
  scope.postMessage({ id, parts, names: models.list(), files }, transferOf(parts));
}

/** The buffers under `parts`' columns (one, as they are views of one buffer). */
function transferOf(parts: ColumnParts): ArrayBuffer[] {
  const buffers = new Set(
    [
      parts.time,
      parts.input,
      parts.output,
      parts.cacheCreation,
      parts.cacheRead,
      parts.cost,
      parts.ids,
      parts.flags,
      parts.model,
      parts.unpriced,
    ].map((array) => array.buffer as ArrayBuffer)
      // A file without rows has the shared empty arrays: transferring one would detach it for
      // every later file of this worker ("Cannot perform Construct on a detached ArrayBuffer").
      .filter((buffer) => buffer.byteLength > 0),
  );
  return [...buffers];
}
