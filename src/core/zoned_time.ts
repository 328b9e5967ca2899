/** Wall-clock arithmetic in an IANA time zone using only Intl (no clock reads, no Deno). */

/** A local calendar date. */
export interface LocalDate {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
}

/** Wall-clock fields of an instant in a zone. */
export interface WallClock extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
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
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Recent answers per zone. The dashboard asks the same instants every second (midnights of the
 * period and the week, the day probes around them); Intl's formatToParts is the costliest call
 * of an idle tick and allocates a dozen objects, so answers are kept (bounded: cleared when
 * full, which a once-a-second clock reaches after about half an hour).
 */
const wallClocks = new Map<string, Map<number, WallClock>>();
const WALL_CLOCK_CACHE = 2048;

/**
 * Returns the wall-clock fields of instant `ms` in `timeZone`. The object may be shared between
 * callers: never mutate it.
 */
export function wallClock(ms: number, timeZone: string): WallClock {
  let cache = wallClocks.get(timeZone);
  if (!cache) {
    cache = new Map();
    wallClocks.set(timeZone, cache);
  }
  let w = cache.get(ms);
  if (w === undefined) {
    w = computeWallClock(ms, timeZone);
    if (cache.size >= WALL_CLOCK_CACHE) cache.clear();
    cache.set(ms, w);
  }
  return w;
}

function computeWallClock(ms: number, timeZone: string): WallClock {
  // UTC needs no zone data, and Intl's first use costs a run ~10 ms of ICU start-up. Years
  // outside 1-9999 stay with Intl (it counts eras where Date counts year 0 and below).
  if (timeZone === "UTC") {
    const date = new Date(ms);
    const year = date.getUTCFullYear();
    if (year >= 1 && year <= 9999) {
      return {
        year,
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: date.getUTCHours(),
        minute: date.getUTCMinutes(),
        second: date.getUTCSeconds(),
        weekday: date.getUTCDay(),
      };
    }
  }
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = p.value;
  }
  return {
    year: Number(parts["year"] ?? 1970),
    month: Number(parts["month"] ?? 1),
    day: Number(parts["day"] ?? 1),
    // Some engines print midnight as 24 even with h23.
    hour: Number(parts["hour"] ?? 0) % 24,
    minute: Number(parts["minute"] ?? 0),
    second: Number(parts["second"] ?? 0),
    weekday: Math.max(0, WEEKDAYS.indexOf(parts["weekday"] ?? "")),
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
  const key = `${timeZone}|${date.year}-${date.month}-${date.day}`;
  let start = localDayStarts.get(key);
  if (start === undefined) {
    start = computeStartOfLocalDay(date, timeZone);
    if (localDayStarts.size >= WALL_CLOCK_CACHE) localDayStarts.clear();
    localDayStarts.set(key, start);
  }
  return start;
}

/** Local midnights already found, by zone and date (the same few are asked every tick). */
const localDayStarts = new Map<string, number>();

function computeStartOfLocalDay(date: LocalDate, timeZone: string): number {
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

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** Parses `YYYY-MM-DD` into a local date. */
export function parseLocalDate(date: string): LocalDate {
  const [year, month, day] = date.split("-").map(Number);
  return { year: year ?? 1970, month: month ?? 1, day: day ?? 1 };
}

/** The local date `YYYY-MM-DD` of an instant in `timeZone`. */
export function localDate(ms: number, timeZone: string): string {
  return formatLocalDate(wallClock(ms, timeZone));
}

/** Local `HH:MM` of an instant. */
export function localHm(ms: number, timeZone: string): string {
  const p = wallClock(ms, timeZone);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** Local `HH:MM:SS` of an instant. */
export function localHms(ms: number, timeZone: string): string {
  const p = wallClock(ms, timeZone);
  return `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** Local `Wed 11-25 08:00` of an instant (compact enough for a table column). */
export function localDayHm(ms: number, timeZone: string): string {
  const p = wallClock(ms, timeZone);
  return `${WEEKDAYS[p.weekday]} ${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** Local `YYYY-MM-DD HH:MM` of an instant. */
export function localDateTime(ms: number, timeZone: string): string {
  return `${localDate(ms, timeZone)} ${localHm(ms, timeZone)}`;
}

/** Short `MM-DD` label of a `YYYY-MM-DD` date. */
export function shortDate(date: string): string {
  return date.slice(5);
}

/** Epoch ms of the start of local day `date` (`YYYY-MM-DD`) in `timeZone`. */
export function zonedMidnight(date: string, timeZone: string): number {
  return startOfLocalDay(parseLocalDate(date), timeZone);
}

/** Date lists already made: the dashboard asks the period's every second, from four panels. */
const dateLists = new Map<string, readonly string[]>();

/** The `YYYY-MM-DD` dates from `start` (inclusive) to `end` (exclusive); shared, read only. */
export function datesBetween(start: string, end: string): readonly string[] {
  const key = `${start}|${end}`;
  let dates = dateLists.get(key);
  if (dates === undefined) {
    dates = computeDatesBetween(start, end);
    if (dateLists.size >= 64) dateLists.clear();
    dateLists.set(key, dates);
  }
  return dates;
}

function computeDatesBetween(start: string, end: string): string[] {
  const dates: string[] = [];
  const first = parseLocalDate(start);
  const cursor = new Date(Date.UTC(first.year, first.month - 1, first.day));
  // Calendar arithmetic in UTC is safe here: only the date labels matter, not instants.
  for (let i = 0; i < 400; i++) {
    const label = cursor.toISOString().slice(0, 10);
    if (label >= end) break;
    dates.push(label);
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return dates;
}
