import { deepStrictEqual, equal } from "node:assert/strict";
import { officialRunOut, runOutTime, windowPace } from "./pace.ts";

const H = 3_600_000;
const start = Date.parse("2026-11-25T08:00:00Z");
const end = start + 5 * H;

Deno.test("windowPace() compares the share used with an even burn at pinned times", () => {
  const cases: [number, number, number, number][] = [
    // used %, hours in, expected %, delta points
    [50, 2.5, 50, 0],
    [62, 2.5, 50, 12],
    [10, 4, 80, -70],
    [0, 0, 0, 0],
    [30, -1, 0, 30], // before the window: nothing expected yet
    [99, 6, 100, -1], // after the end: everything expected
  ];
  for (const [used, hours, expected, delta] of cases) {
    deepStrictEqual(windowPace(used, start, end, start + hours * H), {
      expectedPercent: expected,
      deltaPoints: delta,
    }, `${used}% at ${hours} h`);
  }
  equal(windowPace(10, start, start, start), null);
});

Deno.test("runOutTime() is the clock time 100 % comes at the rate, only before the reset", () => {
  // 50 % used, 25 %/h: 100 % two hours later, before the reset at 5 h.
  equal(runOutTime(50, 25 / H, start, end), start + 2 * H);
  // 10 %/h: 100 % at 5 h, exactly the reset: not before it.
  equal(runOutTime(50, 10 / H, start, start + 5 * H), null);
  equal(runOutTime(50, 0, start, end), null);
  equal(runOutTime(100, 0, start + H, end), start + H); // already out
  equal(runOutTime(105, 0, end, end), null); // out, but the reset is here
});

Deno.test("officialRunOut() extrapolates the average since the window began", () => {
  // 40 % in the first 2 h of a 5-hour window: 20 %/h, 100 % at 5 h = the reset: not before.
  equal(officialRunOut(40, start, start + 2 * H, end), null);
  // 60 % in 2 h: 30 %/h, 100 % at 3 h 20 min.
  equal(officialRunOut(60, start, start + 2 * H, end), start + 2 * H + (40 / 30) * H);
  // A 7-day window: 50 % in the first day runs out on day 2.
  const week = 7 * 24 * H;
  equal(officialRunOut(50, start, start + 24 * H, start + week), start + 48 * H);
  equal(officialRunOut(0, start, start + H, end), null);
});
