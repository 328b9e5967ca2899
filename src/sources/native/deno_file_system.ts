/** The FileSystem port over Deno's file APIs (read-only). */

import type { DirEntryInfo, FileStat, FileSystem } from "../../ports.ts";

/**
 * Creates a FileSystem backed by Deno; `readRange` opens, seeks and reads only the bytes asked for.
 * Directory listings and stats use the synchronous calls: each takes microseconds, while the async
 * op overhead made a refresh over 2,600 files 5 times slower (160 ms instead of 30 ms).
 *
 * @example
 * ```ts
 * const fs = createDenoFileSystem();
 * const bytes = await fs.readRange("/tmp/a.jsonl", 0, 1024);
 * ```
 */
export function createDenoFileSystem(): FileSystem {
  return {
    workerReadable: true,
    readDir(path: string): Promise<DirEntryInfo[]> {
      try {
        return Promise.resolve(listDir(path));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    readDirSync: listDir,
    stat(path: string): Promise<FileStat> {
      try {
        return Promise.resolve(statSync(path));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    statSync,
    readRange(
      path: string,
      offset: number,
      length: number,
      into?: Uint8Array,
    ): Promise<Uint8Array> {
      try {
        return Promise.resolve(readRangeSync(path, offset, length, into));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}

/**
 * Reads `length` bytes of `path` from `offset` (fewer at end of file), into `into` when it is
 * large enough. Synchronous on purpose, like the listings: open, seek and read as async ops cost a round trip
 * each, and 100,000 small transcripts took 20 s instead of 2 s. A read is at most one chunk
 * (2 MiB by default), so the event loop is never held for long.
 */
export function readRangeSync(
  path: string,
  offset: number,
  length: number,
  into?: Uint8Array,
): Uint8Array {
  if (length <= 0) return new Uint8Array(0);
  using file = Deno.openSync(path, { read: true });
  if (offset > 0) file.seekSync(offset, Deno.SeekMode.Start);
  const buffer = into !== undefined && into.length >= length
    ? into.subarray(0, length)
    : new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const read = file.readSync(buffer.subarray(filled));
    if (read === null) break;
    filled += read;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

function statSync(path: string): FileStat {
  // lstat: a symlinked transcript is not followed, like the directory walk.
  const info = Deno.lstatSync(path);
  return { size: info.size, mtimeMs: info.mtime?.getTime() ?? null, ino: info.ino };
}

function listDir(path: string): DirEntryInfo[] {
  // Deno's entries already have DirEntryInfo's fields: no copy per entry (3,000 a scan).
  return Array.from(Deno.readDirSync(path));
}
