import { deepStrictEqual } from "node:assert/strict";
import { startOfLocalDay, wallClock } from "./zoned_time.ts";

Deno.test("wallClock() in UTC (without Intl) equals Intl's answer for Etc/UTC", () => {
  const instants = [
    0,
    -1,
    -86_400_001,
    // Date.UTC maps years 0-99 to 1900-1999: the first instant of year 1, and the one before.
    new Date(0).setUTCFullYear(1, 0, 1),
    new Date(0).setUTCFullYear(1, 0, 1) - 1,
    Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    Date.UTC(2024, 1, 29, 23, 59, 59, 999),
    Date.UTC(2026, 10, 30, 0, 0, 0),
    Date.UTC(1969, 11, 31, 23, 59, 59, 500),
  ];
  let seed = 7;
  for (let index = 0; index < 2000; index++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    instants.push(Math.round((seed / 2 ** 32 - 0.3) * 1e14) + (index % 1000));
  }
  for (const ms of instants) {
    deepStrictEqual(wallClock(ms, "UTC"), wallClock(ms, "Etc/UTC"), new Date(ms).toISOString());
  }
  deepStrictEqual(
    startOfLocalDay({ year: 2026, month: 3, day: 29 }, "UTC"),
    startOfLocalDay({ year: 2026, month: 3, day: 29 }, "Etc/UTC"),
  );
});
