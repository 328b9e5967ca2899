/** Groups usage entries into 5-hour blocks with ccusage 20.0.24's rules (pure; `now` is an input). */

import type { Block, BurnRate, Projection } from "../../core/types.ts";
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
}

/**
 * Builds blocks from de-duplicated entries: entries sorted by time; a block starts at its first
 * entry floored to the UTC hour and lasts 5 h; an entry more than 5 h after the block start or
 * after the previous entry opens a new block, and a gap of more than 5 h between entries adds a
 * gap block from previous + 5 h to the entry. Blocks are ordered by start time. Burn rate and
 * projection exist for the active block.
 *
 * @example
 * ```ts
 * const blocks = identifyBlocks(dedupeEntries(entries), Date.now());
 * ```
 */
export function identifyBlocks(
  entries: readonly UsageEntry[],
  now: number,
  options: { presorted?: boolean } = {},
): Block[] {
  return finishBlocks(draftBlocks(options.presorted === true ? entries : sortByTime(entries)), now);
}

/** The `now`-independent part of `identifyBlocks`, over entries already sorted by time. */
export function draftBlocks(sorted: readonly UsageEntry[]): BlockDraft[] {
  const drafts: BlockDraft[] = [];
  let start: number | null = null;
  let current: UsageEntry[] = [];
  for (const entry of sorted) {
    if (start !== null) {
      const last = current[current.length - 1]?.time ?? start;
      const sinceStart = entry.time - start;
      const sinceLast = entry.time - last;
      if (sinceStart > BLOCK_MS || sinceLast > BLOCK_MS) {
        drafts.push(createBlock(start, current));
        current = [];
        if (sinceLast > BLOCK_MS) drafts.push(createGapBlock(last, entry.time));
        start = floorToHour(entry.time);
      }
    } else {
      start = floorToHour(entry.time);
    }
    current.push(entry);
  }
  if (start !== null && current.length > 0) drafts.push(createBlock(start, current));
  // A gap starts at previous + 5 h, which can be later than the next block's floored start;
  // ccusage orders the output by start time (stable), so do the same.
  return drafts.sort((a, b) => Date.parse(a.block.startTime) - Date.parse(b.block.startTime));
}

/** Completes drafts for `now`: marks the active block and adds its burn rate and projection. */
export function finishBlocks(drafts: readonly BlockDraft[], now: number): Block[] {
  return drafts.map(({ block, first, last }) => {
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

/** Entries sorted by time; stable like ccusage's sort_by_key, so equal times keep file order. */
export function sortByTime(entries: readonly UsageEntry[]): UsageEntry[] {
  return [...entries].sort((a, b) => a.time - b.time);
}

function floorToHour(time: number): number {
  return Math.floor(time / HOUR_MS) * HOUR_MS;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

function createBlock(start: number, entries: UsageEntry[]): BlockDraft {
  const end = start + BLOCK_MS;
  const first = entries[0]?.time ?? start;
  const last = entries[entries.length - 1]?.time ?? start;
  let inputTokens = 0;
  let outputTokens = 0;
  let cacheCreationInputTokens = 0;
  let cacheReadInputTokens = 0;
  let costUSD = 0;
  const models: string[] = [];
  const seen = new Set<string>();
  let resetTime: number | null = null;
  for (const entry of entries) {
    inputTokens += entry.inputTokens;
    outputTokens += entry.outputTokens;
    cacheCreationInputTokens += entry.cacheCreationTokens;
    cacheReadInputTokens += entry.cacheReadTokens;
    costUSD += entry.costUSD;
    if (entry.model !== null && !seen.has(entry.model)) {
      seen.add(entry.model);
      models.push(entry.model);
    }
    // The first limit message of the block wins, in time order.
    resetTime ??= entry.resetTime;
  }
  const block: Block = {
    id: iso(start),
    startTime: iso(start),
    endTime: iso(end),
    actualEndTime: iso(last),
    isActive: false,
    isGap: false,
    entries: entries.length,
    tokenCounts: { inputTokens, outputTokens, cacheCreationInputTokens, cacheReadInputTokens },
    totalTokens: inputTokens + outputTokens + cacheCreationInputTokens + cacheReadInputTokens,
    costUSD,
    models,
    burnRate: null,
    projection: null,
  };
  if (resetTime !== null) block.usageLimitResetTime = iso(resetTime);
  return { block, first, last };
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

function createGapBlock(last: number, next: number): BlockDraft {
  const start = last + BLOCK_MS;
  const block: Block = {
    id: `gap-${iso(start)}`,
    startTime: iso(start),
    endTime: iso(next),
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
  return { block, first: 0, last: 0 };
}
