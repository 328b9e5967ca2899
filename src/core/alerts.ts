/** Alert rules: when the active window is about to end or sits idle, each alert fires once. */

import type { SnapshotAlert, SnapshotWindow } from "./types.ts";
import { formatTokens, formatUsd } from "./format.ts";

/**
 * Alerts already fired, as JSON-serialisable data the caller persists between runs.
 *
 * `fired` maps an alert key to the epoch ms after which it can be forgotten (the end of its
 * window): once a window has ended its id can never be active again, so the map stays small.
 */
export interface AlertState {
  fired: Record<string, number>;
}

/** Thresholds of the alert rules, in minutes, and the zone for clock times in the text. */
export interface AlertSettings {
  /** Warn when the active window ends within this many minutes (default 30). */
  alertBefore: number;
  /** Warn when the active window saw no new tokens for this many minutes (default 10). */
  idleAfter: number;
  /** IANA zone for the reset time in alert text; the runtime's zone when absent. */
  timeZone?: string;
}

/** What one evaluation fired and the state to keep for the next one. */
export interface AlertEvaluation {
  fired: SnapshotAlert[];
  state: AlertState;
}

/** Default thresholds from DESIGN section 3. */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = { alertBefore: 30, idleAfter: 10 };

const MINUTE_MS = 60_000;

/** Returns the state of a monitor that has fired nothing yet. */
export function emptyAlertState(): AlertState {
  return { fired: {} };
}

/**
 * Reads persisted alert state, keeping only well-formed entries; anything else yields an empty
 * state, because a corrupt file should cost at most a repeated alert, never a crash.
 */
export function parseAlertState(value: unknown): AlertState {
  const fired: Record<string, number> = {};
  if (typeof value !== "object" || value === null) return { fired };
  const raw = (value as { fired?: unknown }).fired;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { fired };
  for (const [key, until] of Object.entries(raw)) {
    if (typeof until === "number" && Number.isFinite(until)) fired[key] = until;
  }
  return { fired };
}

/**
 * Applies the alert rules to the active window at `now` (epoch ms).
 *
 * Window ending: 0 < time left <= `alertBefore`, once per window id, also when the monitor
 * starts inside that span. Idle: no new tokens for `idleAfter` minutes inside the active
 * window, once per idle spell; a spell is the window id plus its last activity, so new
 * activity re-arms the rule.
 *
 * @example
 * ```ts
 * const { fired, state } = evaluateAlerts(window, emptyAlertState(), Date.now(), {
 *   alertBefore: 30,
 *   idleAfter: 10,
 * });
 * ```
 */
export function evaluateAlerts(
  window: SnapshotWindow | null,
  state: AlertState,
  now: number,
  settings: AlertSettings,
): AlertEvaluation {
  const kept: Record<string, number> = {};
  for (const [key, until] of Object.entries(state.fired)) {
    if (until > now) kept[key] = until;
  }
  const fired: SnapshotAlert[] = [];
  if (window === null) return { fired, state: { fired: kept } };

  const end = window.endTime;
  if (!Number.isFinite(end)) return { fired, state: { fired: kept } };
  const msLeft = end - now;
  // An ended window cannot warn about anything, even if the snapshot still shows it.
  if (msLeft <= 0) return { fired, state: { fired: kept } };

  const endingKey = `window-ending:${window.id}`;
  if (msLeft <= settings.alertBefore * MINUTE_MS && !(endingKey in kept)) {
    kept[endingKey] = end;
    fired.push(windowEndingAlert(window, msLeft, now, settings.timeZone));
  }

  const last = window.lastActivity ?? NaN;
  if (Number.isFinite(last)) {
    // The key names the spell by its ISO last activity, as keys persisted before did.
    const idleKey = `idle:${window.id}:${new Date(last).toISOString()}`;
    if (now - last >= settings.idleAfter * MINUTE_MS && !(idleKey in kept)) {
      kept[idleKey] = end;
      fired.push(idleAlert(window, now - last, msLeft, now, settings.timeZone));
    }
  }
  return { fired, state: { fired: kept } };
}

function windowEndingAlert(
  window: SnapshotWindow,
  msLeft: number,
  now: number,
  timeZone: string | undefined,
): SnapshotAlert {
  return {
    kind: "window-ending",
    windowId: window.id,
    at: now,
    title: `Claude window ends in ${formatMinutes(msLeft)}`,
    body: `Resets at ${formatClock(window.endTime, timeZone)}. ` +
      `${formatTokens(window.tokens.total)} tokens used, ${formatUsd(window.costUSD)}`,
  };
}

function idleAlert(
  window: SnapshotWindow,
  idleMs: number,
  msLeft: number,
  now: number,
  timeZone: string | undefined,
): SnapshotAlert {
  return {
    kind: "idle",
    windowId: window.id,
    at: now,
    title: `Claude window idle for ${formatMinutes(idleMs, "floor")}`,
    body: `${formatMinutes(msLeft)} left until the reset at ${
      formatClock(window.endTime, timeZone)
    }. ${formatTokens(window.tokens.total)} tokens used, ${formatUsd(window.costUSD)}`,
  };
}

/** Time left rounds up so a live window never reads "0 min"; time idle rounds down. */
function formatMinutes(ms: number, rounding: "ceil" | "floor" = "ceil"): string {
  const total = rounding === "ceil" ? Math.ceil(ms / MINUTE_MS) : Math.floor(ms / MINUTE_MS);
  const hours = Math.floor(total / 60);
  const minutes = total % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

function formatClock(time: number, timeZone: string | undefined): string {
  const options: Intl.DateTimeFormatOptions = {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  };
  if (timeZone !== undefined) options.timeZone = timeZone;
  try {
    return `${new Intl.DateTimeFormat("en-GB", options).format(new Date(time))} (local)`;
  } catch {
    // A bad zone is a config error reported elsewhere; the alert still has to go out.
    return `${new Date(time).toISOString().slice(11, 16)} UTC`;
  }
}
