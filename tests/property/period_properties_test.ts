/**
 * Property: for any IANA zone, start day 1-31 and instant, the billing period contains the
 * instant, starts at the first moment of its first local day, and lasts about a month.
 */

import fc from "fast-check";
import { ok } from "node:assert/strict";
import { billingPeriod } from "../../src/core/period.ts";
import { wallClock } from "../../src/core/zoned_time.ts";
import { propertySeeds } from "./seeds.ts";

const ZONES = Intl.supportedValuesOf("timeZone");
const DAY = 86_400_000;

// Days that do not exist or repeat somewhere: Samoa skipped 2011-12-30, Kwajalein 1993-08-21;
// plus month ends and a leap day, where start days 29-31 clamp.
const AWKWARD = [
  Date.UTC(2011, 11, 30),
  Date.UTC(1993, 7, 21),
  Date.UTC(2024, 1, 29),
  Date.UTC(2026, 1, 28),
  Date.UTC(2026, 2, 29),
  Date.UTC(2026, 9, 25),
];

const inputs = fc.record({
  zone: fc.oneof(
    fc.constantFrom(...ZONES, "UTC"),
    fc.constantFrom("Pacific/Apia", "Pacific/Kwajalein", "America/Santiago", "Asia/Beirut"),
  ),
  startDay: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 28, max: 31 })),
  now: fc.oneof(
    // 1971 to 2099: zone rules from the early years through long after the last known change.
    fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 11, 31) }),
    fc.tuple(fc.constantFrom(...AWKWARD), fc.integer({ min: -3 * DAY, max: 3 * DAY }))
      .map(([base, offset]) => base + offset),
  ),
});

for (const seed of propertySeeds()) {
  Deno.test(`billingPeriod() contains the instant for any zone, start day and instant (seed ${seed})`, () => {
    fc.assert(
      fc.property(inputs, ({ zone, startDay, now }) => {
        const p = billingPeriod(now, startDay, zone);
        ok(p.startMs <= now && now < p.endMs, `${new Date(now).toISOString()} outside the period`);
        // About a month: 28-31 days, give or take a daylight-saving hour or a skipped day.
        const length = p.endMs - p.startMs;
        ok(length >= 27 * DAY && length <= 32 * DAY, `length ${length / DAY} days`);
        // The first instant of the start day: a moment earlier is still the day before.
        const start = wallClock(p.startMs, zone);
        const before = wallClock(p.startMs - 1, zone);
        ok(
          start.year !== before.year || start.month !== before.month || start.day !== before.day,
          `${new Date(p.startMs).toISOString()} is not the start of a local day in ${zone}`,
        );
        ok(p.daysLeft >= 1 && p.daysLeft <= p.lengthDays, `daysLeft ${p.daysLeft}`);
      }),
      { seed, numRuns: 1500 },
    );
  });
}
