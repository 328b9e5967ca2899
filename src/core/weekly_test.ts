import { deepStrictEqual, equal } from "node:assert/strict";
import { localWeekStart, parseWeekStart, type WeeklyInput, weeklyUsage } from "./weekly.ts";
import type { ActivityPoint } from "./types.ts";
import { makeBlock } from "../../tests/support/blocks.ts";

const H = 3_600_000;
const now = Date.parse("2026-11-25T10:00:00Z"); // Wednesday, 11:00 in Warsaw
const MONDAY = { weekday: 1, hour: 0, minute: 0 };

Deno.test("parseWeekStart() reads a weekday and an optional 24-hour time", () => {
  deepStrictEqual(parseWeekStart("monday"), MONDAY);
  deepStrictEqual(parseWeekStart("Sun 18:30"), { weekday: 0, hour: 18, minute: 30 });
  deepStrictEqual(parseWeekStart(" fri  9 "), { weekday: 5, hour: 9, minute: 0 });
  for (const bad of ["", "funday", "mon 24:00", "mon 9:60", "monkey", "1"]) {
    equal(parseWeekStart(bad), null, bad);
  }
});

Deno.test("localWeekStart() is the latest weekStart at or before now, in the display zone", () => {
  const cases: [string, string, string][] = [
    ["monday", "Europe/Warsaw", "2026-11-22T23:00:00.000Z"],
    ["sun 18:00", "Europe/Warsaw", "2026-11-22T17:00:00.000Z"],
    ["wed 11:00", "Europe/Warsaw", "2026-11-25T10:00:00.000Z"], // exactly now
    ["wed 12:00", "Europe/Warsaw", "2026-11-18T11:00:00.000Z"], // later today: last week's
    ["monday", "America/New_York", "2026-11-23T05:00:00.000Z"],
  ];
  for (const [text, zone, expected] of cases) {
    equal(new Date(localWeekStart(now, parseWeekStart(text)!, zone)).toISOString(), expected, text);
  }
  // Across the end of daylight saving time (Warsaw, 2026-10-25): still local midnight.
  const after = Date.parse("2026-10-28T12:00:00Z");
  equal(
    new Date(localWeekStart(after, MONDAY, "Europe/Warsaw")).toISOString(),
    "2026-10-25T23:00:00.000Z",
  );
});

function point(iso: string, tokens: number, model: string): ActivityPoint {
  return { time: Date.parse(iso), tokens, costUSD: tokens / 1000, model };
}

const activity = [
  point("2026-11-17T12:00:00Z", 999, "opus"), // more than 7 days ago: in no day
  point("2026-11-19T12:00:00Z", 1000, "opus"),
  point("2026-11-22T22:30:00Z", 2000, "sonnet"), // Sunday 23:30 Warsaw: before Monday's start
  point("2026-11-23T08:00:00Z", 3000, "opus"),
  point("2026-11-25T09:00:00Z", 4000, "sonnet"),
  point("2026-11-25T11:00:00Z", 5000, "opus"), // after now
];

function input(extra: Partial<WeeklyInput>): WeeklyInput {
  return {
    blocks: [],
    activity,
    now,
    timeZone: "Europe/Warsaw",
    officialReset: null,
    weekStart: MONDAY,
    ...extra,
  };
}

Deno.test("weeklyUsage() counts the local week from weekStart, per day for 7 days and per model", () => {
  const w = weeklyUsage(input({}));
  equal(w.anchor, "weekStart");
  equal(new Date(w.start).toISOString(), "2026-11-22T23:00:00.000Z");
  equal(new Date(w.end).toISOString(), "2026-11-29T23:00:00.000Z");
  deepStrictEqual([w.tokens, w.costUSD], [7000, 7]);
  deepStrictEqual(w.days.map((d) => [d.date, d.tokens]), [
    ["2026-11-19", 1000],
    ["2026-11-20", 0],
    ["2026-11-21", 0],
    ["2026-11-22", 2000],
    ["2026-11-23", 3000],
    ["2026-11-24", 0],
    ["2026-11-25", 4000],
  ]);
  deepStrictEqual(w.models, [
    { model: "sonnet", tokens: 4000, costUSD: 4 },
    { model: "opus", tokens: 3000, costUSD: 3 },
  ]);
});

Deno.test("weeklyUsage() anchors at the official 7-day window while its reset is ahead", () => {
  const reset = Date.parse("2026-11-29T22:00:00Z"); // the week began 2026-11-22 22:00 UTC
  const w = weeklyUsage(input({ officialReset: reset }));
  deepStrictEqual([w.anchor, w.start, w.end], ["official", reset - 7 * 24 * H, reset]);
  equal(w.tokens, 9000);
  // A reset already past falls back to weekStart.
  equal(weeklyUsage(input({ officialReset: now - H })).anchor, "weekStart");
});

Deno.test("weeklyUsage() without per-entry times counts blocks at their start and names mixed ones", () => {
  const blocks = [
    makeBlock("2026-11-23T08:00:00Z", { tokens: 100, cost: 1, models: ["b", "a"] }),
    makeBlock("2026-11-24T08:00:00Z", { tokens: 200, cost: 3, models: ["a"] }),
    makeBlock("2026-11-20T08:00:00Z", { tokens: 400, cost: 4, models: ["a"] }),
  ];
  const w = weeklyUsage(input({ activity: null, blocks }));
  deepStrictEqual([w.tokens, w.costUSD], [300, 4]);
  deepStrictEqual(w.models.map((m) => m.model), ["a", "a + b"]);
  deepStrictEqual(w.days.map((d) => d.tokens), [0, 400, 0, 0, 100, 200, 0]);
});
