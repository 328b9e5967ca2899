import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  formatAge,
  formatCompactMinutes,
  formatCount,
  formatCountdown,
  formatDuration,
  formatPercent,
  formatTokens,
  formatUsd,
  shortModel,
} from "./format.ts";
import { levelOf } from "../ui/level.ts";
import {
  datesBetween,
  localDate,
  localDayHm,
  localHm,
  localHms,
  zonedMidnight,
} from "./zoned_time.ts";

Deno.test("formatTokens() writes plain counts, thousands with one decimal and millions with two", () => {
  const cases: Array<[number, string]> = [
    [0, "0"],
    [999, "999"],
    [1000, "1.0k"],
    [812_345, "812.3k"],
    [999_949, "999.9k"],
    [999_960, "1.00M"],
    [1_095_000, "1.10M"],
    [12_345_678, "12.35M"],
  ];
  for (const [n, text] of cases) assertEquals(formatTokens(n), text, `for ${n}`);
});

Deno.test("formatUsd() always shows two decimals", () => {
  assertEquals(formatUsd(1.248), "$1.25");
  assertEquals(formatUsd(0), "$0.00");
  assertEquals(formatUsd(123.456), "$123.46");
});

Deno.test("formatDuration() writes hours and zero-padded minutes, never negative", () => {
  assertEquals(formatDuration((2 * 60 + 41) * 60_000), "2h 41m");
  assertEquals(formatDuration(41 * 60_000 + 59_000), "41m");
  assertEquals(formatDuration(5 * 3_600_000), "5h 00m");
  assertEquals(formatDuration(-5000), "0m");
});

Deno.test("formatCountdown() counts down to the second", () => {
  assertEquals(formatCountdown((2 * 3600 + 41 * 60 + 5) * 1000 + 999), "2h 41m 05s");
  assertEquals(formatCountdown(249_000), "4m 09s");
  assertEquals(formatCountdown(-1), "0m 00s");
});

Deno.test("formatAge(), formatPercent() and shortModel() read naturally", () => {
  assertEquals(formatAge(400), "just now");
  assertEquals(formatAge(12_500), "12s ago");
  assertEquals(formatAge(125 * 60_000), "2h 05m ago");
  assertEquals(formatPercent(45.06), "45%");
  assertEquals(shortModel("claude-opus-4-5-20251101"), "opus-4-5");
  assertEquals(shortModel("claude-sonnet-4-20250514-fast"), "sonnet-4-fast");
  assertEquals(shortModel("<synthetic>"), "<synthetic>");
});

Deno.test("levelOf() is green below 70 %, yellow below 90 %, red from 90 %", () => {
  assertEquals(levelOf(0), "green");
  assertEquals(levelOf(69.99), "green");
  assertEquals(levelOf(70), "yellow");
  assertEquals(levelOf(89.99), "yellow");
  assertEquals(levelOf(90), "red");
  assertEquals(levelOf(250), "red");
  assertEquals(levelOf(Number.NaN), "green");
});

Deno.test("local times follow the zone, including its DST offset", () => {
  const winter = Date.UTC(2026, 10, 25, 13, 0, 7);
  assertEquals(localHms(winter, "Europe/Warsaw"), "14:00:07");
  assertEquals(localHm(winter, "America/New_York"), "08:00");
  assertEquals(localHm(winter, "Asia/Tokyo"), "22:00");
  assertEquals(localDayHm(winter, "Europe/Warsaw"), "Wed 11-25 14:00");
  const summer = Date.UTC(2026, 6, 1, 22, 30);
  assertEquals(localHm(summer, "Europe/Warsaw"), "00:30");
  assertEquals(localDate(summer, "Europe/Warsaw"), "2026-07-02");
  assertEquals(localHm(Date.UTC(2026, 0, 1, 23, 0), "Europe/Warsaw"), "00:00");
});

Deno.test("zonedMidnight() finds local midnight, also on DST change days", () => {
  assertEquals(zonedMidnight("2026-11-15", "Europe/Warsaw"), Date.UTC(2026, 10, 14, 23));
  assertEquals(zonedMidnight("2026-07-15", "Europe/Warsaw"), Date.UTC(2026, 6, 14, 22));
  assertEquals(zonedMidnight("2026-03-29", "Europe/Warsaw"), Date.UTC(2026, 2, 28, 23));
  assertEquals(zonedMidnight("2026-10-25", "Europe/Warsaw"), Date.UTC(2026, 9, 24, 22));
  assertEquals(zonedMidnight("2026-11-15", "UTC"), Date.UTC(2026, 10, 15));
});

Deno.test("datesBetween() lists the dates of a period, end exclusive, across month ends", () => {
  const dates = datesBetween("2026-11-15", "2026-12-15");
  assertEquals(dates.length, 30);
  assertEquals(dates[0], "2026-11-15");
  assertEquals(dates.at(-1), "2026-12-14");
  assertEquals(datesBetween("2027-02-27", "2027-03-02"), [
    "2027-02-27",
    "2027-02-28",
    "2027-03-01",
  ]);
});

Deno.test("formatCompactMinutes() and formatCount() suit narrow outputs and logs", () => {
  assertEquals(formatCompactMinutes(161), "2h41m");
  assertEquals(formatCompactMinutes(41.4), "41m");
  assertEquals(formatCompactMinutes(-3), "0m");
  assertEquals(formatCount(1234567.4), "1,234,567");
});
