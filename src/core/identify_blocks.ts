/**
 * ccusage 20.0.24's block rules (pure; `now` is an input): grouping entries into 5-hour blocks,
 * gap blocks, the active rule, burn rate and projection. Every source builds its blocks here.
 */

import type { Block, BurnRate, Projection } from "./types.ts";

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Length of a block (Anthropic's 5-hour window). */
export const BLOCK_MS = 5 * HOUR_MS;

/**
 * Usage entries sorted by time (ties in the order ccusage keeps them), in flat columns; the
 * native reader's de-duplicated columns have this shape, `sortEntries` builds it from a list.
 */
export interface SortedEntries {
  length: number;
  /** Epoch ms. */
  time: ArrayLike<number>;
  input: ArrayLike<number>;
  output: ArrayLike<number>;
  cacheCreation: ArrayLike<number>;
  cacheRead: ArrayLike<number>;
  cost: ArrayLike<number>;
  /** Model id as blocks list it; 0 for none (`<synthetic>`, missing). */
  model: ArrayLike<number>;
  /** Usage-limit reset times (epoch ms) by sorted index; rare, so sparse. */
  resets: ReadonlyMap<number, number>;
  /** Names of model ids. */
  models: { name(id: number): string | null };
}

/** One usage entry as the block rules need it (already de-duplicated). */
export interface BlockEntry {
  /** Epoch ms. */
  time: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUSD: number;
  /** The model as blocks list it, or null to list none. */
  model: string | null;
  /** Epoch ms of a usage-limit reset announced by this entry. */
  resetTime: number | null;
}

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
 * Builds blocks from de-duplicated entries: entries sorted by time (stable); a block starts at
 * its first entry floored to the UTC hour and lasts 5 h; an entry more than 5 h after the block
 * start or after the previous entry opens a new block, and a gap of more than 5 h between entries
 * adds a gap block from previous + 5 h to the entry. Blocks are ordered by start time. Burn rate
 * and projection exist for the active block.
 *
 * @example
 * ```ts
 * const blocks = identifyBlocks(entries, now);
 * ```
 */
export function identifyBlocks(entries: readonly BlockEntry[], now: number): Block[] {
  return finishBlocks(draftBlocks(sortEntries(entries)), now);
}

/** Entries in columns sorted by time; equal times keep their list order (a stable sort). */
export function sortEntries(entries: readonly BlockEntry[]): SortedEntries {
  const order = entries.map((_, index) => index).sort((a, b) =>
    entries[a]!.time - entries[b]!.time || a - b
  );
  const names = [""];
  const ids = new Map<string, number>();
  const resets = new Map<number, number>();
  const column = (pick: (entry: BlockEntry) => number) =>
    Float64Array.from(order, (index) => pick(entries[index]!));
  const model = Float64Array.from(order, (index, sortedIndex) => {
    const entry = entries[index]!;
    if (entry.resetTime !== null) resets.set(sortedIndex, entry.resetTime);
    if (entry.model === null) return 0;
    let id = ids.get(entry.model);
    if (id === undefined) {
      id = names.push(entry.model) - 1;
      ids.set(entry.model, id);
    }
    return id;
  });
  return {
    length: entries.length,
    time: column((entry) => entry.time),
    input: column((entry) => entry.inputTokens),
    output: column((entry) => entry.outputTokens),
    cacheCreation: column((entry) => entry.cacheCreationTokens),
    cacheRead: column((entry) => entry.cacheReadTokens),
    cost: column((entry) => entry.costUSD),
    model,
    resets,
    models: { name: (id) => id === 0 ? null : names[id] ?? null },
  };
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
  const resetAt = resetIndexes(sorted.resets);
  let start = floorToHour(sorted.time[from]!);
  let first = from;
  for (let index = from + 1; index < sorted.length; index++) {
    const time = sorted.time[index]!;
    const last = sorted.time[index - 1]!;
    const sinceStart = time - start;
    const sinceLast = time - last;
    if (sinceStart > BLOCK_MS || sinceLast > BLOCK_MS) {
      drafts.push(createBlock(start, sorted, first, index, resetAt));
      if (sinceLast > BLOCK_MS) drafts.push(createGapBlock(last, time, index));
      first = index;
      start = floorToHour(time);
    }
  }
  drafts.push(createBlock(start, sorted, first, sorted.length, resetAt));
  return drafts;
}

/**
 * Completes drafts for `now`: orders them by start time (stable; a gap starting at previous + 5 h
 * can sort after the next block's floored start, as in ccusage), marks the active block and adds
 * its burn rate and projection.
 */
export function finishBlocks(drafts: readonly BlockDraft[], now: number): Block[] {
  const ordered = [...drafts].sort((a, b) => a.block.startTime - b.block.startTime);
  return ordered.map(({ block, first, last }) => {
    if (block.isGap) return { ...block };
    const end = block.endTime;
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

/** `time` (epoch ms) floored to the UTC hour, where ccusage starts a block. */
export function floorToHour(time: number): number {
  return Math.floor(time / HOUR_MS) * HOUR_MS;
}

/** Block ids stay ccusage's (ISO start, `gap-` for gaps): they are stable keys in the state. */
function iso(time: number): string {
  return new Date(time).toISOString();
}

function createBlock(
  start: number,
  sorted: SortedEntries,
  from: number,
  to: number,
  resetAt: Float64Array,
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
  const { input, output, cacheCreation, cacheRead, cost, model: modelIds } = sorted;
  // Runs of one model are the rule: the set is only asked when the model changes.
  let lastModel = 0;
  for (let index = from; index < to; index++) {
    inputTokens += input[index]!;
    outputTokens += output[index]!;
    cacheCreationInputTokens += cacheCreation[index]!;
    cacheReadInputTokens += cacheRead[index]!;
    costUSD += cost[index]!;
    const model = modelIds[index]!;
    if (model !== lastModel && model !== 0) {
      lastModel = model;
      if (!seen.has(model)) {
        seen.add(model);
        models.push(sorted.models.name(model) ?? "");
      }
    }
  }
  const resetTime = firstReset(sorted.resets, resetAt, from, to);
  const block: Block = {
    id: iso(start),
    startTime: start,
    endTime: end,
    actualEndTime: last,
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
  if (resetTime !== null) block.usageLimitResetTime = resetTime;
  return { block, first, last, trigger: from };
}

/** The sorted indexes that have a reset time, ascending. */
function resetIndexes(resets: ReadonlyMap<number, number>): Float64Array {
  return Float64Array.from(resets.keys()).sort();
}

/**
 * The reset time of the first entry in `from`..`to` (sorted indexes) that has one: the first
 * limit message of a block wins, in time order. Found by a binary search of `resetAt` (a map
 * look-up per entry was most of a warm `--once` run's block time).
 */
function firstReset(
  resets: ReadonlyMap<number, number>,
  resetAt: Float64Array,
  from: number,
  to: number,
): number | null {
  let low = 0;
  let high = resetAt.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (resetAt[middle]! < from) low = middle + 1;
    else high = middle;
  }
  return low < resetAt.length && resetAt[low]! < to ? resets.get(resetAt[low]!) ?? null : null;
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
    startTime: start,
    endTime: end,
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
