/** The one pure builder of the snapshot that every output (TUI, --once, JSON, statusline) renders. */

import { type BillingPeriod, periodDates } from "./period.ts";
import { activeBlock, countable, periodRollup, type TrackerState } from "./tracker.ts";
import type {
  Block,
  Snapshot,
  SnapshotAlert,
  SnapshotOfficial,
  SnapshotSource,
  SnapshotWindow,
} from "./types.ts";

/** Inputs of {@linkcode buildSnapshot}. */
export interface SnapshotInput {
  now: number;
  timezone: string;
  blocks: readonly Block[];
  period: BillingPeriod;
  tracker: TrackerState;
  source: SnapshotSource;
  sessionsLimit: number;
  /** A configured tokens-per-window limit; overrides the record window as the 100 % mark. */
  tokenLimit: number | null;
  official: SnapshotOfficial | null;
  alerts: SnapshotAlert[];
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Minutes from `now` to `endMs`, rounded as ccusage rounds its projection. */
export function minutesUntil(endMs: number, now: number): number {
  return Math.max(0, Math.round((endMs - now) / 60_000));
}

function buildWindow(b: Block, now: number, maxRef: number): SnapshotWindow {
  const minutesLeft = minutesUntil(b.endTime, now);
  const last = b.actualEndTime;
  const t = b.tokenCounts;
  let projection: SnapshotWindow["projection"] = null;
  if (b.burnRate) {
    // Recomputed at `now` (ccusage's projection is as of its own run): rate x minutes left.
    projection = {
      totalTokens: Math.round(b.totalTokens + b.burnRate.tokensPerMinute * minutesLeft),
      costUSD: round(b.costUSD + (b.burnRate.costPerHour / 60) * minutesLeft, 2),
    };
  }
  return {
    id: b.id,
    startTime: b.startTime,
    endTime: b.endTime,
    lastActivity: last,
    minutesLeft,
    idleMinutes: last === null ? 0 : Math.max(0, Math.floor((now - last) / 60_000)),
    tokens: {
      input: t.inputTokens,
      output: t.outputTokens,
      cacheCreation: t.cacheCreationInputTokens,
      cacheRead: t.cacheReadInputTokens,
      total: b.totalTokens,
    },
    costUSD: b.costUSD,
    models: [...b.models],
    percentOfMax: maxRef > 0 ? round((b.totalTokens / maxRef) * 100, 1) : null,
    burnRate: b.burnRate
      ? {
        tokensPerMinute: round(b.burnRate.tokensPerMinute, 1),
        costPerHour: round(b.burnRate.costPerHour, 2),
      }
      : null,
    projection,
  };
}

/**
 * Builds the snapshot for `now`. The tracker state must already include `blocks`
 * (see `updateTracker`); the record window is the larger of the state's and the data's.
 *
 * @example
 * ```ts
 * const snap = buildSnapshot({ now, timezone: "UTC", blocks, period, tracker, source,
 *   sessionsLimit: 50, tokenLimit: null, official: null, alerts: [] });
 * snap.period.sessionsLeft;
 * ```
 */
export function buildSnapshot(input: SnapshotInput): Snapshot {
  const { now, blocks, period, tracker } = input;
  let recordTokens = tracker.maxTokens;
  let recordCost = tracker.maxCostUSD;
  for (const b of blocks) {
    if (b.isGap || !countable(b)) continue;
    recordTokens = Math.max(recordTokens, b.totalTokens);
    recordCost = Math.max(recordCost, b.costUSD);
  }
  const maxRef = input.tokenLimit ?? recordTokens;
  const active = activeBlock(blocks, now);
  const rollup = periodRollup(tracker, blocks, period);
  // Over the limit there is nothing left, not a negative amount: the excess is said separately.
  const sessionsLeft = Math.max(0, input.sessionsLimit - rollup.sessionsUsed);
  const sessionsOver = Math.max(0, rollup.sessionsUsed - input.sessionsLimit);
  const { start, end } = periodDates(period);
  return {
    schemaVersion: 1,
    generatedAt: now,
    timezone: input.timezone,
    source: input.source,
    window: active ? buildWindow(active, now, maxRef) : null,
    period: {
      start,
      end,
      daysLeft: period.daysLeft,
      sessionsUsed: rollup.sessionsUsed,
      sessionsLimit: input.sessionsLimit,
      sessionsLeft,
      sessionsOver,
      sessionsPerDayLeft: period.daysLeft > 0 ? round(sessionsLeft / period.daysLeft, 2) : 0,
      costUSD: round(rollup.costUSD, 6),
      totalTokens: rollup.totalTokens,
      maxTokens: maxRef,
      maxCostUSD: round(recordCost, 6),
    },
    official: input.official,
    alerts: input.alerts,
  };
}
