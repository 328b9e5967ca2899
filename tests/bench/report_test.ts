import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import {
  formatRatio,
  formatTable,
  formatValue,
  median,
  meets,
  ratioOf,
  type Row,
  verdicts,
} from "../../scripts/bench/report.ts";

function row(overrides: Partial<Row>): Row {
  return {
    measure: "Cold full read",
    data: "1G",
    value: 500,
    unit: "ms",
    ccusage: 1000,
    target: { on: "ratio", op: "<=", limit: 1, label: "ratio <= 1.0" },
    ...overrides,
  };
}

Deno.test("ratioOf() divides by ccusage's figure and is null without one", () => {
  assertEquals(ratioOf(row({})), 0.5);
  assertEquals(ratioOf(row({ ccusage: null })), null);
  assertEquals(ratioOf(row({ ccusage: 0 })), null);
});

Deno.test("meets() checks <= and < targets at their boundary", () => {
  const atLimit = row({ value: 1000 });
  assertEquals(meets(atLimit), true);
  const strict = { on: "ratio" as const, op: "<" as const, limit: 1, label: "ratio < 1" };
  assertEquals(meets(row({ value: 1000, target: strict })), false);
  assertEquals(meets(row({ value: 999, target: strict })), true);
  assertEquals(meets(row({ value: 1001 })), false);
});

Deno.test("meets() checks value targets without ccusage and is null without a target", () => {
  const frame = { on: "value" as const, op: "<=" as const, limit: 500, label: "<= 500 ms" };
  assertEquals(meets(row({ value: 500, ccusage: null, target: frame })), true);
  assertEquals(meets(row({ value: 501, ccusage: null, target: frame })), false);
  assertEquals(meets(row({ target: null })), null);
  // A ratio target without a ccusage figure cannot be met.
  assertEquals(meets(row({ ccusage: null })), false);
});

Deno.test("formatValue() picks ms or s, MiB and percent", () => {
  assertEquals(formatValue(1.234, "ms"), "1.23 ms");
  assertEquals(formatValue(33.61, "ms"), "33.6 ms");
  assertEquals(formatValue(361.4, "ms"), "361 ms");
  assertEquals(formatValue(12_345, "ms"), "12.35 s");
  assertEquals(formatValue(468 * 1024 * 1024, "bytes"), "468 MiB");
  assertEquals(formatValue(0.8, "percent"), "0.800 %");
  assertEquals(formatValue(0.9974, "percent"), "0.997 %");
  assertEquals(formatValue(25.04, "percent"), "25.0 %");
});

Deno.test("formatRatio() keeps three significant digits, even for tiny ratios", () => {
  assertEquals(formatRatio(0.51234), "0.512");
  assertEquals(formatRatio(0.000312), "0.000312");
  assertEquals(formatRatio(null), "—");
});

Deno.test("formatTable() aligns every column and marks misses", () => {
  const table = formatTable([row({}), row({ value: 2000, measure: "Peak RSS" })]).split("\n");
  assertEquals(table.length, 4);
  assertEquals(new Set(table.map((line) => line.length)).size, 1);
  assertEquals(table[2]?.includes("| yes "), true);
  assertEquals(table[3]?.includes("**no**"), true);
  assertEquals(table[3]?.includes("| 2.00 "), true);
});

Deno.test("verdicts() says met or missed and by what factor of the limit", () => {
  const lines = verdicts([row({}), row({ value: 3000 }), row({ target: null })]);
  assertEquals(lines, [
    "met    Cold full read [1G]: 0.500 vs ratio <= 1.0 (0.500 x the limit)",
    "MISSED Cold full read [1G]: 3.00 vs ratio <= 1.0 (3.00 x the limit)",
  ]);
});

Deno.test("median() takes the middle value, or the mean of the middle two", () => {
  assertEquals(median([3, 1, 2]), 2);
  assertEquals(median([4, 1, 3, 2]), 2.5);
  assertThrows(() => median([]), /no values/);
});
