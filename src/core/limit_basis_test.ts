import { deepStrictEqual, equal } from "node:assert/strict";
import { calibrationSamples, limitBasis, type LimitBasisInput, modelMix } from "./limit_basis.ts";
import { type OfficialCapture, parseStatuslineInput } from "./official.ts";
import type { ActivityPoint } from "./types.ts";
import { makeBlock } from "../../tests/support/blocks.ts";
import { createNativeSource } from "../sources/native/native_source.ts";
import { createDenoFileSystem } from "../sources/native/deno_file_system.ts";
import { requireSharedDir, sharedTestOptions } from "../../tests/support/shared_dir.ts";
import { join } from "node:path";

const H = 3_600_000;
const MIN = 60_000;
const SONNET = "claude-sonnet-4-20250514";
const OPUS = "claude-opus-4-1-20250805";

function capture(at: number, share: number, resetMs: number): OfficialCapture {
  return parseStatuslineInput(
    JSON.stringify({
      rate_limits: { five_hour: { used_percentage: share, resets_at: resetMs / 1000 } },
    }),
    at,
  )!;
}

/** Ten entries of 10,000 tokens ($0.10) every 10 minutes from `start` + 10 min. */
function tenEntries(start: number, model = SONNET): ActivityPoint[] {
  return Array.from({ length: 10 }, (_, i) => ({
    time: start + (i + 1) * 10 * MIN,
    tokens: 10_000,
    costUSD: 0.1,
    model,
  }));
}

const day1 = Date.parse("2026-11-23T08:00:00Z");
const day2 = Date.parse("2026-11-24T08:00:00Z");
const day3 = Date.parse("2026-11-25T08:00:00Z");
const now = day3 + 3 * H;

function base(extra: Partial<LimitBasisInput>): LimitBasisInput {
  return {
    captures: [],
    blocks: [],
    activity: null,
    tokenLimit: null,
    recordTokens: 900_000,
    activeModels: [],
    now,
    ...extra,
  };
}

Deno.test("calibrationSamples() takes the largest share of each official window from a capture sequence", () => {
  const activity = tenEntries(day3);
  const captures = [
    capture(day3 + 35 * MIN, 2, day3 + 5 * H), // 30k tokens at 2 %: too small a share to trust
    capture(day3 + 65 * MIN, 10, day3 + 5 * H), // 60k at 10 %: 600k
    capture(day3 + 105 * MIN, 25, day3 + 5 * H), // 100k at 25 %: 400k
    capture(day3 + 120 * MIN, 110, day3 + 5 * H), // over the limit: not a calibration point
  ];
  const samples = calibrationSamples(captures, [], activity, now);
  deepStrictEqual(samples.map((s) => [s.usedPercentage, s.tokens, s.limitTokens]), [
    [25, 100_000, 400_000],
  ]);
  equal(Math.round(samples[0]!.limitCostUSD * 1e9) / 1e9, 4);
  equal(samples[0]!.mix, "sonnet");
  // A capture from the future of a pinned clock, or older than a week, is not used.
  deepStrictEqual(
    calibrationSamples(captures, [], activity, day3 + 70 * MIN).map((s) => s.limitTokens),
    [600_000],
  );
  equal(calibrationSamples(captures, [], activity, day3 + 8 * 24 * H).length, 0);
});

Deno.test("limitBasis() calibrates to the median of recent windows, preferring the active model mix", () => {
  const activity = [...tenEntries(day1, OPUS), ...tenEntries(day2), ...tenEntries(day3)];
  const captures = [
    capture(day1 + 105 * MIN, 50, day1 + 5 * H), // opus: 100k at 50 %: 200k
    capture(day2 + 105 * MIN, 20, day2 + 5 * H), // sonnet: 500k
    capture(day3 + 105 * MIN, 25, day3 + 5 * H), // sonnet: 400k
  ];
  const all = limitBasis(base({ captures, activity }));
  deepStrictEqual(all, {
    kind: "calibrated",
    label: "calibrated",
    limitTokens: 400_000,
    limitCostUSD: 4,
    samples: 3,
  });
  const sonnet = limitBasis(base({ captures, activity, activeModels: [SONNET] }));
  deepStrictEqual([sonnet.limitTokens, sonnet.samples], [450_000, 2]);
  const opus = limitBasis(base({ captures, activity, activeModels: [OPUS] }));
  deepStrictEqual([opus.limitTokens, opus.samples], [200_000, 1]);
});

Deno.test("calibrationSamples() without per-entry times uses a block only when nothing came after the capture", () => {
  const reset = day3 + 5 * H + 20 * MIN; // the official window began at 08:20
  const block = makeBlock("2026-11-25T08:00:00Z", { tokens: 300_000, cost: 3, lastMinutes: 100 });
  const after = capture(day3 + 101 * MIN, 30, reset);
  const before = capture(day3 + 90 * MIN, 25, reset);
  deepStrictEqual(
    calibrationSamples([after], [block], null, now).map((s) => s.limitTokens),
    [1_000_000],
  );
  deepStrictEqual(calibrationSamples([before], [block], null, now), []);
});

Deno.test("limitBasis() order: configured, calibrated, observed, record", () => {
  const activity = tenEntries(day3);
  const captures = [capture(day3 + 105 * MIN, 25, day3 + 5 * H)];
  const limited = { ...makeBlock("2026-11-24T08:00:00Z", { tokens: 700_000 }) };
  limited.usageLimitResetTime = Date.parse("2026-11-24T13:00:00.000Z");
  const blocks = [limited, makeBlock("2026-11-25T08:00:00Z", { tokens: 100_000 })];
  equal(limitBasis(base({ tokenLimit: 123_456, captures, activity, blocks })).kind, "configured");
  equal(limitBasis(base({ tokenLimit: 123_456 })).limitTokens, 123_456);
  equal(limitBasis(base({ captures, activity, blocks })).kind, "calibrated");
  deepStrictEqual(limitBasis(base({ blocks })), {
    kind: "observed",
    label: "observed",
    limitTokens: 700_000,
    limitCostUSD: 1,
    samples: 1,
  });
  deepStrictEqual(limitBasis(base({})), {
    kind: "record",
    label: "vs. record",
    limitTokens: 900_000,
    limitCostUSD: null,
    samples: 0,
  });
  equal(limitBasis(base({ recordTokens: 0 })).limitTokens, null);
});

Deno.test({
  ...sharedTestOptions(
    "limitBasis() observes the limit at the real usage-limit message in a transcript",
  ),
  fn: async () => {
    const dir = join(requireSharedDir(), "transcripts", "swordintel");
    const source = createNativeSource({ fs: createDenoFileSystem(), dirs: [dir], now: () => now });
    const { blocks } = await source.load(0);
    source.close?.();
    const limited = blocks.filter((b) => b.usageLimitResetTime !== undefined);
    // ccusage 20.0.24 on the same folder: one window, 2025-08-14 21:00, 8,777,345 tokens.
    deepStrictEqual(limited.map((b) => [b.id, b.totalTokens]), [
      ["2025-08-14T21:00:00.000Z", 8_777_345],
    ]);
    const record = Math.max(...blocks.map((b) => b.totalTokens));
    const basis = limitBasis(base({ blocks, recordTokens: record }));
    deepStrictEqual([basis.kind, basis.label, basis.limitTokens], [
      "observed",
      "observed",
      8_777_345,
    ]);
    // Without the message the same data would be measured against its record window.
    const without = blocks.map((b) => {
      const { usageLimitResetTime: _, ...rest } = b;
      return rest;
    });
    equal(limitBasis(base({ blocks: without, recordTokens: record })).label, "vs. record");
  },
});

Deno.test("modelMix() names the families of a window's models", () => {
  equal(modelMix([SONNET, OPUS, "claude-sonnet-4-5"]), "opus+sonnet");
  equal(modelMix(["glm-4.6"]), "other");
  equal(modelMix([]), "other");
});
