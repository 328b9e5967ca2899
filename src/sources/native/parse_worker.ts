/**
 * Worker side of parallel parsing: turns whole-file bytes into entry columns with the bundled
 * prices. The bytes come from the reader (read through its FileSystem), or, when that is the
 * disk, the worker reads the file itself (a failure is answered, and the reader reads it).
 */

import { EntryColumns, ModelNames } from "./entry_columns.ts";
import { bundledPrices } from "./pricing.ts";
import { scanFile } from "./scan_lines.ts";
import { readRangeSync } from "./deno_file_system.ts";
import type { ParseFailure, ParseRequest, ParseResponse, ParseStart } from "./parse_workers.ts";

interface WorkerScope {
  onmessage: ((event: MessageEvent<ParseRequest | ParseStart>) => void) | null;
  postMessage(message: ParseResponse | ParseFailure, transfer: Transferable[]): void;
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
  let bytes: Uint8Array;
  if ("bytes" in request) {
    bytes = request.bytes;
  } else {
    try {
      if (readBuffer.length < request.length) {
        readBuffer = new Uint8Array(Math.max(request.length, readBuffer.length * 2, 1 << 20));
      }
      bytes = readRangeSync(request.path, request.offset, request.length, readBuffer);
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
  // The columns are views of one buffer: transfer it once.
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
  scope.postMessage({ id, parts, names: models.list(), scanned, size }, [
    ...buffers,
  ]);
};
