import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { createDemoSource } from "./demo_source.ts";

const NOW = Date.parse("2026-11-25T10:18:20.000Z");
const MONTH_AGO = NOW - 31 * 86_400_000;
const KEYS = [
  "actualEndTime",
  "burnRate",
  "costUSD",
  "endTime",
  "entries",
  "id",
  "isActive",
  "isGap",
  "models",
  "projection",
  "startTime",
  "tokenCounts",
  "totalTokens",
];

Deno.test("createDemoSource() returns a month of ccusage-shaped blocks and one active window", async () => {
  const source = createDemoSource(() => NOW);
  assertEquals(source.kind, "demo");
  const { blocks, activity } = await source.load(MONTH_AGO);
  const real = blocks.filter((b) => !b.isGap);
  assert(real.length >= 25, `${real.length} windows`);
  for (const block of blocks) {
    assertEquals(Object.keys(block).sort(), KEYS);
    const t = block.tokenCounts;
    assertEquals(
      block.totalTokens,
      t.inputTokens + t.outputTokens + t.cacheCreationInputTokens + t.cacheReadInputTokens,
    );
    // Windows start on the UTC hour of their first entry.
    if (!block.isGap) assertEquals(block.startTime % 3_600_000, 0);
  }
  const active = blocks.filter((b) => b.isActive);
  assertEquals(active.length, 1);
  assertEquals(active[0]!.startTime, Date.parse("2026-11-25T08:00:00.000Z"));
  assertEquals(active[0]!.id, "2026-11-25T08:00:00.000Z");
  assertEquals(active[0]!.endTime, Date.parse("2026-11-25T13:00:00.000Z"));
  assert(activity && activity.length > 0);
  // Activity points add up to the blocks' tokens.
  const points = activity.reduce((n, p) => n + p.tokens, 0);
  assertEquals(points, real.reduce((n, b) => n + b.totalTokens, 0));
});

Deno.test("the demo's burn rate and projection are computed like ccusage's", async () => {
  const { blocks, activity } = await createDemoSource(() => NOW).load(MONTH_AGO);
  const active = blocks.find((b) => b.isActive)!;
  const start = active.startTime;
  const inWindow = activity!.filter((p) => p.time >= start);
  const first = inWindow[0]!.time;
  const last = inWindow.at(-1)!.time;
  assertEquals(active.actualEndTime, last);
  const minutes = (last - first) / 60_000;
  assertEquals(active.burnRate!.tokensPerMinute, active.totalTokens / minutes);
  assertEquals(active.burnRate!.costPerHour, (active.costUSD / minutes) * 60);
  // ccusage 20 rounds the minutes left first, then projects over them.
  const remaining = Math.round((active.endTime - NOW) / 60_000);
  assertEquals(active.projection, {
    totalTokens: Math.round(active.totalTokens + active.burnRate!.tokensPerMinute * remaining),
    totalCost:
      Math.round((active.costUSD + (active.burnRate!.costPerHour / 60) * remaining) * 100) /
      100,
    remainingMinutes: remaining,
  });

  for (const b of blocks.filter((b) => !b.isActive)) {
    assertEquals([b.burnRate, b.projection], [null, null]);
  }
});

Deno.test("the demo window grows while you watch and the past stays the same", async () => {
  let now = NOW;
  const source = createDemoSource(() => now);
  const before = await source.load(MONTH_AGO);
  now = NOW + 20 * 60_000;
  const after = await source.load(MONTH_AGO);
  const activeBefore = before.blocks.find((b) => b.isActive)!;
  const activeAfter = after.blocks.find((b) => b.isActive)!;
  assertEquals(activeAfter.id, activeBefore.id);
  assert(activeAfter.totalTokens > activeBefore.totalTokens);
  assert(activeAfter.entries > activeBefore.entries);
  const past = (blocks: typeof before.blocks) => blocks.filter((b) => !b.isActive);
  assertEquals(past(after.blocks), past(before.blocks));
});

Deno.test("the demo is deterministic for the same clock", async () => {
  const a = await createDemoSource(() => NOW).load(MONTH_AGO);
  const b = await createDemoSource(() => NOW).load(MONTH_AGO);
  assertEquals(a, b);
});

Deno.test("gap blocks fill more than 5 h without entries, as ccusage writes them", async () => {
  const { blocks } = await createDemoSource(() => NOW).load(MONTH_AGO);
  const gaps = blocks.filter((b) => b.isGap);
  assert(gaps.length > 0);
  for (const gap of gaps) {
    // Blocks are ordered by start, so the block before a gap is found by its last entry.
    const before = blocks.find((b) =>
      !b.isGap && b.actualEndTime! + 5 * 3_600_000 === gap.startTime
    );
    assert(before, `no block ends 5 h before ${gap.startTime}`);
    assertEquals(gap.id, `gap-${new Date(gap.startTime).toISOString()}`);
    assertEquals([gap.entries, gap.totalTokens, gap.costUSD, gap.actualEndTime], [0, 0, 0, null]);
  }
});
