/**
 * Activity of the active window in buckets of equal length: the bucket size is chosen from the
 * chart's width so that one column is one bucket, and the history a source without per-entry
 * activity (ccusage) builds from frame to frame.
 */

import type { ActivityPoint } from "../core/types.ts";

/** Length of a window (ccusage's session duration). */
export const WINDOW_MS = 5 * 60 * 60 * 1000;
/** The finest bucket: five minutes, sixty per window. */
export const FINE_MS = 5 * 60 * 1000;
const FINE = WINDOW_MS / FINE_MS;
/** Bucket sizes in fine buckets that divide a window evenly. */
const GROUPS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60];

/**
 * What the dashboard remembers between frames: when a source gives no per-entry activity
 * (ccusage), the window's token growth seen from frame to frame fills five-minute buckets.
 */
export interface WindowHistory {
  windowId: string | null;
  lastTotal: number;
  buckets: number[];
}

/** A fresh history. */
export function emptyHistory(): WindowHistory {
  return { windowId: null, lastTotal: 0, buckets: new Array<number>(FINE).fill(0) };
}

function fineOf(time: number, start: number): number {
  return Math.min(FINE - 1, Math.max(0, Math.floor((time - start) / FINE_MS)));
}

/**
 * Updates the frame-to-frame token history of the active window: a new window seeds its tokens
 * evenly from its start to its last activity, later growth lands in the bucket of the last
 * activity.
 */
export function trackWindowTokens(
  state: WindowHistory,
  window: { id: string; start: number; lastActivity: number | null; total: number } | null,
  now: number,
): WindowHistory {
  if (!window) return state.windowId === null ? state : emptyHistory();
  const last = window.lastActivity ?? now;
  if (state.windowId !== window.id) {
    const buckets = new Array<number>(FINE).fill(0);
    const end = fineOf(last, window.start);
    const share = window.total / (end + 1);
    for (let i = 0; i <= end; i++) buckets[i] = share;
    return { windowId: window.id, lastTotal: window.total, buckets };
  }
  if (window.total <= state.lastTotal) return state;
  const buckets = [...state.buckets];
  const at = fineOf(last, window.start);
  buckets[at] = (buckets[at] ?? 0) + (window.total - state.lastTotal);
  return { windowId: window.id, lastTotal: window.total, buckets };
}

/**
 * The bucket size for a chart `columns` wide: the smallest that divides the window evenly and
 * gives at most one bucket per column.
 *
 * @example
 * ```ts
 * bucketSize(58); // { minutes: 5, count: 60 }
 * bucketSize(28); // { minutes: 15, count: 20 }
 * ```
 */
export function bucketSize(columns: number): { minutes: number; count: number } {
  const group = GROUPS.find((g) => FINE / g <= columns) ?? FINE;
  return { minutes: (group * FINE_MS) / 60_000, count: FINE / group };
}

/** Sums five-minute buckets into `count` buckets of equal length. */
export function regroup(fine: readonly number[], count: number): number[] {
  const group = FINE / count;
  const out = new Array<number>(count).fill(0);
  fine.forEach((value, i) => {
    const at = Math.floor(i / group);
    out[at] = (out[at] ?? 0) + value;
  });
  return out;
}

/** Five-minute token and cost buckets of the window starting at `start` from activity points. */
export function fineBuckets(
  points: readonly ActivityPoint[],
  start: number,
): { tokens: number[]; cost: number[] } {
  const tokens = new Array<number>(FINE).fill(0);
  const cost = new Array<number>(FINE).fill(0);
  const end = start + WINDOW_MS;
  for (const point of points) {
    if (point.time < start || point.time >= end) continue;
    const i = fineOf(point.time, start);
    tokens[i] = (tokens[i] ?? 0) + point.tokens;
    cost[i] = (cost[i] ?? 0) + point.costUSD;
  }
  return { tokens, cost };
}
