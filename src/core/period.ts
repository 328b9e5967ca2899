/** The billing period: from 00:00 on the start day in the display zone to the same day next month. */

import {
  addMonths,
  daysBetween,
  daysInMonth,
  formatLocalDate,
  type LocalDate,
  startOfLocalDay,
  wallClock,
} from "./zoned_time.ts";

/** A billing period in local dates and UTC instants. */
export interface BillingPeriod {
  /** First local day (inclusive). */
  startDate: LocalDate;
  /** First local day of the next period (exclusive). */
  endDate: LocalDate;
  /** Epoch ms of the period's first instant. */
  startMs: number;
  /** Epoch ms of the next period's first instant. */
  endMs: number;
  /** Days left including today. */
  daysLeft: number;
  /** Length in days. */
  lengthDays: number;
}

/** The period's start day in a month: a start day past the month's end means its last day. */
export function effectiveStartDay(year: number, month: number, startDay: number): number {
  return Math.min(startDay, daysInMonth(year, month));
}

/**
 * Computes the billing period containing `now`.
 *
 * @example
 * ```ts
 * const p = billingPeriod(Date.parse("2026-11-25T10:00:00Z"), 15, "UTC");
 * // p.startDate = 2026-11-15, p.endDate = 2026-12-15, p.daysLeft = 20
 * ```
 */
export function billingPeriod(now: number, startDay: number, timeZone: string): BillingPeriod {
  const today = wallClock(now, timeZone);
  let [y, m] = [today.year, today.month];
  if (today.day < effectiveStartDay(y, m, startDay)) [y, m] = addMonths(y, m, -1);
  const startDate = { year: y, month: m, day: effectiveStartDay(y, m, startDay) };
  const [ny, nm] = addMonths(y, m, 1);
  const endDate = { year: ny, month: nm, day: effectiveStartDay(ny, nm, startDay) };
  const todayDate = { year: today.year, month: today.month, day: today.day };
  return {
    startDate,
    endDate,
    startMs: startOfLocalDay(startDate, timeZone),
    endMs: startOfLocalDay(endDate, timeZone),
    daysLeft: daysBetween(todayDate, endDate),
    lengthDays: daysBetween(startDate, endDate),
  };
}

/** The period's dates as YYYY-MM-DD strings (end exclusive). */
export function periodDates(p: BillingPeriod): { start: string; end: string } {
  return { start: formatLocalDate(p.startDate), end: formatLocalDate(p.endDate) };
}
