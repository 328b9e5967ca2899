/** Cost and windows per local day of the billing period, shared by the two per-day charts. */

import type { Block } from "../core/types.ts";
import { formatUsd } from "../core/format.ts";
import { datesBetween, localDate, shortDate, zonedMidnight } from "../core/zoned_time.ts";
import type { Frame } from "../ports.ts";
import { isRealBlock } from "./frame_facts.ts";

/** What a per-day bar chart shows: one column per day (or per group of days when narrow). */
export interface PerDayView {
  label: string;
  values: number[];
  /** Axis labels under the first and last column. */
  from: string;
  to: string;
}

/**
 * Per-frame work must stay tiny (the dashboard ticks every second for hours): the totals change
 * only with new data or a new period, so they are kept per blocks array (a refresh brings a
 * new array, and the old entry is collected with it).
 */
const cache = new WeakMap<readonly Block[], { key: string; value: [number[], number[]] }>();

/** Sums cost and windows per local day of the period; no Intl call per block. */
export function dailyTotals(
  blocks: readonly Block[],
  dates: readonly string[],
  end: string,
  timeZone: string,
): [number[], number[]] {
  // Local midnights once per period, then each block's day is a binary search on epoch ms.
  const bounds = [...dates, end].map((d) => zonedMidnight(d, timeZone));
  const last = bounds.length - 1;
  const cost = new Array<number>(dates.length).fill(0);
  const count = new Array<number>(dates.length).fill(0);
  for (const block of blocks) {
    if (!isRealBlock(block)) continue;
    const t = block.startTime;
    if (!(t >= bounds[0]! && t < bounds[last]!)) continue;
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (t >= bounds[mid]!) lo = mid;
      else hi = mid;
    }
    cost[lo] = (cost[lo] ?? 0) + block.costUSD;
    count[lo] = (count[lo] ?? 0) + 1;
  }
  return [cost, count];
}

/**
 * The per-day view of `which` for a chart `width` columns wide: one column per day, or per
 * group of equal days when the period does not fit, so every column means the same length.
 *
 * @example
 * ```ts
 * perDayView(frame, "cost", 38).label; // "Cost per day · today $1.25 · peak $9.87"
 * ```
 */
export function perDayView(frame: Frame, which: "cost" | "windows", width: number): PerDayView {
  const p = frame.snapshot.period;
  const tz = frame.settings.timeZone;
  const dates = datesBetween(p.start, p.end);
  const key = `${p.start}|${p.end}|${tz}`;
  let cached = cache.get(frame.blocks);
  if (cached?.key !== key) {
    cached = { key, value: dailyTotals(frame.blocks, dates, p.end, tz) };
    cache.set(frame.blocks, cached);
  }
  const daily = which === "cost" ? cached.value[0] : cached.value[1];
  const group = Math.max(1, Math.ceil(dates.length / Math.max(1, width)));
  const values: number[] = [];
  for (let i = 0; i < daily.length; i += group) {
    values.push(daily.slice(i, i + group).reduce((a, b) => a + b, 0));
  }
  const show = (n: number) => (which === "cost" ? formatUsd(n) : String(n));
  const todayIndex = dates.indexOf(localDate(frame.now, tz));
  const name = which === "cost" ? "Cost" : "Windows";
  const per = group === 1 ? "day" : `${group} days`;
  const today = todayIndex >= 0 ? show(daily[todayIndex] ?? 0) : null;
  // The peak is the tallest column's own value.
  const peak = show(Math.max(0, ...values));
  // The longest label that fits the border (two characters of it are the frame's corners).
  const candidates = [
    [`${name} per ${per}`, ...(today === null ? [] : [`today ${today}`]), `peak ${peak}`],
    [`${name}/${group === 1 ? "day" : `${group}d`}`, `peak ${peak}`],
    [`${name}/${group === 1 ? "day" : `${group}d`}`],
  ].map((parts) => parts.join(" · "));
  return {
    label: candidates.find((l) => l.length <= width - 4) ?? candidates.at(-1)!,
    values,
    from: shortDate(dates[0] ?? p.start),
    to: shortDate(dates.at(-1) ?? p.end),
  };
}
