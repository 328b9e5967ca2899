import { deepStrictEqual, equal, match } from "node:assert/strict";
import { billingPeriod, periodDates } from "./period.ts";
import { buildSnapshot, type SnapshotInput } from "./snapshot.ts";
import { emptyTrackerState, updateTracker } from "./tracker.ts";
import { formatOnceText } from "./once_text.ts";
import { parseBlocksJson } from "../sources/validate_blocks.ts";
import { makeBlock } from "../../tests/support/blocks.ts";
import type { Block } from "./types.ts";

const sample = parseBlocksJson(
  await Deno.readTextFile(
    new URL("../../tests/fixtures/ccusage-blocks-20.0.24.json", import.meta.url),
  ),
);

function input(blocks: Block[], nowIso: string, startDay = 15, extra: Partial<SnapshotInput> = {}) {
  const now = Date.parse(nowIso);
  const period = billingPeriod(now, startDay, "Europe/Warsaw");
  const tracker = updateTracker(emptyTrackerState(), blocks, now, period, periodDates(period).start)
    .state;
  return {
    now,
    timezone: "Europe/Warsaw",
    blocks,
    period,
    tracker,
    source: { kind: "ccusage" as const, ok: true, error: null, updatedAt: now },
    sessionsLimit: 50,
    tokenLimit: null,
    official: null,
    alerts: [],
    ...extra,
  };
}

Deno.test("buildSnapshot() reproduces ccusage's active window numbers at ccusage's own time", () => {
  // The sample's projection was computed with 162 minutes left before 13:00.
  const s = buildSnapshot(input(sample, "2026-11-25T10:18:00.000Z"));
  const w = s.window!;
  equal(w.id, "2026-11-25T08:00:00.000Z");
  equal(w.minutesLeft, 162);
  deepStrictEqual(w.tokens, {
    input: 30000,
    output: 15000,
    cacheCreation: 20000,
    cacheRead: 300000,
    total: 365000,
  });
  equal(w.costUSD, 1.248);
  equal(w.percentOfMax, 45.1);
  deepStrictEqual(w.burnRate, { tokensPerMinute: 4506.2, costPerHour: 0.92 });
  deepStrictEqual(w.projection, { totalTokens: 1095000, costUSD: 3.74 });
  equal(w.lastActivity, Date.parse("2026-11-25T10:08:56.503Z"));
  equal(w.idleMinutes, 9);
  equal(s.period.sessionsUsed, 2);
  equal(s.period.sessionsLeft, 48);
  equal(s.period.daysLeft, 20);
  equal(s.period.sessionsPerDayLeft, 2.4);
  equal(s.period.costUSD, 2.463);
  equal(s.period.maxTokens, 810000);
  equal(s.period.maxCostUSD, 1.248);
  equal(s.period.start, "2026-11-15");
  equal(s.period.end, "2026-12-15");
});

Deno.test("buildSnapshot() has exactly the contract's keys", () => {
  const s = buildSnapshot(input(sample, "2026-11-25T10:18:00.000Z"));
  deepStrictEqual(Object.keys(s), [
    "schemaVersion",
    "generatedAt",
    "timezone",
    "source",
    "window",
    "period",
    "official",
    "alerts",
    // Additive: the local estimate and its basis (the week only when the monitor computed it).
    "estimate",
  ]);
  deepStrictEqual(Object.keys(s.window!), [
    "id",
    "startTime",
    "endTime",
    "lastActivity",
    "minutesLeft",
    "idleMinutes",
    "tokens",
    "costUSD",
    "models",
    "percentOfMax",
    "burnRate",
    "projection",
  ]);
  deepStrictEqual(Object.keys(s.period), [
    "start",
    "end",
    "daysLeft",
    "sessionsUsed",
    "sessionsLimit",
    "sessionsLeft",
    "sessionsOver",
    "sessionsPerDayLeft",
    "costUSD",
    "totalTokens",
    "maxTokens",
    "maxCostUSD",
  ]);
  deepStrictEqual(Object.keys(s.estimate!), ["basis", "percent", "pace", "runsOutAt"]);
});

Deno.test("buildSnapshot() gives the official section every field, additively", () => {
  const now = "2026-11-25T10:18:00.000Z";
  const official = {
    capturedAt: Date.parse("2026-11-25T10:17:00.000Z"),
    fiveHour: { usedPercentage: 42.5, resetsAt: Date.parse("2026-11-25T13:00:00.000Z") },
    sevenDay: { usedPercentage: 17, resetsAt: Date.parse("2026-11-28T00:00:00.000Z") },
    spendLimit: { usedPercentage: 8, resetsAt: null },
    modelScoped: [{ name: "Opus", usedPercentage: 3, resetsAt: null }],
  };
  const s = buildSnapshot(input(sample, now, 15, { official }));
  deepStrictEqual(Object.keys(s.official!), [
    "capturedAt",
    "stale",
    "fiveHour",
    "sevenDay",
    "spendLimit",
    "modelScoped",
    "basis",
    "pace",
    "runsOutAt",
    "estimatedFiveHour",
  ]);
  const o = s.official!;
  deepStrictEqual([o.stale, o.fiveHour, o.spendLimit], [
    false,
    { usedPercentage: 42.5, resetsAt: Date.parse("2026-11-25T13:00:00.000Z") },
    { usedPercentage: 8, resetsAt: null },
  ]);
  // 10:18 is 2 h 18 min into the window that resets at 13:00: an even pace is 46 %.
  deepStrictEqual(o.pace!.fiveHour, { expectedPercent: 46, deltaPoints: -3.5 });
  deepStrictEqual(o.runsOutAt, { fiveHour: null, sevenDay: null });
  deepStrictEqual(o.basis, s.estimate!.basis);
  equal(o.basis!.label, "vs. record");
});

Deno.test("buildSnapshot() gives a null window after the window ends, and the text waits", () => {
  const s = buildSnapshot(input(sample, "2026-11-25T13:00:00.000Z"));
  equal(s.window, null);
  equal(s.period.sessionsUsed, 2);
  const text = formatOnceText(s);
  equal(text.includes("waiting for a new window"), true);
});

Deno.test("buildSnapshot() measures against a configured token limit instead of the record", () => {
  const s = buildSnapshot(
    input(sample, "2026-11-25T10:18:00.000Z", 15, { tokenLimit: 500_000 }),
  );
  equal(s.window!.percentOfMax, 73);
  equal(s.period.maxTokens, 500_000);
});

Deno.test("buildSnapshot() projects from the burn rate at the snapshot's own time", () => {
  const block = makeBlock("2026-11-25T08:00:00Z", {
    tokens: 60_000,
    cost: 1,
    lastMinutes: 60,
    burn: { tokensPerMinute: 1000, costPerHour: 6 },
  });
  const s = buildSnapshot(input([block], "2026-11-25T12:00:00.000Z"));
  equal(s.window!.minutesLeft, 60);
  deepStrictEqual(s.window!.projection, { totalTokens: 120_000, costUSD: 7 });
  equal(s.window!.idleMinutes, 180);
});

Deno.test("buildSnapshot() reports zero days left as zero sessions per day, not a division", () => {
  const s = buildSnapshot(input([], "2026-11-25T10:00:00.000Z", 26));
  equal(s.period.daysLeft, 1);
  equal(s.period.sessionsPerDayLeft, 50);
  equal(s.window, null);
  equal(s.period.maxTokens, 0);
});

Deno.test("formatOnceText() prints every number the seed showed", () => {
  const s = buildSnapshot(input(sample, "2026-11-25T10:18:00.000Z"));
  const text = formatOnceText(s);
  for (
    const needle of [
      "45%",
      "365,000 / 810,000",
      "2h 42m left, resets at 14:00",
      "$1.25",
      "2 used, 48 left of 50",
      "Days left   20",
      "2.40 sessions per day left",
      "$2.46 so far",
    ]
  ) {
    equal(text.includes(needle), true, `missing ${needle} in\n${text}`);
  }
});

Deno.test("over the session limit nothing is negative: 0 left, 0 per day, over by N", () => {
  // 53 windows in the period against a limit of 50.
  const blocks = Array.from(
    { length: 53 },
    (_, i) =>
      makeBlock(new Date(Date.parse("2026-11-15T00:00:00Z") + i * 6 * 3_600_000).toISOString()),
  );
  const s = buildSnapshot(input(blocks, "2026-11-28T12:00:00.000Z"));
  equal(s.period.sessionsUsed, 53);
  equal(s.period.sessionsLeft, 0);
  equal(s.period.sessionsOver, 3);
  equal(s.period.sessionsPerDayLeft, 0);
  const text = formatOnceText(s);
  match(text, /53 used, over by 3 \(limit 50\)/);
  match(text, /0\.00 sessions per day left/);
  equal(/-\d/.test(text.replace(/\d{4}-\d\d-\d\d/g, "")), false, text);
  const within = buildSnapshot(input(blocks.slice(0, 13), "2026-11-28T12:00:00.000Z"));
  equal(within.period.sessionsOver, 0);
  equal(within.period.sessionsLeft, 37);
  match(formatOnceText(within), /13 used, 37 left of 50/);
});

Deno.test("buildSnapshot() with the same state and blocks follows a new period and new data", () => {
  const blocks = Array.from(
    { length: 7 },
    (_, i) =>
      makeBlock(new Date(Date.parse("2026-11-10T00:00:00Z") + i * 2 * 86_400_000).toISOString()),
  );
  const base = input(blocks, "2026-11-14T12:00:00.000Z");
  // Same state and blocks objects, a later instant: equal to a snapshot built from scratch.
  const early = buildSnapshot(base);
  equal(early.period.sessionsUsed, 3);
  const laterNow = Date.parse("2026-11-16T12:00:00.000Z");
  const laterPeriod = billingPeriod(laterNow, 15, "Europe/Warsaw");
  const later = buildSnapshot({ ...base, now: laterNow, period: laterPeriod });
  const fresh = buildSnapshot(input(blocks, "2026-11-16T12:00:00.000Z"));
  equal(later.period.sessionsUsed, 4);
  deepStrictEqual(later.period, fresh.period);
  // New data is a new blocks array: its windows count at once.
  const more = [...blocks, makeBlock("2026-11-25T00:00:00.000Z")];
  equal(
    buildSnapshot({ ...base, now: laterNow, period: laterPeriod, blocks: more }).period
      .sessionsUsed,
    5,
  );
});
