/** A usage source that invents a month of plausible Claude Code use, for `--demo` and screenshots. */

import type { ActivityPoint, TokenCounts, UsageData } from "../core/types.ts";
import type { UsageSource } from "../ports.ts";
import { type BlockEntry, identifyBlocks } from "../core/identify_blocks.ts";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
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

function total(t: TokenCounts): number {
  return t.inputTokens + t.outputTokens + t.cacheCreationInputTokens + t.cacheReadInputTokens;
}

/** The demo entry as the block rules take it. */
function blockEntry(e: DemoEntry): BlockEntry {
  return {
    time: e.time,
    inputTokens: e.tokens.inputTokens,
    outputTokens: e.tokens.outputTokens,
    cacheCreationTokens: e.tokens.cacheCreationInputTokens,
    cacheReadTokens: e.tokens.cacheReadInputTokens,
    costUSD: e.costUSD,
    model: e.model,
    resetTime: null,
  };
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
      // ccusage's block rules, burn rate and projection, as every source applies them.
      const blocks = identifyBlocks(kept.map(blockEntry), at);
      return Promise.resolve({ blocks, activity });
    },
  };
}
