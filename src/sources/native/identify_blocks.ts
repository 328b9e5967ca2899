/** Groups usage entries into 5-hour blocks with ccusage 20.0.24's rules (pure; `now` is an input). */

import type { Block, BurnRate, Projection } from "../../core/types.ts";
import { EntryColumns, ModelNames, type SortedEntries } from "./entry_columns.ts";
import { dedupeEntries, sortSurvivors } from "./dedupe_entries.ts";
import type { UsageEntry } from "./parse_line.ts";

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Length of a block (Anthropic's 5-hour window). */
export const BLOCK_MS = 5 * HOUR_MS;

/** A block without the parts that depend on `now` (activity, burn rate, projection). */
export interface BlockDraft {
  block: Block;
  /** Epoch ms of the first and last entry (0 for gaps). */
  first: number;
  last: number;
  /** Sorted index of the entry whose arrival produced this draft (a block's first entry). */
  trigger: number;
}

/**
 * Builds blocks from entries (de-duplicated in the given order first): entries sorted by time; a block starts at its first
 * entry floored to the UTC hour and lasts 5 h; an entry more than 5 h after the block start or
 * after the previous entry opens a new block, and a gap of more than 5 h between entries adds a
 * gap block from previous + 5 h to the entry. Blocks are ordered by start time. Burn rate and
 * projection exist for the active block.
 *
 * @example
 * ```ts
 * const blocks = identifyBlocks(entries, Date.now());
 * ```
 */
export function identifyBlocks(entries: readonly UsageEntry[], now: number): Block[] {
  const models = new ModelNames();
  const columns = new EntryColumns(models, entries.length);
  for (const entry of entries) columns.push(entry);
  const files = [columns];
  const sorted = sortSurvivors(files, dedupeEntries(files, [""]), models);
  return finishBlocks(draftBlocks(sorted), now);
}

/**
 * The `now`-independent part of `identifyBlocks`, over de-duplicated entries sorted by time;
 * drafts come in the order they are produced (`finishBlocks` orders them).
 */
export function draftBlocks(sorted: SortedEntries): BlockDraft[] {
  return sorted.length === 0 ? [] : draftFrom(sorted, 0, []);
}

/**
 * Updates `previous` drafts for entries whose first `unchanged` sorted entries are the same as
 * before: drafts before the block holding the last unchanged entry are kept, the rest redone.
 */
export function redraftBlocks(
  previous: readonly BlockDraft[],
  sorted: SortedEntries,
  unchanged: number,
): BlockDraft[] {
  if (unchanged === 0 || sorted.length === 0) return draftBlocks(sorted);
  // Block boundaries up to an entry depend only on the entries before it, so the block that
  // holds the last unchanged entry starts where it did.
  let restart = 0;
  for (const draft of previous) {
    if (!draft.block.isGap && draft.trigger <= unchanged - 1) {
      restart = Math.max(restart, draft.trigger);
    }
  }
  return draftFrom(sorted, restart, previous.filter((draft) => draft.trigger < restart));
}

/** Produces drafts from sorted index `from` on, where a block is known to start. */
function draftFrom(sorted: SortedEntries, from: number, drafts: BlockDraft[]): BlockDraft[] {
  if (from > 0 && sorted.time[from]! - sorted.time[from - 1]! > BLOCK_MS) {
    drafts.push(createGapBlock(sorted.time[from - 1]!, sorted.time[from]!, from));
  }
  let start = floorToHour(sorted.time[from]!);
  let first = from;
  for (let index = from + 1; index < sorted.length; index++) {
    const time = sorted.time[index]!;
    const last = sorted.time[index - 1]!;
    const sinceStart = time - start;
    const sinceLast = time - last;
    if (sinceStart > BLOCK_MS || sinceLast > BLOCK_MS) {
      drafts.push(createBlock(start, sorted, first, index));
      if (sinceLast > BLOCK_MS) drafts.push(createGapBlock(last, time, index));
      first = index;
      start = floorToHour(time);
    }
  }
  drafts.push(createBlock(start, sorted, first, sorted.length));
  return drafts;
}

/**
 * Completes drafts for `now`: orders them by start time (stable; a gap starting at previous + 5 h
 * can sort after the next block's floored start, as in ccusage), marks the active block and adds
 * its burn rate and projection.
 */
export function finishBlocks(drafts: readonly BlockDraft[], now: number): Block[] {
  const ordered = [...drafts].sort((a, b) =>
    Date.parse(a.block.startTime) - Date.parse(b.block.startTime)
  );
  return ordered.map(({ block, first, last }) => {
    if (block.isGap) return { ...block };
    const end = Date.parse(block.endTime);
    const isActive = now - last < BLOCK_MS && now < end;
    const burnRate = isActive
      ? computeBurnRate(
        first,
        last,
        block.totalTokens,
        block.tokenCounts.inputTokens + block.tokenCounts.outputTokens,
        block.costUSD,
      )
      : null;
    return {
      ...block,
      isActive,
      burnRate,
      projection: burnRate === null
        ? null
        : project(burnRate, block.totalTokens, block.costUSD, end, now),
    };
  });
}

function floorToHour(time: number): number {
  return Math.floor(time / HOUR_MS) * HOUR_MS;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

function createBlock(
  start: number,
  sorted: SortedEntries,
  from: number,
  to: number,
): BlockDraft {
  const end = start + BLOCK_MS;
  const first = sorted.time[from]!;
  const last = sorted.time[to - 1]!;
  let inputTokens = 0;
  let outputTokens = 0;
  let cacheCreationInputTokens = 0;
  let cacheReadInputTokens = 0;
  let costUSD = 0;
  const models: string[] = [];
  const seen = new Set<number>();
  let resetTime: number | null = null;
  for (let index = from; index < to; index++) {
    inputTokens += sorted.input[index]!;
    outputTokens += sorted.output[index]!;
    cacheCreationInputTokens += sorted.cacheCreation[index]!;
    cacheReadInputTokens += sorted.cacheRead[index]!;
    costUSD += sorted.cost[index]!;
    const model = sorted.model[index]!;
    if (model !== 0 && !seen.has(model)) {
      seen.add(model);
      models.push(sorted.models.name(model) ?? "");
    }
    // The first limit message of the block wins, in time order.
    resetTime ??= sorted.resets.get(index) ?? null;
  }
  const block: Block = {
    id: iso(start),
    startTime: iso(start),
    endTime: iso(end),
    actualEndTime: iso(last),
    isActive: false,
    isGap: false,
    entries: to - from,
    tokenCounts: { inputTokens, outputTokens, cacheCreationInputTokens, cacheReadInputTokens },
    totalTokens: inputTokens + outputTokens + cacheCreationInputTokens + cacheReadInputTokens,
    costUSD,
    models,
    burnRate: null,
    projection: null,
  };
  if (resetTime !== null) block.usageLimitResetTime = iso(resetTime);
  return { block, first, last, trigger: from };
}

function computeBurnRate(
  first: number,
  last: number,
  totalTokens: number,
  nonCacheTokens: number,
  costUSD: number,
): BurnRate | null {
  const minutes = (last - first) / MINUTE_MS;
  if (minutes <= 0) return null;
  return {
    tokensPerMinute: totalTokens / minutes,
    tokensPerMinuteForIndicator: nonCacheTokens / minutes,
    costPerHour: costUSD / minutes * 60,
  };
}

function project(
  burnRate: BurnRate,
  totalTokens: number,
  costUSD: number,
  end: number,
  now: number,
): Projection {
  const remainingMinutes = Math.max(0, Math.round((end - now) / MINUTE_MS));
  return {
    totalTokens: Math.round(totalTokens + burnRate.tokensPerMinute * remainingMinutes),
    totalCost: Math.round((costUSD + burnRate.costPerHour / 60 * remainingMinutes) * 100) / 100,
    remainingMinutes,
  };
}

function createGapBlock(last: number, next: number, trigger: number): BlockDraft {
  return { block: gapBlock(last + BLOCK_MS, next), first: 0, last: 0, trigger };
}

/** A gap block from `start` to `end` (epoch ms) in ccusage's shape: no entries, zero totals. */
export function gapBlock(start: number, end: number): Block {
  return {
    id: `gap-${iso(start)}`,
    startTime: iso(start),
    endTime: iso(end),
    actualEndTime: null,
    isActive: false,
    isGap: true,
    entries: 0,
    tokenCounts: {
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
    },
    totalTokens: 0,
    costUSD: 0,
    models: [],
    burnRate: null,
    projection: null,
  };
}
