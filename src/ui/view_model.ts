/** The dashboard's pure view model: every number, label and colour level of one frame. */

import type { ActivityPoint, Block, SnapshotAlert } from "../core/types.ts";
import type { Frame } from "../ports.ts";
import {
  formatAge,
  formatCountdown,
  formatDuration,
  formatFallback,
  formatPercent,
  formatSessionsLeft,
  formatTokens,
  formatUsd,
  shortModel,
} from "../core/format.ts";
import { type Level, levelOf } from "./level.ts";
import {
  datesBetween,
  localDate,
  localDayHm,
  localHm,
  localHms,
  shortDate,
  zonedMidnight,
} from "../core/zoned_time.ts";

/** Length of a window (ccusage's session duration). */
export const WINDOW_MS = 5 * 60 * 60 * 1000;
/** Width of one activity bucket. */
export const BUCKET_MS = 5 * 60 * 1000;
const BUCKETS = WINDOW_MS / BUCKET_MS;

/**
 * What the view model remembers between frames: when a source gives no per-entry activity
 * (ccusage), the window's token growth seen from frame to frame fills the activity buckets.
 */
export interface ViewState {
  windowId: string | null;
  lastTotal: number;
  buckets: number[];
}

/** A gauge: percentage (0-100, clamped for drawing) and its colour level. */
export interface GaugeView {
  percent: number;
  level: Level;
  /** `45%`. */
  text: string;
}

/** A labelled line of a panel; `level` colours the value. */
export interface LineView {
  label: string;
  value: string;
  level?: Level;
}

/** The current-window panel. */
export interface WindowView {
  tokens: GaugeView;
  time: GaugeView;
  /** `365.0k / 810.0k`. */
  tokensShort: string;
  /** `2h 41m 05s left`. */
  timeShort: string;
  lines: LineView[];
}

/** The billing-period panel. */
export interface PeriodView {
  sessions: GaugeView;
  elapsed: GaugeView;
  /** `13 / 50 used`. */
  sessionsShort: string;
  /** `20 days left`. */
  elapsedShort: string;
  lines: LineView[];
  compactLine: string;
}

/** A series for a sparkline panel. */
export interface SeriesView {
  title: string;
  values: number[];
  /** Axis labels under the sparkline: left and right ends. */
  from: string;
  to: string;
  /** Shown instead of the chart when there is nothing to draw. */
  note: string | null;
}

/** A row of the recent-windows table. */
export interface RecentRow {
  start: string;
  duration: string;
  tokens: string;
  cost: string;
  models: string;
  active: boolean;
}

/** A piece of the status line. */
export interface StatusPart {
  text: string;
  level?: Level;
}

/** Everything one frame shows. */
export interface DashboardView {
  title: string;
  /** `11:45:53 Europe/Warsaw`. */
  clock: string;
  /** `Period 2026-11-15 → 2026-12-14`. */
  periodLabel: string;
  /** loading: no data yet; empty: no Claude data found; ready: data to show. */
  mode: "loading" | "empty" | "ready";
  /** Lines of the empty-state or loading message. */
  message: string[];
  /** The active window, or null when waiting for a new one. */
  window: WindowView | null;
  /** Shown in the window panel while `window` is null. */
  waiting: string[];
  period: PeriodView;
  activity: SeriesView;
  costPerDay: SeriesView;
  windowsPerDay: SeriesView;
  recent: RecentRow[];
  /** Alert log lines, newest last. */
  alerts: string[];
  status: StatusPart[];
  /** Key help, kept visible at the right of the status line. */
  keys: string;
}

/** Options that do not change from frame to frame. */
export interface ViewOptions {
  timeZone: string;
}

/** A fresh view state. */
export function initialViewState(): ViewState {
  return { windowId: null, lastTotal: 0, buckets: new Array<number>(BUCKETS).fill(0) };
}

function gauge(percent: number): GaugeView {
  const safe = Number.isFinite(percent) ? Math.max(0, percent) : 0;
  return { percent: Math.min(100, safe), level: levelOf(safe), text: formatPercent(safe) };
}

function bucketOf(time: number, start: number): number {
  return Math.min(BUCKETS - 1, Math.max(0, Math.floor((time - start) / BUCKET_MS)));
}

/**
 * Updates the frame-to-frame token history of the active window (used when a source has no
 * per-entry activity): a new window seeds its tokens evenly from its start to its last
 * activity, later growth lands in the bucket of the last activity.
 */
export function trackWindowTokens(
  state: ViewState,
  window: { id: string; startTime: number; lastActivity: number | null; total: number } | null,
  now: number,
): ViewState {
  if (!window) return state.windowId === null ? state : initialViewState();
  const start = window.startTime;
  const last = window.lastActivity ?? now;
  if (state.windowId !== window.id) {
    const buckets = new Array<number>(BUCKETS).fill(0);
    const first = bucketOf(start, start);
    const end = bucketOf(last, start);
    const share = window.total / (end - first + 1);
    for (let i = first; i <= end; i++) buckets[i] = share;
    return { windowId: window.id, lastTotal: window.total, buckets };
  }
  if (window.total <= state.lastTotal) return state;
  const buckets = [...state.buckets];
  const at = bucketOf(last, start);
  buckets[at] = (buckets[at] ?? 0) + (window.total - state.lastTotal);
  return { windowId: window.id, lastTotal: window.total, buckets };
}

function isRealBlock(block: Block): boolean {
  return !block.isGap;
}

function windowView(frame: Frame, options: ViewOptions): WindowView | null {
  const w = frame.snapshot.window;
  if (!w) return null;
  const start = w.startTime;
  const end = w.endTime;
  const left = end - frame.now;
  if (left <= 0) return null;
  const tz = options.timeZone;
  const maxTokens = frame.snapshot.period.maxTokens;
  const percentOfMax = w.percentOfMax ??
    (maxTokens > 0 ? (w.tokens.total / maxTokens) * 100 : 0);
  const tokens = gauge(percentOfMax);
  const time = gauge(((frame.now - start) / (end - start)) * 100);
  const reset = localHm(end, tz);
  const countdown = formatCountdown(left);
  const maxText = maxTokens > 0 ? formatTokens(maxTokens) : "?";
  const t = w.tokens;
  const split = `input ${formatTokens(t.input)} · output ${formatTokens(t.output)}`;
  const cache = `write ${formatTokens(t.cacheCreation)} · read ${formatTokens(t.cacheRead)}`;
  const burn = w.burnRate
    ? `${formatTokens(w.burnRate.tokensPerMinute)} tokens/min · ${
      formatUsd(w.burnRate.costPerHour)
    }/h`
    : "not enough activity yet";
  const lines: LineView[] = [
    {
      label: "Used",
      value: `${formatTokens(t.total)} of ${maxText} max (${formatPercent(percentOfMax)})`,
      level: tokens.level,
    },
    { label: "Resets", value: `${reset} · in ${countdown}`, level: time.level },
    { label: "Cost", value: `${formatUsd(w.costUSD)} at API prices` },
    { label: "Burn rate", value: burn },
  ];
  if (w.projection) {
    const projectedPercent = maxTokens > 0 ? (w.projection.totalTokens / maxTokens) * 100 : 0;
    const value = `${formatTokens(w.projection.totalTokens)} tokens · ${
      formatUsd(w.projection.costUSD)
    } by ${reset}`;
    lines.push({ label: "Projected", value, level: levelOf(projectedPercent) });
  }
  lines.push({ label: "Split", value: split }, { label: "Cache", value: cache });
  if (w.models.length > 0) {
    lines.push({ label: "Models", value: w.models.map(shortModel).join(", ") });
  }
  const idleMs = w.lastActivity !== null ? frame.now - w.lastActivity : 0;
  lines.push({
    label: "Activity",
    value: w.lastActivity !== null
      ? `last ${localHm(w.lastActivity, tz)} (idle ${formatDuration(idleMs)})`
      : "none yet",
    ...(idleMs >= 10 * 60_000 ? { level: "yellow" as const } : {}),
  });
  lines.push({ label: "Window", value: `${localHm(start, tz)} → ${reset} (${tz})` });
  const official = frame.snapshot.official;
  if (official && (official.fiveHour || official.sevenDay)) {
    const parts: string[] = [];
    if (official.fiveHour) parts.push(`5h ${formatPercent(official.fiveHour.usedPercentage)}`);
    if (official.sevenDay) parts.push(`7d ${formatPercent(official.sevenDay.usedPercentage)}`);
    const worst = Math.max(
      official.fiveHour?.usedPercentage ?? 0,
      official.sevenDay?.usedPercentage ?? 0,
    );
    lines.push({
      label: "Official",
      value: parts.join(" · ") + (official.stale ? " (stale)" : ""),
      level: levelOf(worst),
    });
  }
  return {
    tokens,
    time,
    tokensShort: `${formatTokens(t.total)} / ${maxText}`,
    timeShort: `${countdown} left · resets ${reset}`,
    lines,
  };
}

function periodView(frame: Frame, options: ViewOptions, loading: boolean): PeriodView {
  const p = frame.snapshot.period;
  const start = zonedMidnight(p.start, options.timeZone);
  const end = zonedMidnight(p.end, options.timeZone);
  const lastDay = shortDate(datesBetween(p.start, p.end).at(-1) ?? p.end);
  const sessions = gauge(p.sessionsLimit > 0 ? (p.sessionsUsed / p.sessionsLimit) * 100 : 0);
  const elapsed = gauge(end > start ? ((frame.now - start) / (end - start)) * 100 : 0);
  const days = `${p.daysLeft} ${p.daysLeft === 1 ? "day" : "days"} left`;
  const perDay = `${p.sessionsPerDayLeft.toFixed(2)} sessions/day`;
  const lines: LineView[] = [
    {
      label: "Sessions",
      value: `${p.sessionsUsed} used · ${formatSessionsLeft(p)}`,
      level: sessions.level,
    },
    { label: "Days left", value: `${p.daysLeft} (last day ${lastDay})` },
    { label: "Per day", value: `${perDay} left` },
    { label: "Cost", value: `${formatUsd(p.costUSD)} so far (incl. active)` },
    { label: "Tokens", value: `${formatTokens(p.totalTokens)} so far` },
    {
      label: "Record",
      // The two highs may come from different windows.
      value: `${formatTokens(p.maxTokens)} tokens · ${formatUsd(p.maxCostUSD)}`,
    },
  ];
  if (loading) {
    // Before the first load the usage figures are unknown, not zero: show only the calendar.
    return {
      sessions: gauge(0),
      elapsed,
      sessionsShort: `… / ${p.sessionsLimit} used`,
      elapsedShort: days,
      lines: [
        { label: "Sessions", value: "loading…" },
        { label: "Days left", value: `${p.daysLeft} (last day ${lastDay})` },
      ],
      compactLine: "loading…",
    };
  }
  return {
    sessions,
    elapsed,
    sessionsShort: `${p.sessionsUsed} / ${p.sessionsLimit} used`,
    elapsedShort: days,
    lines,
    compactLine: `${
      p.sessionsOver > 0 ? `over by ${p.sessionsOver}` : `${p.sessionsLeft} left`
    } · ${perDay} · ${formatUsd(p.costUSD)} so far`,
  };
}

function activitySeries(frame: Frame, options: ViewOptions, state: ViewState): SeriesView {
  const w = frame.snapshot.window;
  const title = "Tokens per 5 min";
  if (!w || w.endTime <= frame.now) {
    return { title, values: [], from: "", to: "", note: "No active window" };
  }
  const start = w.startTime;
  const end = w.endTime;
  let values: number[];
  if (frame.activity) {
    const cached = activityCache.get(frame.activity);
    if (cached?.key === w.id) {
      values = cached.value;
    } else {
      values = new Array<number>(BUCKETS).fill(0);
      for (const point of frame.activity) {
        if (point.time < start || point.time >= end) continue;
        const i = bucketOf(point.time, start);
        values[i] = (values[i] ?? 0) + point.tokens;
      }
      activityCache.set(frame.activity, { key: w.id, value: values });
    }
  } else {
    values = state.windowId === w.id ? state.buckets : new Array<number>(BUCKETS).fill(0);
  }
  const peak = Math.max(0, ...values);
  return {
    title: `${title} · peak ${formatTokens(peak)}${frame.activity ? "" : " (estimated)"}`,
    values,
    from: localHm(start, options.timeZone),
    to: localHm(end, options.timeZone),
    note: null,
  };
}

/**
 * Per-frame work must stay tiny (the dashboard ticks every second for hours), so results that
 * only change with new data, a new day or a new minute are remembered per blocks array. The
 * caches are keyed by the array's identity: a refresh brings a new array, and the old entry is
 * collected with it.
 */
const perDayCache = new WeakMap<readonly Block[], { key: string; value: [number[], number[]] }>();
const recentCache = new WeakMap<readonly Block[], { key: string; value: RecentRow[] }>();
const activityCache = new WeakMap<readonly ActivityPoint[], { key: string; value: number[] }>();

/** Sums cost and windows per local day of the period; no Intl call per block. */
function dailyTotals(
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

function perDaySeries(frame: Frame, options: ViewOptions): [SeriesView, SeriesView] {
  const p = frame.snapshot.period;
  const dates = datesBetween(p.start, p.end);
  const index = new Map(dates.map((d, i) => [d, i]));
  const key = `${p.start}|${p.end}|${options.timeZone}`;
  let cached = perDayCache.get(frame.blocks);
  if (cached?.key !== key) {
    cached = { key, value: dailyTotals(frame.blocks, dates, p.end, options.timeZone) };
    perDayCache.set(frame.blocks, cached);
  }
  const [cost, count] = cached.value;
  const today = index.get(localDate(frame.now, options.timeZone));
  const from = shortDate(dates[0] ?? p.start);
  const to = shortDate(dates.at(-1) ?? p.end);
  const todayCost = today === undefined ? [] : [`today ${formatUsd(cost[today] ?? 0)}`];
  const todayCount = today === undefined ? [] : [`today ${count[today] ?? 0}`];
  const peakCost = Math.max(0, ...cost);
  const peakCount = Math.max(0, ...count);
  return [
    {
      title: [...todayCost, `peak ${formatUsd(peakCost)}`].join(" · "),
      values: cost,
      from,
      to,
      note: null,
    },
    {
      title: [...todayCount, `peak ${peakCount}`].join(" · "),
      values: count,
      from,
      to,
      note: null,
    },
  ];
}

function recentRows(frame: Frame, options: ViewOptions): RecentRow[] {
  const key = `${Math.floor(frame.now / 60_000)}|${options.timeZone}`;
  const cached = recentCache.get(frame.blocks);
  if (cached?.key === key) return cached.value;
  const value = computeRecentRows(frame, options);
  recentCache.set(frame.blocks, { key, value });
  return value;
}

function computeRecentRows(frame: Frame, options: ViewOptions): RecentRow[] {
  return frame.blocks
    .filter(isRealBlock)
    .sort((a, b) => b.startTime - a.startTime)
    .slice(0, 50)
    .map((block) => {
      const start = block.startTime;
      const active = block.isActive && block.endTime > frame.now;
      const last = active ? frame.now : block.actualEndTime ?? block.endTime;
      return {
        start: localDayHm(start, options.timeZone),
        duration: formatDuration(last - start),
        tokens: formatTokens(block.totalTokens),
        cost: formatUsd(block.costUSD),
        models: block.models.map(shortModel).join(", "),
        active,
      };
    });
}

function alertLine(alert: SnapshotAlert, timeZone: string): string {
  const at = localHm(alert.at, timeZone);
  return alert.body ? `${at} ${alert.title}: ${alert.body}` : `${at} ${alert.title}`;
}

function statusParts(frame: Frame): StatusPart[] {
  const source = frame.snapshot.source;
  const parts: StatusPart[] = [];
  const age = source.updatedAt !== null
    ? `updated ${formatAge(Math.max(0, frame.now - source.updatedAt))}`
    : source.error
    ? "no data yet"
    : "loading…";
  parts.push({ text: `${source.kind} · ${age}` });
  if (source.error) parts.push({ text: `error: ${source.error}`, level: "red" });
  if (source.fallbackReason !== undefined) {
    parts.push({ text: formatFallback(source.fallbackReason), level: "yellow" });
  }
  if (source.skippedLines) {
    const s = source.skippedLines === 1 ? "line" : "lines";
    parts.push({ text: `${source.skippedLines} skipped ${s}`, level: "yellow" });
  }
  if (source.unpricedModels && source.unpricedModels.length > 0) {
    parts.push({ text: `unpriced: ${source.unpricedModels.join(", ")}`, level: "yellow" });
  }
  parts.push({
    text: frame.notifierBackend ? `notify: ${frame.notifierBackend}` : "no notifier (bell)",
  });
  return parts;
}

function emptyMessage(frame: Frame): string[] {
  // Sources that leave the search to ccusage report no directories: name its defaults.
  const dirs = frame.dataDirs.length > 0
    ? frame.dataDirs
    : ["~/.config/claude/projects (or $XDG_CONFIG_HOME/claude/projects)", "~/.claude/projects"];
  const lines = [
    "No Claude Code usage data found.",
    "",
    "Looked in:",
    ...dirs.map((d) => `  ${d}`),
    "",
    "Point it elsewhere with --claude-dir DIR or CLAUDE_CONFIG_DIR=DIR,",
    "or try the dashboard with --demo.",
  ];
  // The error comes last: the status line shows it too, and the hints matter more.
  const error = frame.snapshot.source.error;
  return error ? [...lines, "", `Last error: ${error}`] : lines;
}

/**
 * Builds the view of one frame. Pure: the clock is `frame.now`, and the only memory is the
 * returned state, which the caller passes back with the next frame.
 *
 * @example
 * ```ts
 * let state = initialViewState();
 * const { view, state: next } = buildDashboardView(frame, { timeZone: "UTC" }, state);
 * state = next;
 * ```
 */
export function buildDashboardView(
  frame: Frame,
  options: ViewOptions,
  state: ViewState,
): { view: DashboardView; state: ViewState } {
  const tz = options.timeZone;
  const s = frame.snapshot;
  const w = s.window;
  const nextState = trackWindowTokens(
    state,
    w
      ? { id: w.id, startTime: w.startTime, lastActivity: w.lastActivity, total: w.tokens.total }
      : null,
    frame.now,
  );
  const hasBlocks = frame.blocks.some(isRealBlock);
  const mode = hasBlocks || w
    ? "ready"
    : s.source.updatedAt === null && !s.source.error
    ? "loading"
    : "empty";
  const [costPerDay, windowsPerDay] = perDaySeries(frame, options);
  const lastDay = datesBetween(s.period.start, s.period.end).at(-1) ?? s.period.end;
  const view: DashboardView = {
    title: "Claude Monitor",
    clock: `${localHms(frame.now, tz)} ${tz}`,
    periodLabel: `Period ${s.period.start} → ${lastDay}`,
    mode,
    message: mode === "empty"
      ? emptyMessage(frame)
      : mode === "loading"
      ? ["Loading usage data…"]
      : [],
    window: windowView(frame, options),
    waiting: [
      "No active window: waiting for a new window.",
      "It starts with your next Claude Code message.",
    ],
    period: periodView(frame, options, mode === "loading"),
    activity: activitySeries(frame, options, nextState),
    costPerDay,
    windowsPerDay,
    recent: recentRows(frame, options),
    alerts: frame.alertLog.map((alert) => alertLine(alert, tz)),
    status: statusParts(frame),
    keys: "r refresh · q quit",
  };
  return { view, state: nextState };
}
