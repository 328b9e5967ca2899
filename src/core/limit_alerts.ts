/**
 * Alerts about the limits themselves: usage crossing a threshold (80 %, 95 %), projected to run
 * out before the reset, and a new 5-hour window available. Each once per window or week.
 */

import type { AlertState } from "./alerts.ts";
import { officialPercentText } from "./official.ts";
import type {
  SnapshotAlert,
  SnapshotEstimate,
  SnapshotMeter,
  SnapshotOfficial,
  SnapshotWindow,
} from "./types.ts";
import { localHm } from "./zoned_time.ts";

/** Inputs of {@linkcode evaluateLimitAlerts}. */
export interface LimitAlertInput {
  official: SnapshotOfficial | null;
  estimate: SnapshotEstimate | null;
  window: SnapshotWindow | null;
  /** The latest non-gap window that has ended, for "a new window is available" without captures. */
  lastEndedWindow: { id: string; endMs: number; tokens: number } | null;
  /** Percentages to alert at (`--alert-at`, default 80 and 95). */
  thresholds: readonly number[];
  timeZone: string;
}

/** Fired alerts with the keys that identify them (for once-across-monitors delivery). */
export interface LimitAlertEvaluation {
  fired: SnapshotAlert[];
  keys: string[];
  state: AlertState;
}

/** A "new window" alert is only news for this long after the reset. */
const NEW_WINDOW_NEWS_MS = 60 * 60_000;

interface Meter {
  /** Key part naming the meter and its window. */
  id: string;
  name: string;
  percent: number;
  /** "official", "official est." or the estimate's basis. */
  source: string;
  resetMs: number;
  runsOutAt: number | null;
}

/** Alert keys name windows by their ISO reset, readable in the state file. */
const iso = (ms: number) => new Date(ms).toISOString();

function officialMeter(
  id: string,
  name: string,
  m: SnapshotMeter | null,
  now: number,
): Meter | null {
  if (m === null || m.resetsAt === null) return null;
  const resetMs = m.resetsAt;
  if (!(resetMs > now)) return null;
  return {
    id: `${id}:${iso(resetMs)}`,
    name,
    percent: m.usedPercentage,
    source: "official",
    resetMs,
    runsOutAt: null,
  };
}

function meters(input: LimitAlertInput, now: number): Meter[] {
  const out: Meter[] = [];
  const o = input.official;
  const fresh = o !== null && !o.stale;
  const five = fresh ? officialMeter("5h", "5-hour", o.fiveHour, now) : null;
  if (five !== null) {
    five.runsOutAt = o!.runsOutAt?.fiveHour ?? null;
    const estimated = o!.estimatedFiveHour ?? null;
    if (estimated !== null) {
      five.percent = Math.max(five.percent, estimated);
      five.source = "official est.";
    }
    out.push(five);
  } else if (
    input.window !== null && input.estimate !== null && input.estimate.percent !== null &&
    // The record window is not a limit: 100 % of it is no reason to alarm anyone.
    input.estimate.basis.kind !== "record"
  ) {
    out.push({
      id: `5h-est:${input.window.id}`,
      name: "5-hour",
      percent: input.estimate.percent,
      source: `estimate, ${input.estimate.basis.label}`,
      resetMs: input.window.endTime,
      runsOutAt: input.estimate.runsOutAt,
    });
  }
  if (o !== null) {
    const seven = officialMeter("7d", "weekly", o.sevenDay, now);
    if (seven !== null) out.push({ ...seven, runsOutAt: o.runsOutAt?.sevenDay ?? null });
    const spend = officialMeter("spend", "spend", o.spendLimit ?? null, now);
    if (spend !== null) out.push(spend);
    for (const m of o.modelScoped ?? []) {
      const scoped = officialMeter(`model:${m.name}`, `${m.name} weekly`, m, now);
      if (scoped !== null) out.push(scoped);
    }
  }
  return out;
}

function alert(
  kind: SnapshotAlert["kind"],
  windowId: string,
  now: number,
  title: string,
  body: string,
): SnapshotAlert {
  return { kind, windowId, at: now, title, body };
}

/**
 * Applies the limit rules at `now`. Thresholds: the highest one crossed fires (the lower ones are
 * marked too, so 97 % at start-up is one alert, not two). Projected: a run-out time before the
 * reset. New window: the official 5-hour window reset within the last hour after being used, or
 * without captures the last local window ended within the hour and none is active.
 *
 * @example
 * ```ts
 * evaluateLimitAlerts(input, { fired: {} }, now).fired;
 * ```
 */
export function evaluateLimitAlerts(
  input: LimitAlertInput,
  state: AlertState,
  now: number,
): LimitAlertEvaluation {
  const kept: Record<string, number> = {};
  for (const [key, until] of Object.entries(state.fired)) if (until > now) kept[key] = until;
  const fired: SnapshotAlert[] = [];
  const keys: string[] = [];
  const fire = (key: string, until: number, a: SnapshotAlert) => {
    kept[key] = until;
    fired.push(a);
    keys.push(key);
  };
  const tz = input.timeZone;
  const thresholds = [...new Set(input.thresholds)].filter((t) => t > 0).sort((a, b) => a - b);
  for (const m of meters(input, now)) {
    const crossed = thresholds.filter((t) => m.percent >= t);
    const top = crossed[crossed.length - 1];
    if (top !== undefined && !(`limit:${m.id}:${top}` in kept)) {
      for (const t of crossed) kept[`limit:${m.id}:${t}`] = m.resetMs;
      fire(
        `limit:${m.id}:${top}`,
        m.resetMs,
        alert(
          "limit-threshold",
          m.id,
          now,
          `Claude ${m.name} limit at ${officialPercentText(m.percent)}`,
          `Crossed ${top}% (${m.source}). Resets at ${localHm(m.resetMs, tz)}`,
        ),
      );
    }
    const runsOut = m.runsOutAt ?? NaN;
    const projectedKey = `projected:${m.id}`;
    if (m.percent < 100 && runsOut < m.resetMs && !(projectedKey in kept)) {
      fire(
        projectedKey,
        m.resetMs,
        alert(
          "limit-projected",
          m.id,
          now,
          `Claude ${m.name} limit runs out at ${localHm(runsOut, tz)}`,
          `At this pace ${m.name} usage (${m.source}, now ${
            officialPercentText(m.percent)
          }) reaches 100% before the reset at ${localHm(m.resetMs, tz)}`,
        ),
      );
    }
  }
  newWindow(input, now, kept, fire);
  return { fired, keys, state: { fired: kept } };
}

function newWindow(
  input: LimitAlertInput,
  now: number,
  kept: Record<string, number>,
  fire: (key: string, until: number, a: SnapshotAlert) => void,
): void {
  const five = input.official?.fiveHour ?? null;
  let resetMs: number | null = null;
  let id: string | null = null;
  if (input.official !== null) {
    // With captures the official reset is the truth; local windows start on the hour instead.
    if (five?.resetsAt && five.usedPercentage > 0) {
      resetMs = five.resetsAt;
      id = `5h:${iso(five.resetsAt)}`;
    }
  } else if (input.window === null && input.lastEndedWindow !== null) {
    if (input.lastEndedWindow.tokens > 0) {
      resetMs = input.lastEndedWindow.endMs;
      id = `local:${input.lastEndedWindow.id}`;
    }
  }
  if (resetMs === null || id === null) return;
  const key = `new-window:${id}`;
  if (now < resetMs || now - resetMs >= NEW_WINDOW_NEWS_MS || key in kept) return;
  fire(
    key,
    resetMs + NEW_WINDOW_NEWS_MS,
    alert(
      "new-window",
      id,
      now,
      "A new Claude 5-hour window is available",
      `The window you used reset at ${localHm(resetMs, input.timeZone)}`,
    ),
  );
}

/**
 * Parses `--alert-at` ("80,95") into sorted percentages; invalid parts are left out.
 *
 * @example
 * ```ts
 * parseAlertAt("95, 80"); // [80, 95]
 * ```
 */
export function parseAlertAt(text: string): number[] {
  return [
    ...new Set(
      text.split(",").map((x) => Number(x.trim())).filter((x) => Number.isFinite(x) && x > 0),
    ),
  ].sort((a, b) => a - b);
}
