/** Wall-clock arithmetic in an IANA time zone using only Intl (no clock reads, no Deno). */

/** A local calendar date. */
export interface LocalDate {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Returns the wall-clock fields of instant `ms` in `timeZone`. */
export function wallClock(
  ms: number,
  timeZone: string,
): LocalDate & { hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts["year"] ?? 1970,
    month: parts["month"] ?? 1,
    day: parts["day"] ?? 1,
    hour: parts["hour"] ?? 0,
    minute: parts["minute"] ?? 0,
    second: parts["second"] ?? 0,
  };
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds (east positive). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The first instant at or after local midnight of `date` in `timeZone`.
 * Where midnight does not exist (a DST jump at 00:00) this is the first local time of that day.
 *
 * @example
 * ```ts
 * new Date(startOfLocalDay({ year: 2026, month: 11, day: 15 }, "Europe/Warsaw")).toISOString();
 * // "2026-11-14T23:00:00.000Z"
 * ```
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const naive = Date.UTC(date.year, date.month - 1, date.day);
  // Zones change offset at most once around a given midnight: try the offsets in force a day
  // before and a day after. The earliest candidate that falls on the wanted local day wins; in a
  // DST gap at midnight that is the transition instant itself (the day's first local time).
  const candidates = [naive - 86_400_000, naive + 86_400_000]
    .map((probe) => naive - zoneOffsetMs(probe, timeZone))
    .filter((c) => {
      const w = wallClock(c, timeZone);
      return w.year === date.year && w.month === date.month && w.day === date.day;
    });
  return candidates.length > 0 ? Math.min(...candidates) : naive - zoneOffsetMs(naive, timeZone);
}

/** Days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds `months` to a year/month pair. */
export function addMonths(year: number, month: number, months: number): [number, number] {
  const index = year * 12 + (month - 1) + months;
  return [Math.floor(index / 12), (index % 12) + 1];
}

/** Formats a local date as YYYY-MM-DD. */
export function formatLocalDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${
    String(d.day).padStart(2, "0")
  }`;
}

/** Whole calendar days from `a` to `b` (b - a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  );
}
