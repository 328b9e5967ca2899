/** skeletonLine() empties only strings no rule reads: parsing the result gives the same entries. */

import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { parseUsageLine } from "../../src/sources/native/parse_line.ts";
import { bundledPrices } from "../../src/sources/native/pricing.ts";
import { skeletonLine } from "../../src/sources/native/skeleton_line.ts";
import { blockDifferences, runCcusageBlocks } from "../support/ccusage_blocks.ts";
import { nativeBlocksOf, probeLine } from "../support/probe_fixture.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const long = (char: string) => char.repeat(5000);

function parsed(text: string) {
  return parseUsageLine(text, bundledPrices);
}

function viaSkeleton(text: string) {
  const smaller = skeletonLine(encoder.encode(text));
  return smaller === null ? null : parsed(decoder.decode(smaller));
}

const base = { messageId: "m1", requestId: "r1", sessionId: "s1" };
const cases: [string, string][] = [
  ["a long text in an unread field", probeLine({ ...base, extra: { toolUseResult: long("x") } })],
  [
    "long strings in content, nested in arrays and objects",
    probeLine({ ...base, extra: { a: [long("y"), { b: long("z"), c: [long("w")] }] } }),
  ],
  ["a long model name (read)", probeLine({ ...base, model: `claude-${long("q")}` })],
  ["a long sessionId (read)", probeLine({ ...base, sessionId: long("s") })],
  ["a long key", `${probeLine(base).slice(0, -1)},"${long("k")}":1}`],
  [
    "a long string under usage",
    probeLine({
      ...base,
      usage: { input_tokens: 1, output_tokens: 2, server: long("u"), iterations: [long("i")] },
    }),
  ],
  [
    "a long usage-limit text on an API error",
    probeLine({
      ...base,
      model: "<synthetic>",
      extra: {
        isApiErrorMessage: true,
        content: `${long("e")} Claude AI usage limit reached|1760000000`,
      },
    }),
  ],
  [
    "escapes in a long string",
    probeLine({ ...base, extra: { t: `${long("x")}"\\\n\t\u0001é😀` } }),
  ],
  [
    "a long string holding :null and keys",
    probeLine({ ...base, extra: { t: `${long("x")}"cwd":null` } }),
  ],
];

for (const [name, text] of cases) {
  Deno.test(`skeletonLine() keeps the entries of a line: ${name}`, () => {
    const entries = parsed(text);
    ok(entries !== null && entries.length > 0, "the line counts");
    assertEquals(viaSkeleton(text), entries);
  });
}

Deno.test("skeletonLine() keeps the usage-limit reset time of a long API error text", () => {
  const text = cases.find(([name]) => name.includes("usage-limit"))![1];
  ok(parsed(text)![0]!.resetTime !== null);
});

Deno.test("skeletonLine() refuses a long string JSON.parse refuses", () => {
  const line = probeLine({ ...base, extra: { t: "PLACEHOLDER" } });
  for (const bad of [`${long("x")}\u0001`, `${long("x")}\\x`, `${long("x")}\\u12G4`]) {
    const text = line.replace("PLACEHOLDER", bad.replace("\u0001", "\x01"));
    assertEquals(parsed(text), null);
    assertEquals(skeletonLine(encoder.encode(text)), null);
  }
});

Deno.test("a 20 MiB line is read through its skeleton and equals ccusage", async () => {
  const dir = await Deno.makeTempDir({ prefix: "claude-monitor-skeleton-" });
  try {
    await Deno.mkdir(`${dir}/projects/p`, { recursive: true });
    const big = probeLine({ ...base, extra: { toolUseResult: "x".repeat(20 * 1024 * 1024) } });
    await Deno.writeTextFile(`${dir}/projects/p/a.jsonl`, `${big}\n`);
    const expected = await runCcusageBlocks(dir);
    const actual = await nativeBlocksOf([dir], expected.now);
    assertEquals(blockDifferences(actual, expected.blocks), []);
    assertEquals(actual.map((block) => block.entries), [1]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
