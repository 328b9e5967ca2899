/** An in-memory FileSystem that counts calls, for incremental-reading tests. */

import type { DirEntryInfo, FileStat, FileSystem } from "../../src/ports.ts";

/** Calls made through a MemoryFileSystem since the last `resetCounts`. */
export interface CallCounts {
  readDir: number;
  stat: number;
  readRange: number;
  bytesRead: number;
}

/** Files and symlinks held in memory; directories are implied by the paths. */
export class MemoryFileSystem implements FileSystem {
  readonly #files = new Map<string, { data: Uint8Array; mtimeMs: number }>();
  readonly #symlinks = new Set<string>();
  #clock = 1_000;
  /** Call counters. */
  counts: CallCounts = { readDir: 0, stat: 0, readRange: 0, bytesRead: 0 };
  /** When above 0, that many coming `readRange` calls fail with an I/O error (to test recovery). */
  failReads = 0;
  /** Paths whose reads are refused, like a file with mode 000 owned by someone else. */
  readonly unreadable = new Set<string>();

  /** Creates or replaces a file (its mtime moves forward). */
  write(path: string, text: string | Uint8Array): void {
    const data = typeof text === "string" ? new TextEncoder().encode(text) : text;
    this.#files.set(path, { data, mtimeMs: this.#clock++ });
  }

  /** Appends to a file (creating it). */
  append(path: string, text: string): void {
    const old = this.#files.get(path)?.data ?? new Uint8Array(0);
    const add = new TextEncoder().encode(text);
    const data = new Uint8Array(old.length + add.length);
    data.set(old);
    data.set(add, old.length);
    this.#files.set(path, { data, mtimeMs: this.#clock++ });
  }

  /** Sets a file's mtime explicitly (e.g. back in time). */
  setMtime(path: string, mtimeMs: number): void {
    const file = this.#files.get(path);
    if (file !== undefined) file.mtimeMs = mtimeMs;
  }

  /** Removes a file. */
  remove(path: string): void {
    this.#files.delete(path);
  }

  /** Adds a symlink entry at `path` (never followed by readers). */
  symlink(path: string): void {
    this.#symlinks.add(path);
  }

  /** Zeroes the call counters. */
  resetCounts(): void {
    this.counts = { readDir: 0, stat: 0, readRange: 0, bytesRead: 0 };
  }

  readDir(path: string): Promise<DirEntryInfo[]> {
    this.counts.readDir++;
    const prefix = path.endsWith("/") ? path : `${path}/`;
    const entries = new Map<string, DirEntryInfo>();
    let found = false;
    for (const file of [...this.#files.keys(), ...this.#symlinks]) {
      if (!file.startsWith(prefix)) continue;
      found = true;
      const rest = file.slice(prefix.length);
      const slash = rest.indexOf("/");
      const name = slash === -1 ? rest : rest.slice(0, slash);
      const isSymlink = slash === -1 && this.#symlinks.has(file);
      entries.set(name, {
        name,
        isFile: slash === -1 && !isSymlink,
        isDirectory: slash !== -1,
        isSymlink,
      });
    }
    if (!found) return Promise.reject(new Deno.errors.NotFound(`No directory "${path}"`));
    return Promise.resolve([...entries.values()]);
  }

  stat(path: string): Promise<FileStat> {
    this.counts.stat++;
    const file = this.#files.get(path);
    if (file === undefined) return Promise.reject(new Deno.errors.NotFound(`No file "${path}"`));
    return Promise.resolve({ size: file.data.length, mtimeMs: file.mtimeMs });
  }

  readRange(path: string, offset: number, length: number): Promise<Uint8Array> {
    this.counts.readRange++;
    if (this.failReads > 0) {
      this.failReads--;
      return Promise.reject(new Error(`Input/output error reading "${path}"`));
    }
    if (this.unreadable.has(path)) {
      return Promise.reject(new Deno.errors.PermissionDenied(`Permission denied: "${path}"`));
    }
    const file = this.#files.get(path);
    if (file === undefined) return Promise.reject(new Deno.errors.NotFound(`No file "${path}"`));
    const bytes = file.data.slice(offset, offset + length);
    this.counts.bytesRead += bytes.length;
    return Promise.resolve(bytes);
  }
}
