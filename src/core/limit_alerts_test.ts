import { deepStrictEqual, equal } from "node:assert/strict";
import { type AlertState, emptyAlertState } from "./alerts.ts";
import { evaluateLimitAlerts, type LimitAlertInput, parseAlertAt } from "./limit_alerts.ts";
import { type OfficialCapture, parseStatuslineInput } from "./official.ts";
import { estimateSection, officialSection } from "./official_section.ts";
import type { SnapshotBasis } from "./types.ts";

const H = 3_600_000;
const reset = Date.parse("2026-11-25T13:00:00Z");
// 12 h after the 5-hour window's last hour: the week is 6.5 days old then.
const weekReset = Date.parse("2026-11-26T00:00:00Z");
const RECORD: SnapshotBasis = {
  kind: "record",
  label: "vs. record",
  limitTokens: 1_000_000,
  limitCostUSD: null,
  samples: 0,
};

function capture(fiveHour: number, at: number, resetMs = reset, sevenDay = 10): OfficialCapture {
  return parseStatuslineInput(
    JSON.stringify({
      rate_limits: {
        five_hour: { used_percentage: fiveHour, resets_at: resetMs / 1000 },
        seven_day: { used_percentage: sevenDay, resets_at: weekReset / 1000 },
      },
    }),
    at,
  )!;
}

function input(c: OfficialCapture | null, now: number): LimitAlertInput {
  return {
    official: c === null
      ? null
      : officialSection({ capture: c, basis: RECORD, window: null, activity: null, now }),
    estimate: estimateSection(RECORD, null, now),
    window: null,
    lastEndedWindow: null,
    thresholds: [80, 95],
    timeZone: "UTC",
  };
}

/**
 * Runs the rule over (capture, now) steps, carrying the state; returns the titles of the alerts of
 * `kinds` fired per step.
 */
function run(
  steps: [OfficialCapture | null, number][],
  state: AlertState = emptyAlertState(),
  kinds = ["limit-threshold", "new-window"],
) {
  const out: string[][] = [];
  for (const [c, now] of steps) {
    const r = evaluateLimitAlerts(input(c, now), state, now);
    state = r.state;
    equal(r.keys.length, r.fired.length);
    out.push(r.fired.filter((a) => kinds.includes(a.kind)).map((a) => a.title));
  }
  return { out, state };
}

Deno.test("evaluateLimitAlerts() fires 80 % and 95 % once each per 5-hour window", () => {
  // Captures 4 h into the window, where an even pace is 80 %: nothing is projected to run out.
  const t = reset - H;
  const { out } = run([
    [capture(79, t), t],
    [capture(81, t + 1000), t + 1000],
    [capture(85, t + 2000), t + 2000],
    [capture(96, t + 3000), t + 3000],
    [capture(99, t + 4000), t + 4000],
  ]);
  deepStrictEqual(out, [
    [],
    ["Claude 5-hour limit at 81%"],
    [],
    ["Claude 5-hour limit at 96%"],
    [],
  ]);
});

Deno.test("evaluateLimitAlerts() fires only the highest threshold crossed at once, and again in the next window", () => {
  const t = reset - H;
  const next = reset + 5 * H;
  const { out } = run([
    [capture(97, t), t],
    [capture(97, t + 1000), t + 1000],
    [capture(85, next - H, next), next - H],
  ]);
  deepStrictEqual(out, [
    ["Claude 5-hour limit at 97%"],
    [],
    ["Claude 5-hour limit at 85%"],
  ]);
});

Deno.test("evaluateLimitAlerts() survives a restart through the persisted state", () => {
  const t = reset - H;
  const first = run([[capture(82, t), t]]);
  const again = run(
    [[capture(83, t + 60_000), t + 60_000]],
    JSON.parse(JSON.stringify(first.state)),
  );
  deepStrictEqual(again.out, [[]]);
});

Deno.test("evaluateLimitAlerts() warns once when the pace runs out before the reset", () => {
  // 60 % two hours into the window: at 30 %/h, 100 % at 3 h 20 min, before the reset at 5 h.
  const t = reset - 3 * H;
  const { out } = run([[capture(60, t), t], [capture(61, t + 1000), t + 1000]], undefined, [
    "limit-projected",
  ]);
  deepStrictEqual(out, [["Claude 5-hour limit runs out at 11:20"], []]);
  // 40 % in 2 h reaches 100 % exactly at the reset: not projected.
  deepStrictEqual(run([[capture(40, t), t]], undefined, ["limit-projected"]).out, [[]]);
});

Deno.test("evaluateLimitAlerts() says a new window is available once, within the hour after the reset", () => {
  const used = capture(30, reset - H);
  const { out } = run([
    [used, reset - 1000],
    [used, reset + 60_000],
    [used, reset + 120_000],
  ]);
  deepStrictEqual(out, [[], ["A new Claude 5-hour window is available"], []]);
  deepStrictEqual(run([[used, reset + 2 * H]]).out, [[]]);
  deepStrictEqual(run([[capture(0, reset - H), reset + 60_000]]).out, [[]]);
});

Deno.test("evaluateLimitAlerts() watches the weekly meter until its own reset", () => {
  const t = reset - H;
  const { out } = run([
    [capture(10, t, reset, 79), t],
    [capture(10, t + 1000, reset, 80), t + 1000],
    // Past the 5-hour reset the capture is stale, but the weekly meter still stands.
    [capture(10, t + 2000, reset, 96), reset + H],
  ]);
  deepStrictEqual(out, [[], ["Claude weekly limit at 80%"], ["Claude weekly limit at 96%"]]);
});

Deno.test("evaluateLimitAlerts() alerts on a configured estimate, never on the record window", () => {
  const now = Date.parse("2026-11-25T10:00:00Z");
  const window = {
    id: "2026-11-25T08:00:00.000Z",
    startTime: Date.parse("2026-11-25T08:00:00.000Z"),
    endTime: Date.parse("2026-11-25T13:00:00.000Z"),
    lastActivity: Date.parse("2026-11-25T09:59:00.000Z"),
    minutesLeft: 180,
    idleMinutes: 1,
    tokens: { input: 0, output: 0, cacheCreation: 0, cacheRead: 0, total: 850_000 },
    costUSD: 1,
    models: [],
    percentOfMax: 85,
    burnRate: null,
    projection: null,
  };
  const configured: SnapshotBasis = { ...RECORD, kind: "configured", label: "configured" };
  for (const [basis, expected] of [[configured, 1], [RECORD, 0]] as const) {
    const r = evaluateLimitAlerts(
      {
        official: null,
        estimate: estimateSection(basis, window, now),
        window,
        lastEndedWindow: null,
        thresholds: [80, 95],
        timeZone: "UTC",
      },
      emptyAlertState(),
      now,
    );
    equal(r.fired.length, expected, basis.kind);
    if (expected) equal(r.fired[0]!.body, "Crossed 80% (estimate, configured). Resets at 13:00");
  }
});

Deno.test("parseAlertAt() reads a comma-separated list, sorted, without duplicates", () => {
  deepStrictEqual(parseAlertAt("95, 80,80"), [80, 95]);
  deepStrictEqual(parseAlertAt("50"), [50]);
  deepStrictEqual(parseAlertAt("x,0,-5"), []);
});
