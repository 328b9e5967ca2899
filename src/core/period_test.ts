import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { billingPeriod, periodDates } from "./period.ts";

const at = (iso: string) => Date.parse(iso);

function check(now: string, startDay: number, tz: string) {
  const p = billingPeriod(at(now), startDay, tz);
  return {
    ...periodDates(p),
    startUtc: new Date(p.startMs).toISOString(),
    endUtc: new Date(p.endMs).toISOString(),
    daysLeft: p.daysLeft,
  };
}

const cases: [string, string, number, string, ReturnType<typeof check>][] = [
  ["today after the start day", "2026-11-25T10:00:00Z", 15, "UTC", {
    start: "2026-11-15",
    end: "2026-12-15",
    startUtc: "2026-11-15T00:00:00.000Z",
    endUtc: "2026-12-15T00:00:00.000Z",
    daysLeft: 20,
  }],
  ["today before the start day", "2026-11-10T10:00:00Z", 15, "UTC", {
    start: "2026-10-15",
    end: "2026-11-15",
    startUtc: "2026-10-15T00:00:00.000Z",
    endUtc: "2026-11-15T00:00:00.000Z",
    daysLeft: 5,
  }],
  ["today is the start day", "2026-11-15T00:00:00Z", 15, "UTC", {
    start: "2026-11-15",
    end: "2026-12-15",
    startUtc: "2026-11-15T00:00:00.000Z",
    endUtc: "2026-12-15T00:00:00.000Z",
    daysLeft: 30,
  }],
  ["start day 31 in non-leap February", "2027-02-28T12:00:00Z", 31, "UTC", {
    start: "2027-02-28",
    end: "2027-03-31",
    startUtc: "2027-02-28T00:00:00.000Z",
    endUtc: "2027-03-31T00:00:00.000Z",
    daysLeft: 31,
  }],
  ["start day 31 before February's last day", "2027-02-27T12:00:00Z", 31, "UTC", {
    start: "2027-01-31",
    end: "2027-02-28",
    startUtc: "2027-01-31T00:00:00.000Z",
    endUtc: "2027-02-28T00:00:00.000Z",
    daysLeft: 1,
  }],
  ["start day 31 in leap February", "2028-02-28T12:00:00Z", 31, "UTC", {
    start: "2028-01-31",
    end: "2028-02-29",
    startUtc: "2028-01-31T00:00:00.000Z",
    endUtc: "2028-02-29T00:00:00.000Z",
    daysLeft: 1,
  }],
  ["start day 30 on leap day", "2028-02-29T12:00:00Z", 30, "UTC", {
    start: "2028-02-29",
    end: "2028-03-30",
    startUtc: "2028-02-29T00:00:00.000Z",
    endUtc: "2028-03-30T00:00:00.000Z",
    daysLeft: 30,
  }],
  ["start day 29 in non-leap February", "2027-03-01T12:00:00Z", 29, "UTC", {
    start: "2027-02-28",
    end: "2027-03-29",
    startUtc: "2027-02-28T00:00:00.000Z",
    endUtc: "2027-03-29T00:00:00.000Z",
    daysLeft: 28,
  }],
  ["start day 31 in April", "2026-04-30T08:00:00Z", 31, "UTC", {
    start: "2026-04-30",
    end: "2026-05-31",
    startUtc: "2026-04-30T00:00:00.000Z",
    endUtc: "2026-05-31T00:00:00.000Z",
    daysLeft: 31,
  }],
  ["a local day ahead of UTC decides the period", "2026-11-14T23:30:00Z", 15, "Europe/Warsaw", {
    start: "2026-11-15",
    end: "2026-12-15",
    startUtc: "2026-11-14T23:00:00.000Z",
    endUtc: "2026-12-14T23:00:00.000Z",
    daysLeft: 30,
  }],
  ["period starting on Warsaw's spring-forward day", "2026-03-29T12:00:00Z", 29, "Europe/Warsaw", {
    start: "2026-03-29",
    end: "2026-04-29",
    startUtc: "2026-03-28T23:00:00.000Z",
    endUtc: "2026-04-28T22:00:00.000Z",
    daysLeft: 31,
  }],
  ["period ending on Warsaw's fall-back day", "2026-10-24T12:00:00Z", 25, "Europe/Warsaw", {
    start: "2026-09-25",
    end: "2026-10-25",
    startUtc: "2026-09-24T22:00:00.000Z",
    endUtc: "2026-10-24T22:00:00.000Z",
    daysLeft: 1,
  }],
  ["period on New York's spring-forward day", "2026-03-08T15:00:00Z", 8, "America/New_York", {
    start: "2026-03-08",
    end: "2026-04-08",
    startUtc: "2026-03-08T05:00:00.000Z",
    endUtc: "2026-04-08T04:00:00.000Z",
    daysLeft: 31,
  }],
  ["New York fall-back day inside a period", "2026-11-01T12:00:00Z", 1, "America/New_York", {
    start: "2026-11-01",
    end: "2026-12-01",
    startUtc: "2026-11-01T04:00:00.000Z",
    endUtc: "2026-12-01T05:00:00.000Z",
    daysLeft: 30,
  }],
  ["a :30 offset zone (Asia/Kolkata)", "2026-11-14T19:00:00Z", 15, "Asia/Kolkata", {
    start: "2026-11-15",
    end: "2026-12-15",
    startUtc: "2026-11-14T18:30:00.000Z",
    endUtc: "2026-12-14T18:30:00.000Z",
    daysLeft: 30,
  }],
  [
    "just before midnight in a :30 zone stays in the old period",
    "2026-11-14T18:29:59Z",
    15,
    "Asia/Kolkata",
    {
      start: "2026-10-15",
      end: "2026-11-15",
      startUtc: "2026-10-14T18:30:00.000Z",
      endUtc: "2026-11-14T18:30:00.000Z",
      daysLeft: 1,
    },
  ],
  ["December rolls into the next year", "2026-12-20T12:00:00Z", 15, "UTC", {
    start: "2026-12-15",
    end: "2027-01-15",
    startUtc: "2026-12-15T00:00:00.000Z",
    endUtc: "2027-01-15T00:00:00.000Z",
    daysLeft: 26,
  }],
];

for (const [name, now, day, tz, expected] of cases) {
  Deno.test(`billingPeriod() handles ${name}`, () => {
    assertEquals(check(now, day, tz), expected);
  });
}

Deno.test("billingPeriod() starts at the first local instant when midnight is skipped by DST", () => {
  // America/Santiago springs forward at 24:00 on the first Saturday of September 2026 (Sep 6 00:00
  // does not exist); the period still starts on that local day.
  const p = billingPeriod(at("2026-09-06T12:00:00Z"), 6, "America/Santiago");
  assertEquals(periodDates(p).start, "2026-09-06");
  assertEquals(new Date(p.startMs).toISOString(), "2026-09-06T04:00:00.000Z");
});
