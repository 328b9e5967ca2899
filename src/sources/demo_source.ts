/** A usage source that invents a month of plausible Claude Code use, for `--demo` and screenshots. */

import type { ActivityPoint, Block, TokenCounts, UsageData } from "../core/types.ts";
import type { UsageSource } from "../ports.ts";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const WINDOW_MS = 5 * HOUR_MS;
const HISTORY_DAYS = 35;

/** $ per million tokens: input, output, cache write (5 m), cache read. */
const PRICES: Record<string, [number, number, number, number]> = {
  "claude-opus-4-5-20251101": [5, 25, 6.25, 0.5],
  "claude-sonnet-4-5-20250929": [3, 15, 3.75, 0.3],
  "claude-haiku-4-5-20251001": [1, 5, 1.25, 0.1],
};
const MODELS = Object.keys(PRICES);

interface DemoEntry {
  time: number;
  model: string;
  tokens: TokenCounts;
  costUSD: number;
}

/** A small deterministic PRNG (mulberry32), so the same seed always tells the same story. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function entry(time: number, rnd: () => number, scale: number, primary: string): DemoEntry {
  // Mostly the session's main model, with the odd quick haiku call as Claude Code makes them.
  const model = rnd() < 0.12 ? MODELS[2] ?? primary : primary;
  const tokens: TokenCounts = {
    inputTokens: Math.round((20 + rnd() * 400) * scale),
    outputTokens: Math.round((150 + rnd() * 1800) * scale),
    cacheCreationInputTokens: Math.round((300 + rnd() * 3000) * scale),
    cacheReadInputTokens: Math.round((2000 + rnd() * 9000) * scale),
  };
  const [pin, pout, pwrite, pread] = PRICES[model] ?? [0, 0, 0, 0];
  const costUSD = (tokens.inputTokens * pin + tokens.outputTokens * pout +
    tokens.cacheCreationInputTokens * pwrite + tokens.cacheReadInputTokens * pread) / 1e6;
  return { time, model, tokens, costUSD };
}

/** Past sessions of one UTC day: seeded by the day number, so a day never changes. */
function dayEntries(dayStart: number): DemoEntry[] {
  const rnd = random(Math.floor(dayStart / DAY_MS) * 7919);
  const sessions = rnd() < 0.15 ? 0 : 1 + Math.floor(rnd() * 3);
  const entries: DemoEntry[] = [];
  let cursor = dayStart + (7 + Math.floor(rnd() * 3)) * HOUR_MS;
  for (let s = 0; s < sessions; s++) {
    const length = (0.5 + rnd() * 3.8) * HOUR_MS;
    const scale = 0.4 + rnd() * 1.3;
    const primary = MODELS[rnd() < 0.65 ? 0 : 1] ?? "claude-opus-4-5-20251101";
    for (let t = cursor + Math.floor(rnd() * 40) * 60_000; t < cursor + length;) {
      entries.push(entry(t, rnd, scale, primary));
      t += (1 + Math.floor(rnd() * 6)) * 60_000 + Math.floor(rnd() * 60_000);
    }
    cursor += length + (5 + Math.floor(rnd() * 2)) * HOUR_MS;
  }
  return entries;
}

/** The live session: steady work since `start`, an entry every 1-4 minutes up to `now`. */
function liveEntries(start: number, now: number): DemoEntry[] {
  const rnd = random(Math.floor(start / HOUR_MS));
  const entries: DemoEntry[] = [];
  for (let t = start + 3 * 60_000 + 17_000; t <= now;) {
    entries.push(entry(t, rnd, 0.9, MODELS[0] ?? "claude-opus-4-5-20251101"));
    t += (1 + Math.floor(rnd() * 3)) * 60_000 + Math.floor(rnd() * 60_000);
  }
  return entries;
}

function floorHour(time: number): number {
  return Math.floor(time / HOUR_MS) * HOUR_MS;
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

function emptyCounts(): TokenCounts {
  return { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
}

function total(t: TokenCounts): number {
  return t.inputTokens + t.outputTokens + t.cacheCreationInputTokens + t.cacheReadInputTokens;
}

function makeBlock(start: number, entries: DemoEntry[], now: number): Block {
  const tokens = emptyCounts();
  let costUSD = 0;
  const models: string[] = [];
  for (const e of entries) {
    tokens.inputTokens += e.tokens.inputTokens;
    tokens.outputTokens += e.tokens.outputTokens;
    tokens.cacheCreationInputTokens += e.tokens.cacheCreationInputTokens;
    tokens.cacheReadInputTokens += e.tokens.cacheReadInputTokens;
    costUSD += e.costUSD;
    if (!models.includes(e.model)) models.push(e.model);
  }
  const end = start + WINDOW_MS;
  const first = entries[0]?.time ?? start;
  const last = entries.at(-1)?.time ?? start;
  const isActive = now - last < WINDOW_MS && now < end;
  const totalTokens = total(tokens);
  // Burn rate and projection as ccusage computes them: over the span from the first entry to
  // the last, and projected over the minutes left until the block's end.
  const minutes = (last - first) / 60_000;
  const burnRate = isActive && minutes > 0
    ? {
      tokensPerMinute: totalTokens / minutes,
      tokensPerMinuteForIndicator: (tokens.inputTokens + tokens.outputTokens) / minutes,
      costPerHour: (costUSD / minutes) * 60,
    }
    : null;
  let projection = null;
  if (burnRate) {
    const remaining = Math.max(0, (end - now) / 60_000);
    projection = {
      totalTokens: Math.round(totalTokens + burnRate.tokensPerMinute * remaining),
      totalCost: Math.round((costUSD + (burnRate.costPerHour / 60) * remaining) * 100) / 100,
      remainingMinutes: Math.round(remaining),
    };
  }
  return {
    id: iso(start),
    startTime: iso(start),
    endTime: iso(end),
    actualEndTime: iso(last),
    isActive,
    isGap: false,
    entries: entries.length,
    tokenCounts: tokens,
    totalTokens,
    costUSD,
    models,
    burnRate,
    projection,
  };
}

function gapBlock(lastEntry: number, nextEntry: number): Block {
  const start = lastEntry + WINDOW_MS;
  return {
    id: `gap-${iso(start)}`,
    startTime: iso(start),
    endTime: iso(nextEntry),
    actualEndTime: null,
    isActive: false,
    isGap: true,
    entries: 0,
    tokenCounts: emptyCounts(),
    totalTokens: 0,
    costUSD: 0,
    models: [],
    burnRate: null,
    projection: null,
  };
}

/** Groups sorted entries into 5-hour blocks with ccusage's rules (floored start, gap blocks). */
function identifyBlocks(entries: DemoEntry[], now: number): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  let current: DemoEntry[] = [];
  for (const e of entries) {
    const previous = current.at(-1);
    if (previous && (e.time - start > WINDOW_MS || e.time - previous.time > WINDOW_MS)) {
      blocks.push(makeBlock(start, current, now));
      if (e.time - previous.time > WINDOW_MS) blocks.push(gapBlock(previous.time, e.time));
      current = [];
    }
    if (current.length === 0) start = floorHour(e.time);
    current.push(e);
  }
  if (current.length > 0) blocks.push(makeBlock(start, current, now));
  return blocks;
}

/**
 * Creates the demo source: about a month of past windows and a window in progress that grows
 * while you watch. Deterministic apart from `now`; the live window starts two hours before the
 * first load and the story continues from there.
 *
 * @example
 * ```ts
 * const source = createDemoSource(() => Date.now());
 * const { blocks, activity } = await source.load(0);
 * ```
 */
export function createDemoSource(now: () => number): UsageSource {
  let liveStart: number | null = null;
  return {
    kind: "demo",
    load(since: number): Promise<UsageData> {
      const at = now();
      liveStart ??= floorHour(at) - 2 * HOUR_MS;
      // History stops well before the live session, so the two never merge into one block.
      const historyEnd = liveStart - 6 * HOUR_MS;
      const firstDay = Math.floor((at - HISTORY_DAYS * DAY_MS) / DAY_MS) * DAY_MS;
      const entries: DemoEntry[] = [];
      for (let day = firstDay; day < historyEnd; day += DAY_MS) {
        for (const e of dayEntries(day)) if (e.time < historyEnd) entries.push(e);
      }
      entries.push(...liveEntries(liveStart, at));
      const kept = entries.filter((e) => e.time >= since && e.time <= at);
      const activity: ActivityPoint[] = kept.map((e) => ({
        time: e.time,
        tokens: total(e.tokens),
        costUSD: e.costUSD,
      }));
      return Promise.resolve({ blocks: identifyBlocks(kept, at), activity });
    },
  };
}
