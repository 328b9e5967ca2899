/** Pace and run-out of a usage window: where an even burn would be now, and when 100 % comes. */

import type { SnapshotPace } from "./types.ts";

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The percentage an even pace would have used by `now` in a window from `startMs` to `endMs`,
 * and how far `usedPercent` is ahead of it (positive) or behind (negative).
 *
 * @example
 * ```ts
 * windowPace(50, 0, 5 * 3_600_000, 2.5 * 3_600_000); // { expectedPercent: 50, deltaPoints: 0 }
 * ```
 */
export function windowPace(
  usedPercent: number,
  startMs: number,
  endMs: number,
  now: number,
): SnapshotPace | null {
  const length = endMs - startMs;
  if (!(length > 0) || !Number.isFinite(usedPercent)) return null;
  const elapsed = Math.min(1, Math.max(0, (now - startMs) / length));
  const expected = elapsed * 100;
  return { expectedPercent: round1(expected), deltaPoints: round1(usedPercent - expected) };
}

/**
 * When a window reaches 100 % at `percentPerMs` from `usedPercent` at `atMs`, if that is before
 * `resetMs`; null when it resets first or nothing burns. Already at or past 100 %: `atMs`.
 *
 * @example
 * ```ts
 * runOutTime(50, 25 / 3_600_000, 0, 5 * 3_600_000); // 7_200_000: 100 % two hours in
 * ```
 */
export function runOutTime(
  usedPercent: number,
  percentPerMs: number,
  atMs: number,
  resetMs: number,
): number | null {
  if (usedPercent >= 100) return atMs < resetMs ? atMs : null;
  if (!(percentPerMs > 0) || !Number.isFinite(percentPerMs)) return null;
  const at = atMs + (100 - usedPercent) / percentPerMs;
  return at < resetMs ? Math.round(at) : null;
}

/**
 * Run-out of an official window whose rate is its average since the window began: the share
 * used at the capture divided by the time since the window's start.
 */
export function officialRunOut(
  usedPercent: number,
  startMs: number,
  capturedAtMs: number,
  resetMs: number,
): number | null {
  const elapsed = capturedAtMs - startMs;
  if (elapsed <= 0) return usedPercent >= 100 && capturedAtMs < resetMs ? capturedAtMs : null;
  return runOutTime(usedPercent, usedPercent / elapsed, capturedAtMs, resetMs);
}
