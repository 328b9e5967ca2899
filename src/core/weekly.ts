/** Usage in the current week (anchored at the official 7-day window when known), per day and model. */

import type { ActivityPoint, Block, SnapshotUsage, SnapshotWeek } from "./types.ts";
import { datesBetween, localDate, wallClock, zonedMidnight } from "./zoned_time.ts";

/** Where a local week starts: a weekday (0 = Sunday) and a wall-clock time. */
export interface WeekStart {
  weekday: number;
  hour: number;
  minute: number;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** The accepted `weekStart` spelling: a weekday name, optionally a 24-hour `H[:MM]`. */
export const WEEK_START_PATTERN =
  "^(mon(day)?|tue(sday)?|wed(nesday)?|thu(rsday)?|fri(day)?|sat(urday)?|sun(day)?)( ([01]?[0-9]|2[0-3])(:[0-5][0-9])?)?$";

/**
 * Parses `weekStart` ("monday", "mon 09:00", "Sunday 18"); null when it is not one.
 *
 * @example
 * ```ts
 * parseWeekStart("mon 09:30"); // { weekday: 1, hour: 9, minute: 30 }
 * ```
 */
export function parseWeekStart(text: string): WeekStart | null {
  const m = new RegExp(WEEK_START_PATTERN).exec(text.trim().toLowerCase().replace(/\s+/g, " "));
  if (m === null) return null;
  const [day, time] = m[0].split(" ");
  const [hour, minute] = (time ?? "0:00").split(":").map(Number);
  return { weekday: DAYS.indexOf(day!.slice(0, 3)), hour: hour ?? 0, minute: minute ?? 0 };
}

/** The latest instant at or before `now` that is `start`'s weekday and time in `timeZone`. */
export function localWeekStart(now: number, start: WeekStart, timeZone: string): number {
  const back = (wallClock(now, timeZone).weekday - start.weekday + 7) % 7;
  const midnight = zonedMidnight(localDate(now, timeZone), timeZone);
  for (const extra of [0, 7]) {
    // Stepping from noon keeps the date right across DST changes.
    const day = localDate(midnight - (back + extra) * DAY_MS + DAY_MS / 2, timeZone);
    const instant = zonedMidnight(day, timeZone) + start.hour * 3_600_000 + start.minute * 60_000;
    if (instant <= now) return instant;
  }
  return now - WEEK_MS;
}

/** Inputs of {@linkcode weeklyUsage}. */
export interface WeeklyInput {
  blocks: readonly Block[];
  activity: readonly ActivityPoint[] | null;
  now: number;
  timeZone: string;
  /** The official 7-day reset (epoch ms), when a capture gave one. */
  officialReset: number | null;
  weekStart: WeekStart;
}

function add(map: Map<string, SnapshotUsage>, key: string, tokens: number, costUSD: number) {
  const u = map.get(key) ?? { tokens: 0, costUSD: 0 };
  u.tokens += tokens;
  u.costUSD += costUSD;
  map.set(key, u);
}

const roundUsd = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Usage in the current week: from the official 7-day window's start when its reset is ahead,
 * else from the last `weekStart`; per local day for the last 7 days; per model over the week.
 * Per-entry activity gives exact days and models; blocks alone (ccusage) count at their start
 * and name a block of several models by all of them.
 *
 * @example
 * ```ts
 * weeklyUsage({ blocks, activity, now, timeZone: "UTC", officialReset: null,
 *   weekStart: { weekday: 1, hour: 0, minute: 0 } }).days.length; // 7
 * ```
 */
export function weeklyUsage(input: WeeklyInput): SnapshotWeek {
  const { now, timeZone, activity } = input;
  const official = input.officialReset !== null && input.officialReset > now &&
    input.officialReset - WEEK_MS <= now;
  const start = official ? input.officialReset! - WEEK_MS : localWeekStart(
    now,
    input.weekStart,
    timeZone,
  );
  const today = localDate(now, timeZone);
  const first = localDate(zonedMidnight(today, timeZone) - 6 * DAY_MS + DAY_MS / 2, timeZone);
  const dates = datesBetween(first, today).concat(today);
  const days = new Map<string, SnapshotUsage>(dates.map((d) => [d, { tokens: 0, costUSD: 0 }]));
  const models = new Map<string, SnapshotUsage>();
  let tokens = 0;
  let costUSD = 0;
  if (activity !== null && activity.length > 0) {
    const dayStarts = dates.map((d) => zonedMidnight(d, timeZone));
    const from = Math.min(start, dayStarts[0]!);
    for (const p of activity) {
      if (p.time < from || p.time > now) continue;
      const date = localDate(p.time, timeZone);
      if (days.has(date)) add(days, date, p.tokens, p.costUSD);
      if (p.time >= start) {
        tokens += p.tokens;
        costUSD += p.costUSD;
        add(models, p.model ?? "unknown", p.tokens, p.costUSD);
      }
    }
  } else {
    // Blocks before the first day shown that end before the week starts add nothing: skipping
    // them saves a time-zone conversion per block of the whole history on every refresh.
    const firstStart = zonedMidnight(first, timeZone);
    for (const b of input.blocks) {
      if (b.isGap) continue;
      const at = b.startTime;
      if (at > now || (at < firstStart && b.endTime <= start)) continue;
      const date = localDate(at, timeZone);
      if (days.has(date)) add(days, date, b.totalTokens, b.costUSD);
      // A block overlapping the week's start counts whole: ccusage gives no finer times.
      if (b.endTime > start) {
        tokens += b.totalTokens;
        costUSD += b.costUSD;
        const name = b.models.length === 0 ? "unknown" : [...b.models].sort().join(" + ");
        add(models, name, b.totalTokens, b.costUSD);
      }
    }
  }
  return {
    start,
    end: official ? input.officialReset! : start + WEEK_MS,
    anchor: official ? "official" : "weekStart",
    tokens,
    costUSD: roundUsd(costUSD),
    days: dates.map((date) => {
      const u = days.get(date)!;
      return { date, tokens: u.tokens, costUSD: roundUsd(u.costUSD) };
    }),
    models: [...models.entries()]
      .map(([model, u]) => ({ model, tokens: u.tokens, costUSD: roundUsd(u.costUSD) }))
      .sort((a, b) => b.costUSD - a.costUSD || b.tokens - a.tokens),
  };
}
