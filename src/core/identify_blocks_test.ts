import { deepStrictEqual, equal } from "node:assert/strict";
import { BLOCK_MS, type BlockEntry, identifyBlocks } from "./identify_blocks.ts";

const T0 = Date.parse("2026-11-25T08:10:00Z");

function entry(time: number, tokens = 10, model: string | null = "claude-sonnet-4-20250514") {
  return {
    time,
    inputTokens: tokens,
    outputTokens: 1,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    costUSD: 0.5,
    model,
    resetTime: null,
  } satisfies BlockEntry;
}

Deno.test("identifyBlocks() carries epoch-ms times and keeps ccusage's ISO ids", () => {
  const blocks = identifyBlocks([entry(T0), entry(T0 + 60_000)], T0 + 120_000);
  equal(blocks.length, 1);
  const block = blocks[0]!;
  equal(block.id, "2026-11-25T08:00:00.000Z");
  equal(block.startTime, Date.parse("2026-11-25T08:00:00Z"));
  equal(block.endTime, block.startTime + BLOCK_MS);
  equal(block.actualEndTime, T0 + 60_000);
  equal(block.isActive, true);
});

Deno.test("identifyBlocks() starts a new block after exactly 5 h + 1 ms, not after 5 h", () => {
  const start = Date.parse("2026-11-25T08:00:00Z");
  const sameBlock = identifyBlocks([entry(start), entry(start + BLOCK_MS)], 0);
  equal(sameBlock.length, 1);
  const next = identifyBlocks([entry(start), entry(start + BLOCK_MS + 1)], 0);
  deepStrictEqual(next.map((block) => block.isGap), [false, true, false]);
  // The gap runs from the previous entry + 5 h to the next entry.
  equal(next[1]!.startTime, start + BLOCK_MS);
  equal(next[1]!.endTime, start + BLOCK_MS + 1);
  equal(next[1]!.id, `gap-${new Date(start + BLOCK_MS).toISOString()}`);
  equal(next[1]!.actualEndTime, null);
});

Deno.test("identifyBlocks() sorts a list stably and lists models once, none for null", () => {
  const blocks = identifyBlocks(
    [entry(T0 + 5_000, 1, "b"), entry(T0, 2, null), entry(T0 + 5_000, 3, "a"), entry(T0, 4, "b")],
    T0 + 10 * BLOCK_MS,
  );
  equal(blocks.length, 1);
  deepStrictEqual(blocks[0]!.models, ["b", "a"]);
  equal(blocks[0]!.entries, 4);
  equal(blocks[0]!.isActive, false);
  equal(blocks[0]!.burnRate, null);
});

Deno.test("identifyBlocks() computes burn rate and projection for the active block", () => {
  const now = T0 + 30 * 60_000;
  const blocks = identifyBlocks([entry(T0, 99), entry(T0 + 10 * 60_000, 99)], now);
  const block = blocks[0]!;
  // 200 tokens (2 x 99 + 2 x 1) over 10 minutes.
  equal(block.burnRate?.tokensPerMinute, 20);
  equal(block.burnRate?.costPerHour, 6);
  const minutesLeft = Math.round((block.endTime - now) / 60_000);
  deepStrictEqual(block.projection, {
    totalTokens: 200 + 20 * minutesLeft,
    totalCost: Math.round((1 + 0.1 * minutesLeft) * 100) / 100,
    remainingMinutes: minutesLeft,
  });
});

Deno.test("identifyBlocks() reports the first usage-limit reset of a block as epoch ms", () => {
  const reset = Date.parse("2026-11-25T13:00:00Z");
  const blocks = identifyBlocks(
    [entry(T0), { ...entry(T0 + 1000), resetTime: reset }, {
      ...entry(T0 + 2000),
      resetTime: reset + 1,
    }],
    0,
  );
  equal(blocks[0]!.usageLimitResetTime, reset);
});
