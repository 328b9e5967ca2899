/** A small pool of parse workers used for large cold reads, so parsing uses more than one core. */

import type { ColumnParts } from "./entry_columns.ts";
import type { ScannedFile } from "./scan_lines.ts";

/** Where a worker reads a file itself: `length` bytes of `path` from `offset`. */
export interface FileRange {
  path: string;
  offset: number;
  length: number;
}

/**
 * A file sent to a worker: its bytes, or where the worker reads it itself; or several small
 * files it reads itself, answered in one message.
 */
export type ParseRequest =
  | { id: number; bytes: Uint8Array }
  | ({ id: number } & FileRange)
  | { id: number; files: FileRange[] };

/** One file of a batch: how many rows it added to the batch's parts, or why it was not read. */
export type BatchFile =
  | { rows: number; scanned: ScannedFile; size: number }
  | { error: string };

/** A worker's answer for a batch: all files' rows in one set of parts, in request order. */
export interface BatchResponse {
  id: number;
  parts: ColumnParts;
  names: string[];
  files: BatchFile[];
}

/** A worker's answer when it could not read a file (this thread then reads it). */
export interface ParseFailure {
  id: number;
  error: string;
}

/** The first message to a worker: where it counts the bytes it has parsed. */
export interface ParseStart {
  /** One shared counter of parsed bytes (modulo 2^32), added to after each file. */
  progress: Int32Array;
}

/** A worker's answer for one file. */
export interface ParseResponse {
  id: number;
  parts: ColumnParts;
  /** The worker's model names by id, to remap `parts.model` and `parts.unpriced`. */
  names: string[];
  scanned: ScannedFile;
  size: number;
  /** When the file came in a batch: its rows of `parts` (which hold the whole batch's). */
  rows?: { from: number; length: number };
}

/**
 * Round-robin workers; `parse` rejects when a worker fails (for example when the worker module
 * is missing from a compiled binary), and the caller parses that file itself instead.
 */
export class ParseWorkers {
  readonly #workers: Worker[] = [];
  readonly #pending = new Map<
    number,
    { resolve: (response: ParseResponse | BatchResponse) => void; reject: (error: unknown) => void }
  >();
  /** Small files waiting to be sent as one batch (`flush`), with their callers' settlers. */
  #batch: { file: FileRange; resolve: (r: ParseResponse) => void; reject: (e: unknown) => void }[] =
    [];
  #batchBytes = 0;
  #nextId = 0;
  #nextWorker = 0;
  // Counted in shared memory, not in answers: this thread reads the count while it is busy,
  // when the workers' answers are not delivered yet.
  readonly #parsed = new Int32Array(new SharedArrayBuffer(4));
  #sent = 0;

  /** Starts `count` workers. */
  constructor(count: number) {
    for (let index = 0; index < count; index++) {
      const worker = new Worker(new URL("./parse_worker.ts", import.meta.url).href, {
        type: "module",
      });
      worker.onmessage = (
        event: MessageEvent<ParseResponse | BatchResponse | ParseFailure>,
      ) => {
        const data = event.data;
        const pending = this.#pending.get(data.id);
        this.#pending.delete(data.id);
        if ("error" in data) pending?.reject(new Error(`Cannot read in a worker: ${data.error}`));
        else pending?.resolve(data);
      };
      worker.onerror = (event) => {
        // Handled here: every file in flight falls back to the main thread.
        event.preventDefault();
        this.#failAll(new Error(`Cannot parse in a worker: ${event.message}`));
      };
      worker.postMessage({ progress: this.#parsed } satisfies ParseStart);
      this.#workers.push(worker);
    }
  }

  /** Bytes sent to the workers that they have not parsed yet. */
  get queuedBytes(): number {
    return (this.#sent - Atomics.load(this.#parsed, 0)) | 0;
  }

  /** Parses `bytes` (a whole file; the buffer is transferred) in the next worker. */
  parse(bytes: Uint8Array): Promise<ParseResponse> {
    const request = { id: this.#nextId++, bytes };
    return this.#post(request, bytes.length, [bytes.buffer as ArrayBuffer]);
  }

  /**
   * Parses `length` bytes of the file `path` from `offset`, read by the worker itself; rejects
   * when it cannot read them (the caller reads and parses that file itself instead).
   */
  parseFile(path: string, offset: number, length: number): Promise<ParseResponse> {
    return this.#post({ id: this.#nextId++, path, offset, length }, length, []);
  }

  /**
   * As `parseFile`, but the file is sent with others in one message once `batchBytes` of them
   * are queued (or at `flush`): a round trip per small file cost more than its parse.
   */
  parseFileBatched(path: string, offset: number, length: number, batchBytes: number) {
    const parsed = new Promise<ParseResponse>((resolve, reject) => {
      this.#batch.push({ file: { path, offset, length }, resolve, reject });
    });
    this.#batchBytes += length;
    // Counted as sent now: `queuedBytes` then covers the files waiting here too.
    this.#sent = (this.#sent + length) | 0;
    if (this.#batchBytes >= batchBytes) this.flush();
    return parsed;
  }

  /** Sends the files waiting for a batch. */
  flush(): void {
    const batch = this.#batch;
    if (batch.length === 0) return;
    this.#batch = [];
    this.#batchBytes = 0;
    const id = this.#nextId++;
    const answered = this.#post({ id, files: batch.map(({ file }) => file) }, 0, []) as Promise<
      unknown
    > as Promise<BatchResponse>;
    answered.then((response) => {
      let from = 0;
      for (const [index, file] of response.files.entries()) {
        const { resolve, reject } = batch[index]!;
        if ("error" in file) {
          reject(new Error(`Cannot read in a worker: ${file.error}`));
          continue;
        }
        // The batch's parts are shared: each file takes its rows from them (no views per file).
        resolve({
          id,
          parts: response.parts,
          rows: { from, length: file.rows },
          names: response.names,
          scanned: file.scanned,
          size: file.size,
        });
        from += file.rows;
      }
    }, (error) => {
      for (const { reject } of batch) reject(error);
    });
  }

  #post(request: ParseRequest, length: number, transfer: Transferable[]): Promise<ParseResponse> {
    const worker = this.#workers[this.#nextWorker++ % this.#workers.length];
    return new Promise<ParseResponse | BatchResponse>((resolve, reject) => {
      if (worker === undefined) {
        reject(new Error("Cannot parse in a worker: none is running"));
        return;
      }
      this.#pending.set(request.id, { resolve, reject });
      this.#sent = (this.#sent + length) | 0;
      worker.postMessage(request, transfer);
    }) as Promise<ParseResponse>;
  }

  /** Stops all workers (pending parses fail). */
  close(): void {
    for (const worker of this.#workers) worker.terminate();
    this.#workers.length = 0;
    this.#failAll(new Error("Cannot parse in a worker: the pool was closed"));
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    for (const { reject } of this.#batch) reject(error);
    this.#batch = [];
    this.#batchBytes = 0;
  }
}
