/** The native usage source: discovers transcripts, reads them incrementally, builds ccusage-equal blocks. */

import type { ActivityPoint, Block, UsageData } from "../../core/types.ts";
import type { FileStat, FileSystem, LoadOptions, UsageSource } from "../../ports.ts";
import { SourceError } from "../source_error.ts";
import { discoverFiles, type Discovery } from "./discover.ts";
import { keepFinite } from "./finite_numbers.ts";
import type { SortedEntries } from "./entry_columns.ts";
import { type BlockDraft, finishBlocks, redraftBlocks } from "../../core/identify_blocks.ts";
// Types only: the reader (and the price table it parses) loads when a run needs it, which a
// run answered from the reader summary never does.
import type { IncrementalReader, ReaderSnapshot } from "./incremental_reader.ts";
import type { PriceTable } from "./pricing.ts";
import type { ChangeFeed, FeedChanges } from "./fs_change_feed.ts";
import { type ReaderSummary, sameSignature, summaryFiles } from "./reader_summary.ts";
import { errorMessage } from "../../core/error_message.ts";

/** A persistent store of the reader's state (the reader cache, see src/store/reader_cache_file.ts). */
export interface ReaderCachePort {
  /** The saved snapshot, or null when there is none usable (the port warns when it discards one). */
  load(): Promise<ReaderSnapshot | null>;
  /** Drops a loaded snapshot whose rows turned out unreadable (with one warning). */
  discard(error: unknown): void;
  /** Saves a snapshot; failures are the port's to report, never the caller's. */
  save(snapshot: ReaderSnapshot): Promise<void>;
  /** Size of the saved cache in bytes (0 when none). */
  readonly bytes: number;
  /** Lets go of the loaded cache file, if still held. */
  release?(): void;
  /**
   * The saved reader summary, or null when there is none usable (the port warns when it
   * discards one). Read before `load`: a run where no file changed needs nothing else.
   */
  loadSummary?(): Promise<ReaderSummary | null>;
  /** Saves a reader summary; failures are the port's to report, never the caller's. */
  saveSummary?(summary: ReaderSummary): Promise<void>;
}

/** What the native source needs. */
export interface NativeSourceDeps {
  fs: FileSystem;
  /** Claude config directories to search (see `claudeDataDirs`). */
  dirs: readonly string[];
  /** The current time in epoch milliseconds (a Clock's `now`). */
  now: () => number;
  /** Prices for entries without `costUSD` (default: the bundled table). */
  prices?: PriceTable;
  /** Bytes per read (default 2 MiB). */
  chunkSize?: number;
  /** Parse workers for large reads (default: one per spare core, at most 3; 0 turns them off). */
  workers?: number;
  /**
   * Starts change notifications for the project directories found (see `watchForChanges`).
   * With a feed, a refresh skips the directory scan while nothing changed, except for a full
   * scan every `fullScanMs` in case a notification was missed.
   */
  watch?: (projectDirs: readonly string[]) => ChangeFeed | null;
  /**
   * Longest time between directory scans when a change feed is running (default 60 s). Such a
   * scan finds files the feed missed but does not stat the files it knows unchanged.
   */
  fullScanMs?: number;
  /** Longest time between stats of every file, in case the feed missed a change (10 min). */
  fullStatMs?: number;
  /**
   * The reader cache: restored before the first read, saved after a load that read enough new
   * bytes. Without it every run reads the whole history.
   */
  cache?: ReaderCachePort;
  /** Shortest time between two cache saves of a running monitor (default 5 min; `close` saves). */
  cacheSaveMs?: number;
  /**
   * A full, memory-reducing garbage collection, run by a running monitor (one with a change
   * feed) at the end of a load that restored or read the whole history or saved the cache.
   */
  collectGarbage?: () => void;
  /**
   * A run that loads once and exits (`--once`, `blocks`): the reader keeps no de-duplication
   * indexes after its merge and collects them (with `collectGarbage`) to lower the peak.
   */
  oneShot?: boolean;
}

/** A UsageSource reading Claude Code's JSONL files directly. */
export interface NativeSource extends UsageSource {
  readonly kind: "native";
  /** The directories this source looks in, for "nothing found" messages. */
  readonly dataDirs: readonly string[];
  /** Stops change notifications, if any; saves the reader cache when far enough behind, and the summary. */
  close(): Promise<void>;
}

/** Everything that only changes when the entries change; blocks are finished per `now`. */
interface Derived {
  sorted: SortedEntries;
  drafts: BlockDraft[];
  unpricedModels: string[];
}

/**
 * Creates the native source; each `load` re-lists the files (readDir/stat only), reads appended
 * bytes and rebuilds blocks for `now()`; `activity` holds the entries from `since` on. Throws
 * `SourceError("no-data")` when no transcript exists.
 *
 * @example
 * ```ts
 * const source = createNativeSource({ fs: createDenoFileSystem(), dirs, now: () => Date.now() });
 * const { blocks } = await source.load(0);
 * ```
 */
export function createNativeSource(deps: NativeSourceDeps): NativeSource {
  const cache = deps.cache ?? null;
  // Bytes read since the state on disk: what the next run would read again.
  let unsaved = 0;
  // "start": nothing loaded yet; "summary": the first load came from the reader summary and the
  // reader is not restored yet; "reader": the reader holds the state.
  let stage: "start" | "summary" | "reader" = "start";
  let lastSave = -Infinity;
  // Whether this load restored or read the whole history or saved the cache: it leaves much
  // garbage, and V8 (without its memory reducer, see scripts/permissions.ts) keeps the freed
  // pages for good; a running monitor collects once at the end of such a load.
  let heavy = false;
  // Stats taken to check the summary, handed to the reader's next refresh: no file is stat-ed
  // twice in one load (each is used once, then forgotten).
  const taken = new Map<string, { stat: FileStat } | { error: unknown }>();
  const fs: FileSystem = {
    readDir: (path) => deps.fs.readDir(path),
    stat: (path) => {
      const known = taken.get(path);
      if (known === undefined) return deps.fs.stat(path);
      taken.delete(path);
      return "stat" in known ? Promise.resolve(known.stat) : Promise.reject(known.error);
    },
    readRange: async (path, offset, length, into) => {
      const bytes = await deps.fs.readRange(path, offset, length, into);
      unsaved += bytes.length;
      return bytes;
    },
    ...(deps.fs.workerReadable === true
      ? { workerReadable: true, readByWorker: (length: number) => void (unsaved += length) }
      : {}),
  };
  let reader: IncrementalReader | null = null;
  const readerNow = async (): Promise<IncrementalReader> => {
    if (reader === null) {
      const { IncrementalReader } = await import("./incremental_reader.ts");
      reader = new IncrementalReader(fs, {
        ...(deps.prices === undefined ? {} : { prices: deps.prices }),
        ...(deps.chunkSize === undefined ? {} : { chunkSize: deps.chunkSize }),
        ...(deps.workers === undefined ? {} : { workers: deps.workers }),
        ...(deps.oneShot === true
          ? { oneShot: { collectGarbage: deps.collectGarbage ?? (() => {}) } }
          : {}),
      });
    }
    return reader;
  };
  const saveCache = async (loaded: IncrementalReader) => {
    // A folder without transcripts (a mistyped --claude-dir) leaves no cache file behind; one
    // that had a cache still gets it emptied.
    if (cache === null || (files.length === 0 && cache.bytes === 0)) return;
    lastSave = deps.now();
    unsaved = 0;
    heavy = true;
    await cache.save(loaded.snapshot());
  };
  // Whether the summary on disk may not describe the reader's state (or `since`).
  let summaryStale = true;
  let lastSince = 0;
  const saveSummary = async (loaded: IncrementalReader, current: Derived, since: number) => {
    if (cache?.saveSummary === undefined || !summaryStale || files.length === 0) return;
    summaryStale = false;
    await cache.saveSummary({
      files: summaryFiles(loaded.fileStats()),
      drafts: current.drafts,
      unpricedModels: current.unpricedModels,
      skippedLines: loaded.skippedLines(),
      since,
      activity: activityOf(current, since),
    });
  };
  let derived: Derived | null = null;
  let previousDrafts: BlockDraft[] = [];
  /** The blocks of the last load, reused while nothing changed and none was active. */
  let finished: { derived: Derived; now: number; blocks: Block[]; anyActive: boolean } | null =
    null;
  let activity: { since: number; derived: Derived; points: ActivityPoint[] } | null = null;
  const activityOf = (current: Derived, since: number): ActivityPoint[] => {
    if (activity === null || activity.since !== since || activity.derived !== current) {
      activity = { since, derived: current, points: activitySince(current.sorted, since) };
    }
    return activity.points;
  };
  let files: string[] = [];
  let unlistable: string[] = [];
  let feed: ChangeFeed | null = null;
  let watchTried = false;
  let lastScan = -Infinity;
  // When every file was last stat-ed while the feed ran (null: not yet, so the feed is not trusted).
  let feedStatAt: number | null = null;
  const fullScanMs = deps.fullScanMs ?? 60_000;
  const fullStatMs = deps.fullStatMs ?? 600_000;
  const noData = () => {
    const where = deps.dirs.map((dir) => `"${dir}"`).join(", ");
    return new SourceError("no-data", `No Claude Code logs found in ${where || "any directory"}`);
  };
  const startFeed = (discovery: Discovery) => {
    if (feed === null && !watchTried && deps.watch && discovery.projectDirs.length > 0) {
      watchTried = true;
      feed = deps.watch(discovery.projectDirs);
    }
  };
  /** The reader restored from the cache (or empty when there is none usable). */
  const restore = async (): Promise<void> => {
    heavy = true;
    const loaded = await readerNow();
    const snapshot = await cache?.load();
    if (snapshot) {
      loaded.restore(snapshot, (error) => {
        cache?.discard(error);
        unsaved = Infinity;
      });
    } // No usable cache: the first load writes one whatever it reads.
    else if (cache !== null) unsaved = Infinity;
  };
  /**
   * The first load's answer from the reader summary when every file still has the signature it
   * was read at and the summary's activity covers `since`; otherwise null, with the listing and
   * the stats kept for the reader.
   */
  const fromSummary = async (
    summary: ReaderSummary,
    discovery: Discovery,
    since: number,
    options: LoadOptions,
  ): Promise<UsageData | null> => {
    const found = discovery.files;
    const known = summary.files.paths;
    if (found.length === 0 || found.length !== known.length) return null;
    if (since < summary.since && options.withoutActivity !== true) return null;
    let same = true;
    // A synchronous stat where there is one: no promise for each of thousands of files.
    const sync = deps.fs.statSync !== undefined;
    for (let index = 0; index < found.length; index++) {
      const path = found[index]!;
      let stat: FileStat;
      try {
        stat = sync ? deps.fs.statSync!(path) : await deps.fs.stat(path);
        taken.set(path, { stat });
      } catch (error) {
        taken.set(path, { error });
        same = false;
        continue;
      }
      same &&= known[index] === path && sameSignature(summary.files, index, stat);
    }
    if (!same) return null;
    taken.clear();
    return summaryAnswer(summary, discovery.unlistable, since);
  };
  /**
   * The blocks and activity of a summary at `now`. The blocks array is kept while none is active
   * and the points per `since`, as the reader path keeps them: a running monitor answered from
   * the summary allocates nothing per refresh and its per-blocks caches stay valid.
   */
  let fromKept: {
    summary: ReaderSummary;
    now: number;
    blocks: Block[];
    anyActive: boolean;
    points: { since: number; list: ActivityPoint[] } | null;
  } | null = null;
  const summaryAnswer = (
    summary: ReaderSummary,
    unlistable: readonly string[],
    since: number,
  ): UsageData => {
    const now = deps.now();
    let kept = fromKept;
    if (kept === null || kept.summary !== summary || kept.anyActive || now < kept.now) {
      const blocks = keepFinite(finishBlocks(summary.drafts, now));
      kept = { summary, now, blocks, anyActive: blocks.some((b) => b.isActive), points: null };
      fromKept = kept;
    }
    const answer = kept;
    return {
      blocks: answer.blocks,
      get activity(): ActivityPoint[] {
        // Asked without activity: a list missing points must never pass for the real one.
        if (since < summary.since) throw new Error("Activity was not loaded (withoutActivity)");
        // Sorted by time, like the reader's: the points from `since` on are a tail.
        if (answer.points?.since !== since) {
          answer.points = { since, list: summary.activity.filter((point) => point.time >= since) };
        }
        return answer.points.list;
      },
      unpricedModels: summary.unpricedModels,
      skippedLines: summary.skippedLines,
      files: summary.files.paths.length,
      unreadableFiles: [...unlistable],
    };
  };
  /** The summary a running monitor answers from while its feed reports nothing. */
  let keptSummary: { summary: ReaderSummary; unlistable: string[] } | null = null;
  /**
   * A later load of a running monitor answered from the summary while the feed reports no change:
   * the reader is restored (about 0.2 s of CPU and its memory on 1 GiB) only once something
   * changes. The periodic scans still run: the listing every minute and every file's stat every
   * 10 minutes must match the summary. Null (with every file to be stat-ed) otherwise.
   */
  const fromKeptSummary = async (
    startedAt: number,
    since: number,
    options: LoadOptions,
  ): Promise<UsageData | null> => {
    const kept = keptSummary;
    keptSummary = null;
    if (kept === null || feed === null) return null;
    if (since < kept.summary.since && options.withoutActivity !== true) return null;
    if (feed.take().any) return null;
    if (startedAt - lastScan >= fullScanMs) {
      let discovery: Discovery;
      try {
        discovery = await discoverFiles(deps.fs, deps.dirs);
      } catch {
        return null;
      }
      const known = kept.summary.files.paths;
      const found = discovery.files;
      if (found.length !== known.length || found.some((path, i) => path !== known[i])) {
        return null;
      }
      if (feedStatAt === null || startedAt - feedStatAt >= fullStatMs) {
        if (await fromSummary(kept.summary, discovery, since, options) === null) return null;
        feedStatAt = startedAt;
      }
      lastScan = startedAt;
      kept.unlistable = discovery.unlistable;
    }
    keptSummary = kept;
    return summaryAnswer(kept.summary, kept.unlistable, since);
  };
  return {
    kind: "native",
    dataDirs: [...deps.dirs],
    async close(): Promise<void> {
      feed?.close();
      feed = null;
      if (reader !== null && stage === "reader") {
        // Bytes not worth a save are cheap to read again; the summary (a few hundred KB) still
        // saves the next run from reading them when nothing changes meanwhile.
        if (cache !== null && worthSaving(unsaved, cache.bytes)) await saveCache(reader);
        if (derived !== null) await saveSummary(reader, derived, lastSince);
      }
      cache?.release?.();
    },
    async load(since: number, options: LoadOptions = {}): Promise<UsageData> {
      const startedAt = deps.now();
      // The summary keeps the activity a load asked for; one asked without any (`blocks` reads
      // the whole history) keeps the last month's, what a snapshot asks for.
      lastSince = options.withoutActivity ? Math.max(since, startedAt - SUMMARY_MONTH_MS) : since;
      // A listing made to check the summary, reused by this load's scan.
      let listed: Discovery | null = null;
      if (stage === "start") {
        const summary = (await cache?.loadSummary?.()) ?? null;
        if (summary !== null) {
          try {
            listed = await discoverFiles(deps.fs, deps.dirs);
          } catch (error) {
            throw new SourceError("io", `Cannot read Claude Code logs: ${errorMessage(error)}`);
          }
          // Before the summary's stats, so the feed reports any change after them.
          startFeed(listed);
          const answer = await fromSummary(summary, listed, since, options);
          if (answer !== null) {
            stage = "summary";
            summaryStale = false;
            files = listed.files;
            unlistable = listed.unlistable;
            // Every file was stat-ed with the feed running: it is trusted from here on.
            keptSummary = { summary, unlistable: listed.unlistable };
            lastScan = startedAt;
            if (feed !== null) feedStatAt = startedAt;
            return answer;
          }
        }
        // Set only now: a load that failed above leaves the next one to try the summary again.
        stage = "reader";
        await restore();
      } else if (stage === "summary") {
        const again = await fromKeptSummary(startedAt, since, options);
        if (again !== null) return again;
        // Something changed (or cannot be told): read through the reader, restored now, after
        // a stat of every file (the changes the feed named were taken above).
        feedStatAt = null;
        stage = "reader";
        // The summary's blocks are not kept alive beside the reader being restored.
        fromKept = null;
        await restore();
      }
      const loaded = await readerNow();
      // Taken first: a change during the scan must show in the next one.
      const changes = feed?.take() ?? null;
      // Nothing changed since the last scan and it is recent: the data in memory is current.
      const quiet = changes !== null && !changes.any && derived !== null && files.length > 0 &&
        startedAt - lastScan < fullScanMs;
      if (!quiet) {
        try {
          const discovery = listed ?? await discoverFiles(deps.fs, deps.dirs);
          files = discovery.files;
          unlistable = discovery.unlistable;
          // Started before the stats below, so every change after them is reported and the
          // first minute's scan need not stat every file again (a file created between the
          // listing and this is found by the next listing, as any missed one is).
          startFeed(discovery);
          const statAll = feedStatAt === null || startedAt - feedStatAt >= fullStatMs;
          const unchanged = statAll ? null : knownUnchanged(changes, files);
          if (unchanged === null && feed !== null) feedStatAt = startedAt;
          if (await loaded.refresh(files, unchanged === null ? {} : { unchanged })) {
            derived = null;
            activity = null;
            summaryStale = true;
          }
        } catch (error) {
          // The changes taken are lost with this scan: stat everything next time.
          feedStatAt = null;
          throw new SourceError("io", `Cannot read Claude Code logs: ${errorMessage(error)}`);
        } finally {
          taken.clear();
        }
        lastScan = startedAt;
        if (cache !== null && worthSaving(unsaved, cache.bytes)) {
          // A running monitor saves now and then; a one-shot run (no feed) saves before it exits.
          if (feed === null || startedAt - lastSave >= (deps.cacheSaveMs ?? 300_000)) {
            await saveCache(loaded);
          }
        }
      }
      if (files.length === 0) throw noData();
      if (derived === null) {
        derived = derive(loaded.entries(), previousDrafts, loaded.takeUnchanged());
        previousDrafts = derived.drafts;
      }
      const current = derived;
      // A one-shot run (no feed) leaves the summary for the next; a running monitor writes it
      // when it closes.
      if (feed === null) await saveSummary(loaded, current, lastSince);
      if (heavy) {
        heavy = false;
        if (feed !== null) deps.collectGarbage?.();
      }
      const now = deps.now();
      // With the same drafts and no block active at the last load, finishing them again gives
      // the same blocks (a block never becomes active as time passes): the array is kept, so an
      // idle dashboard allocates nothing per refresh and its per-blocks caches stay valid.
      const same = finished !== null && finished.derived === current && !finished.anyActive &&
        now >= finished.now;
      if (!same) {
        const blocks = keepFinite(finishBlocks(current.drafts, now));
        finished = { derived: current, now, blocks, anyActive: blocks.some((b) => b.isActive) };
      }
      return {
        blocks: finished!.blocks,
        // Made on first use: `blocks` never reads it, and over a long history it is an object
        // per entry (about 70 MB at the end of a 1 GiB cold read, the run's peak).
        get activity(): ActivityPoint[] {
          return activityOf(current, since);
        },
        unpricedModels: current.unpricedModels,
        skippedLines: loaded.skippedLines(),
        files: loaded.fileCount(),
        unreadableFiles: [...unlistable, ...loaded.unreadableFiles()],
      };
    },
  };
}

/** Activity a summary keeps after a load that asked for none: more than a billing period. */
const SUMMARY_MONTH_MS = 35 * 86_400_000;

/**
 * Which known files the feed says are unchanged, or null when it cannot tell (it named no paths,
 * or named a transcript the scan did not find under that spelling: a symlinked data dir, a
 * deleted file) and every file must be stat-ed.
 */
function knownUnchanged(
  changes: FeedChanges | null,
  files: readonly string[],
): ((path: string) => boolean) | null {
  const changed = changes?.paths;
  if (changed === null || changed === undefined) return null;
  if (changed.size > 0) {
    const found = new Set(files);
    for (const path of changed) if (path.endsWith(".jsonl") && !found.has(path)) return null;
  }
  return (path) => !changed.has(path);
}

/**
 * Whether the bytes read since the last save are worth a save: re-reading them next time costs
 * about as much as reading a small share of the cache, so small appends wait for more.
 */
function worthSaving(unsaved: number, cacheBytes: number): boolean {
  return unsaved > 0 && unsaved >= Math.max(64 * 1024, cacheBytes / 32);
}

function derive(sorted: SortedEntries, previous: BlockDraft[], unchanged: number): Derived {
  // Ids first, names once per id: a name look-up per entry cost a warm run milliseconds.
  const ids = new Set<number>();
  let last = 0;
  for (let index = 0; index < sorted.length; index++) {
    const id = sorted.unpriced[index]!;
    if (id !== last) {
      ids.add(id);
      last = id;
    }
  }
  const unpriced = new Set<string>();
  for (const id of ids) {
    const name = sorted.models.name(id);
    if (name !== null) unpriced.add(name);
  }
  return {
    sorted,
    drafts: redraftBlocks(previous, sorted, unchanged),
    unpricedModels: [...unpriced].sort(),
  };
}

/** Per-entry points from `since` on; older points are left out to keep the result small. */
function activitySince(sorted: SortedEntries, since: number): ActivityPoint[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted.time[middle]! < since) low = middle + 1;
    else high = middle;
  }
  const points: ActivityPoint[] = [];
  for (let index = low; index < sorted.length; index++) {
    const point: ActivityPoint = {
      time: sorted.time[index]!,
      tokens: sorted.input[index]! + sorted.output[index]! + sorted.cacheCreation[index]! +
        sorted.cacheRead[index]!,
      costUSD: sorted.cost[index]!,
    };
    // The week's per-model totals need it; names are shared strings, not copies.
    const model = sorted.models.name(sorted.model[index]!);
    if (model !== null) point.model = model;
    points.push(point);
  }
  return points;
}
