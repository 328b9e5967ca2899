/** A small pool of parse workers used for large cold reads, so parsing uses more than one core. */

import type { ColumnParts } from "./entry_columns.ts";
import type { ScannedFile } from "./scan_lines.ts";

/** A file sent to a worker: its bytes, or where the worker reads them itself. */
export type ParseRequest =
  | { id: number; bytes: Uint8Array }
  | { id: number; path: string; offset: number; length: number };

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
}

/**
 * Round-robin workers; `parse` rejects when a worker fails (for example when the worker module
 * is missing from a compiled binary), and the caller parses that file itself instead.
 */
export class ParseWorkers {
  readonly #workers: Worker[] = [];
  readonly #pending = new Map<
    number,
    { resolve: (response: ParseResponse) => void; reject: (error: unknown) => void }
  >();
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
      worker.onmessage = (event: MessageEvent<ParseResponse | ParseFailure>) => {
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

  #post(request: ParseRequest, length: number, transfer: Transferable[]): Promise<ParseResponse> {
    const worker = this.#workers[this.#nextWorker++ % this.#workers.length];
    return new Promise((resolve, reject) => {
      if (worker === undefined) {
        reject(new Error("Cannot parse in a worker: none is running"));
        return;
      }
      this.#pending.set(request.id, { resolve, reject });
      this.#sent = (this.#sent + length) | 0;
      worker.postMessage(request, transfer);
    });
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
  }
}
