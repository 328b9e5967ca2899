import { deepStrictEqual, equal } from "node:assert/strict";
import { identifyUsageBlocks } from "./identify_blocks.ts";
import type { UsageEntry } from "./parse_line.ts";

function entry(id: number, time: number): UsageEntry {
  return {
    time,
    messageId: `msg_${id}`,
    requestId: `req_${id}`,
    sidechain: false,
    hasSpeed: false,
    inputTokens: 10 * (id + 1),
    outputTokens: 1,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    costUSD: 0.5,
    model: "claude-sonnet-4-20250514",
    unpricedModel: null,
    resetTime: null,
  };
}

Deno.test("identifyUsageBlocks() sorts entries with fractional milliseconds (callers' own entries)", () => {
  const t0 = Date.parse("2026-11-25T08:10:00Z");
  const blocks = identifyUsageBlocks(
    [entry(0, t0 + 0.75), entry(1, t0 + 0.25), entry(2, t0 + 60_000.5)],
    t0,
  );
  equal(blocks.length, 1);
  equal(blocks[0]!.entries, 3);
  equal(blocks[0]!.totalTokens, 10 + 20 + 30 + 3);
  deepStrictEqual(blocks[0]!.startTime, Date.parse("2026-11-25T08:00:00Z"));
  equal(blocks[0]!.id, "2026-11-25T08:00:00.000Z");
});
