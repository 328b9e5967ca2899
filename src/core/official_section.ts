/** The snapshot's `official` and `estimate` sections: captured meters, pace, run-out, basis. */

import { isCaptureFresh, type OfficialCapture, type OfficialMeter } from "./official.ts";
import { officialRunOut, runOutTime, windowPace } from "./pace.ts";
import { usageBetween } from "./limit_basis.ts";
import type {
  ActivityPoint,
  SnapshotBasis,
  SnapshotEstimate,
  SnapshotMeter,
  SnapshotOfficial,
  SnapshotPace,
  SnapshotWindow,
} from "./types.ts";

const HOUR_MS = 3_600_000;
const FIVE_HOURS_MS = 5 * HOUR_MS;
const SEVEN_DAYS_MS = 7 * 24 * HOUR_MS;

const round1 = (x: number) => Math.round(x * 10) / 10;

/** A captured meter as the snapshot carries it (a copy: the snapshot shares nothing). */
function meterOf(m: OfficialMeter | null | undefined): SnapshotMeter | null {
  if (!m) return null;
  return { usedPercentage: m.usedPercentage, resetsAt: m.resetsAt };
}

/** Inputs of {@linkcode officialSection}. */
export interface OfficialSectionInput {
  capture: OfficialCapture;
  basis: SnapshotBasis;
  /** The active local window, if any. */
  window: SnapshotWindow | null;
  activity: readonly ActivityPoint[] | null;
  now: number;
}

function meterPace(
  m: SnapshotMeter | null,
  lengthMs: number,
  capturedAt: number,
  now: number,
): { pace: SnapshotPace | null; runsOutAt: number | null } {
  if (m === null || m.resetsAt === null) return { pace: null, runsOutAt: null };
  const reset = m.resetsAt;
  if (now >= reset) return { pace: null, runsOutAt: null };
  const start = reset - lengthMs;
  return {
    pace: windowPace(m.usedPercentage, start, reset, now),
    runsOutAt: officialRunOut(m.usedPercentage, start, capturedAt, reset),
  };
}

/**
 * The 5-hour share extrapolated from a calibrated limit: the captured share plus what the logs saw
 * since the capture, or (capture stale) the active window's share of the limit.
 */
function estimatedFiveHour(input: OfficialSectionInput, fresh: boolean): number | null {
  const { basis, capture, window, activity } = input;
  if (basis.kind !== "calibrated" || basis.limitTokens === null || basis.limitTokens <= 0) {
    return null;
  }
  const captured = capture.fiveHour;
  if (fresh && captured !== null) {
    if (activity === null) return null;
    const since = usageBetween(activity, capture.capturedAt + 1, input.now).tokens;
    return since > 0 ? round1(captured.usedPercentage + (since / basis.limitTokens) * 100) : null;
  }
  if (window === null) return null;
  return round1((window.tokens.total / basis.limitTokens) * 100);
}

/**
 * Builds the snapshot's `official` section from the latest capture.
 *
 * @example
 * ```ts
 * officialSection({ capture, basis, window: null, activity: null, now }).stale;
 * ```
 */
export function officialSection(input: OfficialSectionInput): SnapshotOfficial {
  const { capture, now } = input;
  const fresh = isCaptureFresh(capture, now);
  const { capturedAt } = capture;
  const fiveHour = meterOf(capture.fiveHour);
  const sevenDay = meterOf(capture.sevenDay);
  const five = meterPace(fiveHour, FIVE_HOURS_MS, capturedAt, now);
  const seven = meterPace(sevenDay, SEVEN_DAYS_MS, capturedAt, now);
  return {
    capturedAt,
    stale: !fresh,
    fiveHour,
    sevenDay,
    spendLimit: meterOf(capture.spendLimit),
    modelScoped: (capture.modelScoped ?? []).map((m) => ({ name: m.name, ...meterOf(m)! })),
    basis: input.basis,
    pace: { fiveHour: fresh ? five.pace : null, sevenDay: seven.pace },
    runsOutAt: { fiveHour: fresh ? five.runsOutAt : null, sevenDay: seven.runsOutAt },
    estimatedFiveHour: estimatedFiveHour(input, fresh),
  };
}

/**
 * The local estimate: the active window's tokens against the basis limit, its pace and the time
 * it reaches 100 % at the current burn rate (when before the window ends).
 *
 * @example
 * ```ts
 * estimateSection(basis, window, now).percent;
 * ```
 */
export function estimateSection(
  basis: SnapshotBasis,
  window: SnapshotWindow | null,
  now: number,
): SnapshotEstimate {
  const limit = basis.limitTokens;
  if (window === null || limit === null || limit <= 0) {
    return { basis, percent: null, pace: null, runsOutAt: null };
  }
  const percent = round1((window.tokens.total / limit) * 100);
  const start = window.startTime;
  const end = window.endTime;
  const perMs = window.burnRate ? (window.burnRate.tokensPerMinute / limit) * 100 / 60_000 : 0;
  return {
    basis,
    percent,
    pace: windowPace(percent, start, end, now),
    // The record window is not a limit: nothing runs out when a window passes it.
    runsOutAt: basis.kind === "record" ? null : runOutTime(percent, perMs, now, end),
  };
}
