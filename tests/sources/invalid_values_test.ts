/**
 * Values that cannot be true are refused at the edge (issue 10 item 4): ccusage output with
 * absurd, negative or non-finite figures is a typed "invalid" error, the last good data stays and
 * nothing of it is stored.
 */

import { deepStrictEqual, equal, match, ok, throws } from "node:assert/strict";
import { parseBlocksJson } from "../../src/sources/validate_blocks.ts";
import { createCcusageSource } from "../../src/sources/ccusage_source.ts";
import { SourceError } from "../../src/sources/source_error.ts";
import { Monitor, type StatePort } from "../../src/app/monitor.ts";
import { resolveSettings } from "../../src/cli/settings.ts";
import { emptyState, type StateFile } from "../../src/store/state_store.ts";
import { FakeRunner, runResult } from "../support/fake_runner.ts";

function blockJson(overrides: Record<string, unknown> = {}, counts: Record<string, unknown> = {}) {
  const tokenCounts = {
    inputTokens: 100,
    outputTokens: 50,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
    ...counts,
  };
  return {
    id: "2026-11-25T08:00:00.000Z",
    startTime: "2026-11-25T08:00:00.000Z",
    endTime: "2026-11-25T13:00:00.000Z",
    actualEndTime: "2026-11-25T09:00:00.000Z",
    isActive: false,
    isGap: false,
    entries: 2,
    tokenCounts,
    totalTokens: Object.values(tokenCounts).reduce(
      (sum: number, value) => sum + (typeof value === "number" ? value : 0),
      0,
    ),
    costUSD: 0.5,
    models: ["claude-sonnet-4-20250514"],
    burnRate: null,
    projection: null,
    ...overrides,
  };
}

/** JSON text of one block; `raw` replaces a quoted placeholder with a literal (1e400 etc.). */
function output(block: Record<string, unknown>, raw: Record<string, string> = {}): string {
  let text = JSON.stringify({ blocks: [block] });
  for (const [placeholder, literal] of Object.entries(raw)) {
    text = text.replace(`"${placeholder}"`, literal);
  }
  return text;
}

const refused: [string, string, RegExp][] = [
  [
    "totalTokens 1e308",
    output(blockJson({ totalTokens: 1e308 })),
    /"totalTokens" is 1e\+308: expected a whole number from 0 to 9007199254740991/,
  ],
  [
    "a negative token count",
    output(blockJson({}, { inputTokens: -100 })),
    /"inputTokens" is -100: expected a whole number/,
  ],
  ["a negative cost", output(blockJson({ costUSD: -0.5 })), /"costUSD" is -0.5: expected a number/],
  ["a cost of 1e308", output(blockJson({ costUSD: 1e308 })), /"costUSD" is 1e\+308/],
  [
    "a cost that parses to Infinity",
    output(blockJson({ costUSD: "INF" }), { INF: "1e400" }),
    /"costUSD" is Infinity/,
  ],
  [
    "a fractional token count",
    output(blockJson({}, { outputTokens: 0.5 })),
    /"outputTokens" is 0.5: expected a whole number/,
  ],
  [
    "a total that is not the sum of its parts",
    output(blockJson({ totalTokens: 151 })),
    /"totalTokens" is 151, not the sum of "tokenCounts" \(150\)/,
  ],
  [
    "a negative burn rate",
    output(
      blockJson({
        burnRate: { tokensPerMinute: -1, tokensPerMinuteForIndicator: 1, costPerHour: 1 },
      }),
    ),
    /"tokensPerMinute" is -1/,
  ],
  [
    "a projection of Infinity tokens",
    output(
      blockJson({ projection: { totalTokens: "INF", totalCost: 1, remainingMinutes: 10 } }),
      { INF: "1e999" },
    ),
    /"totalTokens" is Infinity/,
  ],
];

for (const [name, text, pattern] of refused) {
  Deno.test(`parseBlocksJson() refuses ${name}`, () => {
    throws(() => parseBlocksJson(text), (error: unknown) => {
      ok(error instanceof TypeError);
      match(error.message, /^blocks\[0\]: /);
      match(error.message, pattern);
      return true;
    });
  });
}

Deno.test("parseBlocksJson() accepts ccusage's real figures", () => {
  const [block] = parseBlocksJson(output(blockJson()));
  equal(block?.totalTokens, 150);
  equal(block?.costUSD, 0.5);
});

const settings = resolveSettings({
  flags: { startDay: "15", timezone: "UTC" },
  env: {},
  file: {},
  fileName: "test",
  systemTimeZone: "UTC",
}).settings;

Deno.test("invalid ccusage output is an invalid-output error, the last good data stays and nothing is stored", async () => {
  const saved: StateFile[] = [];
  const store: StatePort = {
    load: () => Promise.resolve({ state: emptyState(), warning: null }),
    save: (state) => {
      saved.push(structuredClone(state));
      return Promise.resolve();
    },
  };
  let stdout = output(blockJson());
  const source = createCcusageSource({
    runner: new FakeRunner(() => runResult({ stdout })),
    command: "ccusage",
    timeoutMs: 1000,
    cwd: "/",
  });
  const now = Date.parse("2026-11-25T12:00:00Z");
  const monitor = new Monitor({ clock: { now: () => now }, source, store, settings });
  await monitor.init();
  await monitor.refresh();
  equal(monitor.snapshot().period.maxTokens, 150);

  stdout = output(blockJson({ totalTokens: 1e308 }));
  await source.load(0).then(
    () => ok(false, "expected an error"),
    (error: unknown) => {
      ok(error instanceof SourceError);
      equal(error.code, "invalid");
      match(
        error.message,
        /^ccusage printed invalid output: blocks\[0\]: "totalTokens" is 1e\+308/,
      );
    },
  );
  await monitor.refresh();
  const snapshot = monitor.snapshot();
  equal(snapshot.source.ok, false);
  match(snapshot.source.error ?? "", /invalid output/);
  equal(snapshot.period.maxTokens, 150);
  equal(monitor.blocks()[0]?.totalTokens, 150);
  await monitor.stop();
  ok(saved.length > 0);
  for (const state of saved) {
    equal(state.tracker.maxTokens, 150);
    // A non-finite number would come back from JSON as null.
    deepStrictEqual(JSON.parse(JSON.stringify(state.tracker)), state.tracker);
  }
});
