/** The native usage source: discovers transcripts, reads them incrementally, builds ccusage-equal blocks. */

import type { ActivityPoint, UsageData } from "../../core/types.ts";
import type { FileSystem, UsageSource } from "../../ports.ts";
import { SourceError } from "../source_error.ts";
import { discoverFiles } from "./discover.ts";
import { keepFinite } from "./finite_numbers.ts";
import type { SortedEntries } from "./entry_columns.ts";
import { type BlockDraft, finishBlocks, redraftBlocks } from "../../core/identify_blocks.ts";
import { IncrementalReader } from "./incremental_reader.ts";
import type { PriceTable } from "./pricing.ts";
import type { ChangeFeed } from "./fs_change_feed.ts";

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
  /** Longest time between full scans when a change feed is running (default 60 s). */
  fullScanMs?: number;
}

/** A UsageSource reading Claude Code's JSONL files directly. */
export interface NativeSource extends UsageSource {
  readonly kind: "native";
  /** The directories this source looks in, for "nothing found" messages. */
  readonly dataDirs: readonly string[];
  /** Stops change notifications, if any. */
  close(): void;
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
  const reader = new IncrementalReader(deps.fs, {
    ...(deps.prices === undefined ? {} : { prices: deps.prices }),
    ...(deps.chunkSize === undefined ? {} : { chunkSize: deps.chunkSize }),
    ...(deps.workers === undefined ? {} : { workers: deps.workers }),
  });
  let derived: Derived | null = null;
  let previousDrafts: BlockDraft[] = [];
  let activity: { since: number; points: ActivityPoint[] } | null = null;
  let files: string[] = [];
  let unlistable: string[] = [];
  let known = new Set<string>();
  let feed: ChangeFeed | null = null;
  let watchTried = false;
  let lastScan = -Infinity;
  const fullScanMs = deps.fullScanMs ?? 60_000;
  return {
    kind: "native",
    dataDirs: [...deps.dirs],
    close(): void {
      feed?.close();
      feed = null;
    },
    async load(since: number): Promise<UsageData> {
      const startedAt = deps.now();
      // Between full scans, the change feed says what changed: nothing (the data in memory is
      // current), or only known transcripts (stat and read just those; with 100,000 files a
      // scan per appended line would stat them all).
      const recent = feed !== null && derived !== null && files.length > 0 &&
        startedAt - lastScan < fullScanMs;
      let quiet = false;
      let only: Set<string> | null = null;
      if (recent && feed !== null) {
        const changed = feed.takeChangedPaths
          ? feed.takeChangedPaths()
          : (feed.takeChanged() ? null : []);
        if (changed !== null && changed.length === 0) quiet = true;
        else if (changed !== null && changed.every((path) => known.has(path))) {
          only = new Set(changed);
        }
      }
      if (only !== null) {
        try {
          if (await reader.refresh(files, only)) {
            derived = null;
            activity = null;
          }
        } catch (error) {
          throw new SourceError("io", `Cannot read Claude Code logs: ${messageOf(error)}`);
        }
      } else if (!quiet) {
        // Clear the flag first: a change during the scan must trigger the next one.
        feed?.takeChanged();
        try {
          const discovery = await discoverFiles(deps.fs, deps.dirs);
          files = discovery.files;
          known = new Set(files);
          unlistable = discovery.unlistable;
          if (await reader.refresh(files)) {
            derived = null;
            activity = null;
          }
          if (feed === null && !watchTried && deps.watch && discovery.projectDirs.length > 0) {
            watchTried = true;
            feed = deps.watch(discovery.projectDirs);
          }
        } catch (error) {
          throw new SourceError("io", `Cannot read Claude Code logs: ${messageOf(error)}`);
        }
        lastScan = startedAt;
      }
      if (files.length === 0) {
        const where = deps.dirs.map((dir) => `"${dir}"`).join(", ");
        throw new SourceError(
          "no-data",
          `No Claude Code logs found in ${where || "any directory"}`,
        );
      }
      if (derived === null) {
        derived = derive(reader.entries(), previousDrafts, reader.takeUnchanged());
        previousDrafts = derived.drafts;
      }
      if (activity === null || activity.since !== since) {
        activity = { since, points: activitySince(derived.sorted, since) };
      }
      return {
        blocks: keepFinite(finishBlocks(derived.drafts, deps.now())),
        activity: activity.points,
        unpricedModels: derived.unpricedModels,
        skippedLines: reader.skippedLines(),
        files: reader.fileCount(),
        unreadableFiles: [...unlistable, ...reader.unreadableFiles()],
      };
    },
  };
}

function derive(sorted: SortedEntries, previous: BlockDraft[], unchanged: number): Derived {
  const unpriced = new Set<string>();
  for (let index = 0; index < sorted.length; index++) {
    const name = sorted.models.name(sorted.unpriced[index]!);
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
