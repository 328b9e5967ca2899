/** blocksToJson prints ccusage's schema; blocksToTable is readable. */

import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { blocksToJson, blocksToTable } from "./blocks_output.ts";
import type { Block } from "./types.ts";

const SAMPLE = new URL("../../../shared/samples/ccusage-blocks-20.0.24.json", import.meta.url);

function block(overrides: Partial<Block>): Block {
  return {
    id: "2026-11-25T08:00:00.000Z",
    startTime: Date.parse("2026-11-25T08:00:00.000Z"),
    endTime: Date.parse("2026-11-25T13:00:00.000Z"),
    actualEndTime: Date.parse("2026-11-25T10:08:56.503Z"),
    isActive: false,
    isGap: false,
    entries: 10,
    tokenCounts: {
      inputTokens: 30000,
      outputTokens: 15000,
      cacheCreationInputTokens: 20000,
      cacheReadInputTokens: 300000,
    },
    totalTokens: 365000,
    costUSD: 1.248,
    models: ["claude-opus-4-20250514", "claude-sonnet-4-20250514"],
    burnRate: null,
    projection: null,
    ...overrides,
  };
}

Deno.test("blocksToJson() prints the keys ccusage prints, sorted, under a blocks array", () => {
  const printed = JSON.parse(
    blocksToJson([block({ usageLimitResetTime: Date.parse("2026-11-25T10:00:00.000Z") })]),
  );
  const keys = Object.keys(printed.blocks[0]);
  deepStrictEqual(keys, [...keys].sort());
  deepStrictEqual(keys, [
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
    "usageLimitResetTime",
  ]);
  deepStrictEqual(Object.keys(printed.blocks[0].tokenCounts), [
    "cacheCreationInputTokens",
    "cacheReadInputTokens",
    "inputTokens",
    "outputTokens",
  ]);
});

Deno.test("blocksToJson() round-trips ccusage's own sample output", async () => {
  let sample: { blocks: (Block & { tokenLimitStatus?: unknown })[] };
  try {
    sample = JSON.parse(await Deno.readTextFile(SAMPLE));
  } catch {
    // The shared sample lives outside the repository; without it this check has nothing to compare.
    return;
  }
  const blocks = sample.blocks.map(({ tokenLimitStatus: _ignored, ...rest }) => rest as Block);
  deepStrictEqual(JSON.parse(blocksToJson(blocks)), { blocks });
});

Deno.test("blocksToTable() shows local start times, marks the active block and gaps", () => {
  const table = blocksToTable([
    block({
      id: "a",
      startTime: Date.parse("2026-11-24T08:00:00.000Z"),
      actualEndTime: Date.parse("2026-11-24T09:30:00.000Z"),
    }),
    block({
      id: "gap",
      isGap: true,
      startTime: Date.parse("2026-11-24T14:30:00.000Z"),
      endTime: Date.parse("2026-11-25T08:10:00.000Z"),
      actualEndTime: null,
      entries: 0,
      totalTokens: 0,
      costUSD: 0,
      models: [],
    }),
    block({ isActive: true }),
  ], "Europe/Warsaw");
  const lines = table.split("\n");
  match(lines[0] ?? "", /^Start\s+Duration\s+Status\s+Entries\s+Tokens\s+Cost\s+Models$/);
  match(
    lines[2] ?? "",
    /^2026-11-24 09:00\s+1h 30m\s+10\s+365,000\s+\$1\.25\s+claude-opus-4-20250514, claude-sonnet-4-20250514$/,
  );
  match(lines[3] ?? "", /^2026-11-24 15:30\s+17h 40m\s+gap/);
  match(lines[4] ?? "", /^2026-11-25 09:00\s+2h 08m\s+ACTIVE\s+10\s+365,000/);
  ok(table.endsWith("2 windows, 730,000 tokens, $2.50 (times in Europe/Warsaw)"));
  equal(lines.length, 7);
});
