/**
 * The native reader's persistent cache: one file per set of data directories, so a start,
 * `--once` or `blocks` reads only the transcript bytes that are new since the last run.
 */

import { join } from "./path.ts";
import { PRICING_HASH } from "../data/pricing_hash.ts";
import { READER_RULES_VERSION } from "../sources/native/reader_rules.ts";
import type { ReaderSnapshot } from "../sources/native/incremental_reader.ts";
import type { CacheBytes } from "../sources/native/reader_cache_codec.ts";
import type { ReaderCachePort } from "../sources/native/native_source.ts";
import {
  decodeReaderSummary,
  encodeReaderSummary,
  type ReaderSummary,
  SummaryInvalid,
} from "../sources/native/reader_summary.ts";
import { atomicWriteChunks } from "./atomic_write.ts";
import { errorMessage } from "../core/error_message.ts";

/**
 * The codec, loaded when the cache itself is read or written: a run answered from the summary
 * never needs it (nor node:zlib, whose start-up alone cost ~15 ms).
 */
type Codec = typeof import("../sources/native/reader_cache_codec.ts");
let codec: Codec | null = null;
const loadCodec = async () => codec ??= await import("../sources/native/reader_cache_codec.ts");

/** The cache never grows past this share of the transcripts' size (plus a small allowance). */
const MAX_SHARE = 1 / 4;
const ALLOWANCE_BYTES = 1024 * 1024;

/** Path of the reader cache of one data-dir set (`dataSetKey`) in the cache directory. */
export function readerCachePath(cacheDir: string, dataSet: string): string {
  return join(cacheDir, `reader-${dataSet}.bin`);
}

/** Path of the reader summary kept beside the cache at `cachePath`. */
export function readerSummaryPath(cachePath: string): string {
  return `${cachePath.replace(/\.bin$/, "")}.summary`;
}

/**
 * The version key of a cache: what the cached rows depend on (app version, pricing data, the
 * reader's rules) and which data set they are of. The file formats are checked apart (the
 * cache's and the summary's lead each hold theirs).
 */
export function readerCacheKey(appVersion: string, dataSet: string): string {
  return JSON.stringify({
    app: appVersion,
    pricing: PRICING_HASH,
    rules: READER_RULES_VERSION,
    dataSet,
  });
}

/** Options of a {@linkcode ReaderCacheFile}. */
export interface ReaderCacheFileOptions {
  path: string;
  key: string;
  /** Called at most once per run, when a cache is discarded or cannot be written. */
  warn: (message: string) => void;
  /** Ignore what is on disk (and overwrite it on the next save): `--recalculate`. */
  rebuild?: boolean;
  /** Where the reader summary goes (default: beside `path`, see `readerSummaryPath`). */
  summaryPath?: string;
}

/**
 * Loads and saves the reader cache; anything that does not match the key, cannot be read or
 * fails validation is discarded (and rebuilt by the next save) with one warning.
 *
 * @example
 * ```ts
 * const cache = new ReaderCacheFile({ path, key: readerCacheKey("0.1.0", key), warn });
 * const snapshot = await cache.load();
 * ```
 */
export class ReaderCacheFile implements ReaderCachePort {
  readonly #options: ReaderCacheFileOptions;
  #warned = false;
  /** Size of the cache file as last read or written (0 when none). */
  bytes = 0;
  /** The loaded file, open until `release` is called (its rows are read a piece at a time). */
  #source: CacheBytes | null = null;

  /** Creates the cache at `options.path`. */
  constructor(options: ReaderCacheFileOptions) {
    this.#options = options;
  }

  /** Where the summary is kept. */
  get summaryPath(): string {
    return this.#options.summaryPath ?? readerSummaryPath(this.#options.path);
  }

  /** The saved summary, or null when there is none (or it was discarded, with one warning). */
  async loadSummary(): Promise<ReaderSummary | null> {
    if (this.#options.rebuild) return null;
    const path = this.summaryPath;
    let bytes: Uint8Array;
    try {
      bytes = Deno.readFileSync(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        this.#warn(`Cannot read the reader summary "${path}": ${errorMessage(error)}`);
      }
      return null;
    }
    try {
      return await decodeReaderSummary(bytes, this.#options.key);
    } catch (error) {
      const reason = error instanceof SummaryInvalid ? error.message : errorMessage(error);
      this.#warn(
        `Discarded the reader cache summary "${path}" (${reason}): rebuilding it from the cache`,
      );
      try {
        Deno.removeSync(path);
      } catch {
        // Already gone, or not ours to remove: the next save replaces it anyway.
      }
      return null;
    }
  }

  /** Writes the summary atomically (a few hundred KB at most for a large history). */
  async saveSummary(summary: ReaderSummary): Promise<void> {
    try {
      const bytes = await encodeReaderSummary(summary, this.#options.key);
      await atomicWriteChunks(this.summaryPath, [bytes]);
    } catch (error) {
      this.#warn(`Cannot save the reader summary "${this.summaryPath}": ${errorMessage(error)}`);
    }
  }

  /** The saved snapshot, or null when there is none (or it was discarded). */
  async load(): Promise<ReaderSnapshot | null> {
    if (this.#options.rebuild) return null;
    const { decodeReaderCache } = await loadCodec();
    // Decoding is synchronous work of tens of milliseconds: let a frame drawn just before (the
    // dashboard's first) reach the terminal first.
    await new Promise((resolve) => setTimeout(resolve, 1));
    let source: CacheBytes;
    try {
      source = fileBytes(this.#options.path, codec!.CacheInvalid);
      this.#source = source;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        this.#warn(`Cannot read the reader cache "${this.#options.path}": ${errorMessage(error)}`);
      }
      return null;
    }
    try {
      const snapshot = decodeReaderCache(source, this.#options.key);
      this.bytes = source.size;
      return snapshot;
    } catch (error) {
      this.release();
      this.discard(error);
      return null;
    }
  }

  /** Closes the loaded file if it is still open. */
  release(): void {
    this.#source?.close?.();
    this.#source = null;
  }

  /** Warns (once) that the cache is unusable and removes it; the next save rebuilds it. */
  discard(error: unknown): void {
    const reason = codec !== null && error instanceof codec.CacheInvalid
      ? error.message
      : errorMessage(error);
    this.#warn(
      `Discarded the reader cache "${this.#options.path}" (${reason}): rebuilding it from the transcripts`,
    );
    this.bytes = 0;
    try {
      Deno.removeSync(this.#options.path);
    } catch {
      // Already gone, or not ours to remove: the next save replaces it anyway.
    }
  }

  /** Writes the snapshot atomically; a cache too large for its data set is removed instead. */
  async save(snapshot: ReaderSnapshot): Promise<void> {
    let sourceBytes = 0;
    for (const file of snapshot.files) sourceBytes += file.size;
    try {
      const { encodeReaderCache } = await loadCodec();
      // Each chunk is written before the next is made: one reused buffer serves them all.
      const encoded = encodeReaderCache(snapshot, this.#options.key, { reuseChunks: true });
      if (encoded.bytes > sourceBytes * MAX_SHARE + ALLOWANCE_BYTES) {
        // Entries are a few dozen bytes against kilobytes of transcript each; a cache this large
        // would cost more to load than the lines it saves parsing.
        await Deno.remove(this.#options.path).catch(() => {});
        this.bytes = 0;
        return;
      }
      await atomicWriteChunks(this.#options.path, encoded.chunks);
      this.bytes = encoded.bytes;
    } catch (error) {
      this.#warn(`Cannot save the reader cache "${this.#options.path}": ${errorMessage(error)}`);
    }
  }

  #warn(message: string): void {
    if (this.#warned) return;
    this.#warned = true;
    this.#options.warn(message);
  }
}

/**
 * Ranged reads of the cache file: a run where no transcript changed reads the header and the
 * entries only. Reads are synchronous (a few milliseconds each); the rows, if ever needed, are
 * read from the same file, which a concurrent save replaces by rename and so never changes.
 */
function fileBytes(path: string, CacheInvalid: Codec["CacheInvalid"]): CacheBytes {
  const file = Deno.openSync(path, { read: true });
  const size = file.statSync().size;
  let open = true;
  return {
    size,
    close(): void {
      if (open) file.close();
      open = false;
    },
    read(offset: number, length: number): Uint8Array {
      const bytes = new Uint8Array(length);
      file.seekSync(offset, Deno.SeekMode.Start);
      let filled = 0;
      while (filled < length) {
        const read = file.readSync(bytes.subarray(filled));
        if (read === null) throw new CacheInvalid("cut short");
        filled += read;
      }
      return bytes;
    },
  };
}
