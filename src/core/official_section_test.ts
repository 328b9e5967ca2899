import { deepStrictEqual, equal } from "node:assert/strict";
import { parseStatuslineInput } from "./official.ts";
import { estimateSection, officialSection } from "./official_section.ts";
import type { ActivityPoint, SnapshotBasis, SnapshotWindow } from "./types.ts";

const H = 3_600_000;
const start = Date.parse("2026-11-25T08:00:00Z");
const reset = start + 5 * H;
const CALIBRATED: SnapshotBasis = {
  kind: "calibrated",
  label: "calibrated",
  limitTokens: 1_000_000,
  limitCostUSD: 10,
  samples: 2,
};

const capture = parseStatuslineInput(
  JSON.stringify({
    rate_limits: { five_hour: { used_percentage: 40, resets_at: reset / 1000 } },
  }),
  start + 2 * H,
)!;

function window(total: number, tokensPerMinute: number | null): SnapshotWindow {
  return {
    id: new Date(start).toISOString(),
    startTime: start,
    endTime: reset,
    lastActivity: null,
    minutesLeft: 0,
    idleMinutes: 0,
    tokens: { input: 0, output: 0, cacheCreation: 0, cacheRead: 0, total },
    costUSD: 0,
    models: [],
    percentOfMax: null,
    burnRate: tokensPerMinute === null ? null : { tokensPerMinute, costPerHour: 0 },
    projection: null,
  };
}

const activity: ActivityPoint[] = [
  { time: start + 2 * H - 60_000, tokens: 400_000, costUSD: 4 },
  { time: start + 2 * H + 10 * 60_000, tokens: 50_000, costUSD: 0.5 },
];

Deno.test("officialSection() extrapolates the 5-hour share from local usage after the capture (est.)", () => {
  const at = (now: number, basis = CALIBRATED) =>
    officialSection({ capture, basis, window: window(450_000, null), activity, now })
      .estimatedFiveHour;
  equal(at(start + 2 * H + 5 * 60_000), null); // nothing new yet: the capture stands
  equal(at(start + 2 * H + 20 * 60_000), 45); // 40 % + 50,000 of 1,000,000
  equal(
    at(start + 2 * H + 20 * 60_000, { ...CALIBRATED, kind: "record", label: "vs. record" }),
    null,
  );
  // Past the reset the capture is stale: the active window's share of the calibrated limit.
  equal(at(reset + 60_000), 45);
});

Deno.test("officialSection() gives pace and run-out only while the window runs", () => {
  const now = start + 2.5 * H;
  const o = officialSection({ capture, basis: CALIBRATED, window: null, activity: null, now });
  equal(o.stale, false);
  deepStrictEqual(o.pace!.fiveHour, { expectedPercent: 50, deltaPoints: -10 });
  deepStrictEqual(o.runsOutAt, { fiveHour: null, sevenDay: null });
  const stale = officialSection({
    capture,
    basis: CALIBRATED,
    window: null,
    activity: null,
    now: reset,
  });
  deepStrictEqual([stale.stale, stale.pace!.fiveHour, stale.runsOutAt!.fiveHour], [
    true,
    null,
    null,
  ]);
});

Deno.test("estimateSection() shares the window against the basis, with pace and run-out", () => {
  const now = start + 2 * H;
  // 600k of 1M two hours in at 5,000 tokens/min: 100 % in 80 min, before the reset.
  const e = estimateSection(CALIBRATED, window(600_000, 5_000), now);
  deepStrictEqual(e, {
    basis: CALIBRATED,
    percent: 60,
    pace: { expectedPercent: 40, deltaPoints: 20 },
    runsOutAt: now + 80 * 60_000,
  });
  equal(estimateSection(CALIBRATED, window(600_000, 1_000), now).runsOutAt, null);
  const record = { ...CALIBRATED, kind: "record" as const, label: "vs. record" };
  equal(estimateSection(record, window(600_000, 5_000), now).runsOutAt, null);
  equal(estimateSection({ ...CALIBRATED, limitTokens: null }, window(1, 1), now).percent, null);
  equal(estimateSection(CALIBRATED, null, now).percent, null);
});
