/** The one pure builder of the snapshot that every output (TUI, --once, JSON, statusline) renders. */

import { type BillingPeriod, periodDates } from "./period.ts";
import {
  activeBlock,
  countable,
  type PeriodRollup,
  periodRollup,
  type TrackerState,
} from "./tracker.ts";
import type {
  ActivityPoint,
  Block,
  Snapshot,
  SnapshotAlert,
  SnapshotBasis,
  SnapshotSource,
  SnapshotWeek,
  SnapshotWindow,
} from "./types.ts";
import type { OfficialCapture } from "./official.ts";
import { estimateSection, officialSection } from "./official_section.ts";

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
  /** The latest statusline capture for this account, if any. */
  official: OfficialCapture | null;
  alerts: SnapshotAlert[];
  /**
   * The local estimate's basis (see `limitBasis`, computed once per refresh); without it the
   * configured limit, else the record window.
   */
  basis?: SnapshotBasis;
  /** Per-entry activity, for the usage since the last capture. */
  activity?: readonly ActivityPoint[] | null;
  /** The week's usage (see `weeklyUsage`), computed once per refresh. */
  week?: SnapshotWeek | null;
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Minutes from `now` to `endMs`, rounded as ccusage rounds its projection. */
export function minutesUntil(endMs: number, now: number): number {
  return Math.max(0, Math.round((endMs - now) / 60_000));
}

function buildWindow(b: Block, now: number, maxRef: number | null): SnapshotWindow {
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
    percentOfMax: maxRef !== null && maxRef > 0 ? round((b.totalTokens / maxRef) * 100, 1) : null,
    burnRate: b.burnRate
      ? {
        tokensPerMinute: round(b.burnRate.tokensPerMinute, 1),
        costPerHour: round(b.burnRate.costPerHour, 2),
      }
      : null,
    projection,
  };
}

interface PerData {
  startMs: number;
  endMs: number;
  recordTokens: number;
  recordCost: number;
  rollup: PeriodRollup;
}

/**
 * The record and the period's totals depend on the state, the blocks and the period only, not
 * on `now`: a dashboard ticking every second over a long history would otherwise walk every
 * block and allocate a record per window each second. Kept per state and blocks object (both
 * are replaced, never changed, when new data comes).
 */
const perDataCache = new WeakMap<TrackerState, WeakMap<readonly Block[], PerData>>();

function perData(tracker: TrackerState, blocks: readonly Block[], period: BillingPeriod): PerData {
  let byBlocks = perDataCache.get(tracker);
  if (!byBlocks) {
    byBlocks = new WeakMap();
    perDataCache.set(tracker, byBlocks);
  }
  const cached = byBlocks.get(blocks);
  if (cached && cached.startMs === period.startMs && cached.endMs === period.endMs) return cached;
  let recordTokens = tracker.maxTokens;
  let recordCost = tracker.maxCostUSD;
  for (const b of blocks) {
    if (b.isGap || !countable(b)) continue;
    recordTokens = Math.max(recordTokens, b.totalTokens);
    recordCost = Math.max(recordCost, b.costUSD);
  }
  const value: PerData = {
    startMs: period.startMs,
    endMs: period.endMs,
    recordTokens,
    recordCost,
    rollup: periodRollup(tracker, blocks, period),
  };
  byBlocks.set(blocks, value);
  return value;
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
  const { recordTokens, recordCost, rollup } = perData(tracker, blocks, period);
  const maxRef = input.tokenLimit ?? recordTokens;
  const basis: SnapshotBasis = input.basis ?? {
    kind: input.tokenLimit !== null ? "configured" : "record",
    label: input.tokenLimit !== null ? "configured" : "vs. record",
    limitTokens: maxRef > 0 ? maxRef : null,
    limitCostUSD: null,
    samples: 0,
  };
  const active = activeBlock(blocks, now);
  // The window's share is of the estimate's limit, whatever its basis.
  const window = active ? buildWindow(active, now, basis.limitTokens) : null;
  // Over the limit there is nothing left, not a negative amount: the excess is said separately.
  const sessionsLeft = Math.max(0, input.sessionsLimit - rollup.sessionsUsed);
  const sessionsOver = Math.max(0, rollup.sessionsUsed - input.sessionsLimit);
  const { start, end } = periodDates(period);
  const snapshot: Snapshot = {
    schemaVersion: 1,
    generatedAt: now,
    timezone: input.timezone,
    source: input.source,
    window,
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
    official: input.official === null ? null : officialSection({
      capture: input.official,
      basis,
      window,
      activity: input.activity ?? null,
      now,
    }),
    alerts: input.alerts,
    estimate: estimateSection(basis, window, now),
  };
  if (input.week) snapshot.week = input.week;
  return snapshot;
}
