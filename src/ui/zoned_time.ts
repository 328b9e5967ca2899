/** Local-time helpers for the dashboard: wall-clock parts, dates and midnights in an IANA zone. */

/** Wall-clock parts of an instant in a time zone. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // hourCycle h23 so midnight reads 00, not 24 (some engines print 24 with hour12: false).
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Splits an instant into wall-clock parts in `timeZone`.
 *
 * @example
 * ```ts
 * zonedParts(Date.UTC(2026, 10, 25, 10, 0), "Europe/Warsaw").hour; // 11
 * ```
 */
export function zonedParts(epochMs: number, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    parts[part.type] = part.value;
  }
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: Math.max(0, WEEKDAYS.indexOf(parts.weekday ?? "")),
  };
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** The local date `YYYY-MM-DD` of an instant in `timeZone`. */
export function localDate(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** Local `HH:MM` of an instant. */
export function localHm(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** Local `HH:MM:SS` of an instant. */
export function localHms(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  return `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** Local `Wed 11-25 08:00` of an instant (compact enough for a table column). */
export function localDayHm(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  return `${WEEKDAYS[p.weekday]} ${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** Short `MM-DD` label of a `YYYY-MM-DD` date. */
export function shortDate(date: string): string {
  return date.slice(5);
}

/** Epoch ms of 00:00 local time on `date` (`YYYY-MM-DD`) in `timeZone`. */
export function zonedMidnight(date: string, timeZone: string): number {
  const [y, m, d] = date.split("-").map(Number);
  const wall = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  // Two passes converge on the offset in force at that wall time, also across DST changes.
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = zonedParts(guess, timeZone);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    guess = guess - (asUtc - wall);
  }
  return guess;
}

/** The `YYYY-MM-DD` dates from `start` (inclusive) to `end` (exclusive). */
export function datesBetween(start: string, end: string): string[] {
  const dates: string[] = [];
  const [y, m, d] = start.split("-").map(Number);
  const cursor = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  // Calendar arithmetic in UTC is safe here: only the date labels matter, not instants.
  for (let i = 0; i < 400; i++) {
    const label = cursor.toISOString().slice(0, 10);
    if (label >= end) break;
    dates.push(label);
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return dates;
}
