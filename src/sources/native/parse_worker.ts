/**
 * Worker side of parallel parsing: turns whole-file bytes into entry columns with the bundled
 * prices. No file access: the reader reads through its FileSystem and sends the bytes here.
 */

import { EntryColumns, ModelNames } from "./entry_columns.ts";
import { bundledPrices } from "./pricing.ts";
import { scanFile } from "./scan_lines.ts";
import type { ParseRequest, ParseResponse, ParseStart } from "./parse_workers.ts";

interface WorkerScope {
  onmessage: ((event: MessageEvent<ParseRequest | ParseStart>) => void) | null;
  postMessage(message: ParseResponse, transfer: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const models = new ModelNames();
let progress: Int32Array | null = null;

scope.onmessage = (event) => {
  if ("progress" in event.data) {
    progress = event.data.progress;
    return;
  }
  const { id, bytes } = event.data;
  const columns = new EntryColumns(models);
  const scanned = scanFile(bytes, columns, bundledPrices);
  const size = bytes.length;
  if (progress !== null) Atomics.add(progress, 0, size);
  // Frees the file's bytes now: left to the collector, a worker kept tens of MB of parsed files
  // (its own heap is small, so it seldom collects).
  if (bytes.buffer instanceof ArrayBuffer) bytes.buffer.transfer(0);
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
