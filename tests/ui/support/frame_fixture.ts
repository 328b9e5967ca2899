/** Builds dashboard frames from blocks for UI tests and the preview, without the real core. */

import type { ActivityPoint, Block, Snapshot, SnapshotAlert } from "../../../src/core/types.ts";
import {
  DEFAULT_LEVELS,
  type Frame,
  type FrameSettings,
  type NotifyOutcome,
} from "../../../src/ports.ts";
import { datesBetween, localDate } from "../../../src/core/zoned_time.ts";

/** Inputs of a fixture frame; everything not given gets a plain default. */
export interface FrameFixture {
  blocks: Block[];
  now: number;
  timeZone?: string;
  activity?: ActivityPoint[] | null;
  startDay?: number;
  sessionsLimit?: number;
  kind?: "ccusage" | "native" | "demo";
  updatedAt?: number | null;
  error?: string | null;
  alertLog?: SnapshotAlert[];
  notifierBackend?: string | null;
  dataDirs?: string[];
  skippedLines?: number;
  unpricedModels?: string[];
  settings?: Partial<FrameSettings>;
  notifications?: NotifyOutcome[];
  official?: Snapshot["official"];
  estimate?: Snapshot["estimate"];
  week?: Snapshot["week"];
}

function periodOf(now: number, tz: string, startDay: number): { start: string; end: string } {
  const today = localDate(now, tz);
  let [y, m] = today.split("-").map(Number) as [number, number];
  const d = Number(today.slice(8));
  if (d < startDay) {
    m -= 1;
    if (m === 0) [y, m] = [y - 1, 12];
  }
  const fmt = (yy: number, mm: number) =>
    `${yy}-${String(mm).padStart(2, "0")}-${String(startDay).padStart(2, "0")}`;
  const start = fmt(y, m);
  const end = m === 12 ? fmt(y + 1, 1) : fmt(y, m + 1);
  return { start, end };
}

/** A frame whose snapshot is computed from `blocks` like the core does (simplified). */
export function frameFixture(f: FrameFixture): Frame {
  const tz = f.timeZone ?? "UTC";
  const { start, end } = periodOf(f.now, tz, f.startDay ?? 1);
  const real = f.blocks.filter((b) => !b.isGap);
  const inPeriod = real.filter((b) => {
    const d = localDate(b.startTime, tz);
    return d >= start && d < end;
  });
  const active = real.find((b) => b.isActive && b.endTime > f.now) ?? null;
  const maxBlock = real.reduce<Block | null>(
    (best, b) => (!best || b.totalTokens > best.totalTokens ? b : best),
    null,
  );
  const maxTokens = maxBlock?.totalTokens ?? 0;
  const limit = f.sessionsLimit ?? 50;
  const used = inPeriod.length;
  const daysLeft = datesBetween(localDate(f.now, tz), end).length;
  const snapshot: Snapshot = {
    schemaVersion: 1,
    generatedAt: f.now,
    timezone: tz,
    source: {
      kind: f.kind ?? "native",
      ok: !f.error,
      error: f.error ?? null,
      updatedAt: f.updatedAt === undefined ? f.now : f.updatedAt,
      ...(f.skippedLines !== undefined ? { skippedLines: f.skippedLines } : {}),
      ...(f.unpricedModels !== undefined ? { unpricedModels: f.unpricedModels } : {}),
    },
    window: active
      ? {
        id: active.id,
        startTime: active.startTime,
        endTime: active.endTime,
        lastActivity: active.actualEndTime,
        minutesLeft: Math.floor((active.endTime - f.now) / 60_000),
        idleMinutes: active.actualEndTime ? Math.floor((f.now - active.actualEndTime) / 60_000) : 0,
        tokens: {
          input: active.tokenCounts.inputTokens,
          output: active.tokenCounts.outputTokens,
          cacheCreation: active.tokenCounts.cacheCreationInputTokens,
          cacheRead: active.tokenCounts.cacheReadInputTokens,
          total: active.totalTokens,
        },
        costUSD: active.costUSD,
        models: active.models,
        percentOfMax: maxTokens > 0
          ? Math.round((active.totalTokens / maxTokens) * 1000) / 10
          : null,
        burnRate: active.burnRate
          ? {
            tokensPerMinute: active.burnRate.tokensPerMinute,
            costPerHour: active.burnRate.costPerHour,
          }
          : null,
        projection: active.projection
          ? { totalTokens: active.projection.totalTokens, costUSD: active.projection.totalCost }
          : null,
      }
      : null,
    period: {
      start,
      end,
      daysLeft,
      sessionsUsed: used,
      sessionsLimit: limit,
      sessionsLeft: Math.max(0, limit - used),
      sessionsOver: Math.max(0, used - limit),
      sessionsPerDayLeft: daysLeft > 0
        ? Math.round((Math.max(0, limit - used) / daysLeft) * 100) / 100
        : 0,
      costUSD: inPeriod.reduce((n, b) => n + b.costUSD, 0),
      totalTokens: inPeriod.reduce((n, b) => n + b.totalTokens, 0),
      maxTokens,
      maxCostUSD: maxBlock?.costUSD ?? 0,
    },
    official: f.official ?? null,
    alerts: [],
    ...(f.estimate ? { estimate: f.estimate } : {}),
    ...(f.week ? { week: f.week } : {}),
  };
  return {
    snapshot,
    blocks: f.blocks,
    activity: f.activity === undefined ? null : f.activity,
    now: f.now,
    notifierBackend: f.notifierBackend === undefined ? "notify-send" : f.notifierBackend,
    alertLog: f.alertLog ?? [],
    dataDirs: f.dataDirs ?? ["/home/ana/.config/claude/projects", "/home/ana/.claude/projects"],
    settings: {
      timeZone: tz,
      alertBefore: 30,
      idleAfter: 10,
      tokenLimit: null,
      sessions: limit,
      color: true,
      levels: DEFAULT_LEVELS,
      ...f.settings,
    },
    notifications: f.notifications ?? [],
  };
}
