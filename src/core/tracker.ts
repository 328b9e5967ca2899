/**
 * The tracker: a state machine over blocks that remembers what the data may later forget
 * (Claude Code deletes old logs): the record window, and every window seen in recent periods.
 */

import type { BillingPeriod } from "./period.ts";
import type { Block } from "./types.ts";

/** A window the tracker has seen, kept so period totals survive log cleanup. */
export interface WindowRecord {
  id: string;
  /** Epoch ms of the window's start. */
  startMs: number;
  tokens: number;
  costUSD: number;
}

/** Persisted tracker state (JSON-serialisable). */
export interface TrackerState {
  version: 1;
  /** Largest `totalTokens` of any non-gap block seen. */
  maxTokens: number;
  /** Cost of the most expensive window seen. */
  maxCostUSD: number;
  /** Id of the window holding the token record. */
  maxWindowId: string | null;
  activeWindowId: string | null;
  /** Local start date (YYYY-MM-DD) of the period last seen. */
  periodStart: string | null;
  /** Windows seen, pruned to roughly the last two periods. */
  windows: WindowRecord[];
}

/** Something that changed between two updates. */
export type TrackerEvent =
  | { type: "window-started"; windowId: string }
  | { type: "window-ended"; windowId: string; tokens: number; costUSD: number }
  | { type: "period-rolled"; from: string | null; to: string }
  | { type: "new-record"; windowId: string; tokens: number };

/** Windows older than this before the period start are dropped from the state. */
const KEEP_MS = 70 * 86_400_000;

/** A fresh tracker state. */
export function emptyTrackerState(): TrackerState {
  return {
    version: 1,
    maxTokens: 0,
    maxCostUSD: 0,
    maxWindowId: null,
    activeWindowId: null,
    periodStart: null,
    windows: [],
  };
}

/** The non-gap block in progress at `now` (start <= now < end), if any. */
export function activeBlock(blocks: readonly Block[], now: number): Block | null {
  // Windows never overlap, so only the latest window that started by `now` can be in progress:
  // stop there instead of parsing the whole history on every tick.
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if (b.isGap || b.startTime > now) continue;
    return now < b.endTime ? b : null;
  }
  return null;
}

/**
 * A block whose figures can be stored: sources refuse absurd values at the edge, and this keeps a
 * missed one (Infinity, NaN) from ever reaching the state, where JSON would write it as null.
 */
export function countable(b: Block): boolean {
  return Number.isFinite(b.totalTokens) && b.totalTokens >= 0 && Number.isFinite(b.costUSD) &&
    b.costUSD >= 0;
}

function toRecord(b: Block): WindowRecord {
  return { id: b.id, startMs: b.startTime, tokens: b.totalTokens, costUSD: b.costUSD };
}

/**
 * Folds the latest blocks into the state and reports the transitions since the last update.
 * Pure: `now` and the period are inputs.
 *
 * @example
 * ```ts
 * const { state, events } = updateTracker(emptyTrackerState(), blocks, now, period, "2026-11-15");
 * ```
 */
export function updateTracker(
  previous: TrackerState,
  blocks: readonly Block[],
  now: number,
  period: BillingPeriod,
  periodStart: string,
): { state: TrackerState; events: TrackerEvent[] } {
  const events: TrackerEvent[] = [];
  const byId = new Map(previous.windows.map((w) => [w.id, w]));
  let { maxTokens, maxCostUSD, maxWindowId } = previous;
  for (const b of blocks) {
    if (b.isGap || b.entries === 0 || !countable(b)) continue;
    byId.set(b.id, toRecord(b));
    if (b.totalTokens > maxTokens) {
      maxTokens = b.totalTokens;
      maxWindowId = b.id;
      events.push({ type: "new-record", windowId: b.id, tokens: b.totalTokens });
    }
    if (b.costUSD > maxCostUSD) maxCostUSD = b.costUSD;
  }
  if (previous.periodStart !== periodStart) {
    events.push({ type: "period-rolled", from: previous.periodStart, to: periodStart });
  }
  const active = activeBlock(blocks, now);
  const activeId = active?.id ?? null;
  if (previous.activeWindowId !== null && previous.activeWindowId !== activeId) {
    const ended = byId.get(previous.activeWindowId);
    events.push({
      type: "window-ended",
      windowId: previous.activeWindowId,
      tokens: ended?.tokens ?? 0,
      costUSD: ended?.costUSD ?? 0,
    });
  }
  if (activeId !== null && activeId !== previous.activeWindowId) {
    events.push({ type: "window-started", windowId: activeId });
  }
  const keepFrom = period.startMs - KEEP_MS;
  const windows = [...byId.values()]
    .filter((w) => w.startMs >= keepFrom)
    .sort((a, b) => a.startMs - b.startMs);
  return {
    state: {
      version: 1,
      maxTokens,
      maxCostUSD,
      maxWindowId,
      activeWindowId: activeId,
      periodStart,
      windows,
    },
    events,
  };
}

/**
 * Rebuilds the state from the data alone (`--recalculate`): stored maxima and windows are
 * discarded, so a record from deleted logs or a bad import is forgotten.
 */
export function recalculateTracker(
  blocks: readonly Block[],
  now: number,
  period: BillingPeriod,
  periodStart: string,
): TrackerState {
  return updateTracker(emptyTrackerState(), blocks, now, period, periodStart).state;
}

/** Totals of one billing period. */
export interface PeriodRollup {
  /** Completed windows plus the active one. */
  sessionsUsed: number;
  /** Cost of every window in the period, the active one included. */
  costUSD: number;
  totalTokens: number;
  /** The period's windows, oldest first. */
  windows: WindowRecord[];
}

/**
 * Sums the windows that start inside the period, from the data and from the state (so windows
 * whose logs were deleted still count). The data wins where both know a window.
 */
export function periodRollup(
  state: TrackerState,
  blocks: readonly Block[],
  period: BillingPeriod,
): PeriodRollup {
  const byId = new Map(state.windows.map((w) => [w.id, w]));
  for (const b of blocks) {
    if (!b.isGap && b.entries > 0 && countable(b)) byId.set(b.id, toRecord(b));
  }
  const windows = [...byId.values()]
    .filter((w) => w.startMs >= period.startMs && w.startMs < period.endMs)
    .sort((a, b) => a.startMs - b.startMs);
  let costUSD = 0;
  let totalTokens = 0;
  for (const w of windows) {
    costUSD += w.costUSD;
    totalTokens += w.tokens;
  }
  return { sessionsUsed: windows.length, costUSD, totalTokens, windows };
}
