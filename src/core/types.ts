/** Domain types shared by every layer: ccusage-shaped blocks and the public snapshot. */

/** Token counts of a block, in ccusage's key names. */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

/** Burn rate of an active block, as ccusage reports it. */
export interface BurnRate {
  tokensPerMinute: number;
  tokensPerMinuteForIndicator: number;
  costPerHour: number;
}

/** Projection of an active block to its end, as ccusage reports it. */
export interface Projection {
  totalTokens: number;
  totalCost: number;
  remainingMinutes: number;
}

/** One 5-hour block in the exact shape of `ccusage blocks --json` (times are ISO UTC strings). */
export interface Block {
  id: string;
  startTime: string;
  endTime: string;
  actualEndTime: string | null;
  isActive: boolean;
  isGap: boolean;
  entries: number;
  tokenCounts: TokenCounts;
  totalTokens: number;
  costUSD: number;
  models: string[];
  burnRate: BurnRate | null;
  projection: Projection | null;
  usageLimitResetTime?: string;
}

/** A usage point inside a block: when tokens were spent and how many (for activity sparklines). */
export interface ActivityPoint {
  /** Epoch milliseconds. */
  time: number;
  tokens: number;
  costUSD: number;
  /** Model id as blocks list it, when the source knows it. */
  model?: string;
}

/** Which usage source produced the data. */
export type SourceKind = "ccusage" | "native" | "demo";

/** What a usage source returns on each load. */
export interface UsageData {
  blocks: Block[];
  /** Per-entry activity, when the source knows it (native, demo); ccusage gives none. */
  activity?: ActivityPoint[];
  /** Models seen without a price: their tokens count, their cost is 0. */
  unpricedModels?: string[];
  /** Lines that looked like usage but were rejected (native only). */
  skippedLines?: number;
  /** Files read (native only). */
  files?: number;
}

/** Token split as the snapshot names it. */
export interface SnapshotTokens {
  input: number;
  output: number;
  cacheCreation: number;
  cacheRead: number;
  total: number;
}

/** The active window in the snapshot. */
export interface SnapshotWindow {
  id: string;
  startTime: string;
  endTime: string;
  lastActivity: string | null;
  minutesLeft: number;
  idleMinutes: number;
  tokens: SnapshotTokens;
  costUSD: number;
  models: string[];
  percentOfMax: number | null;
  burnRate: { tokensPerMinute: number; costPerHour: number } | null;
  projection: { totalTokens: number; costUSD: number } | null;
}

/** The billing period in the snapshot. */
export interface SnapshotPeriod {
  /** Local date YYYY-MM-DD (inclusive). */
  start: string;
  /** Local date YYYY-MM-DD (exclusive). */
  end: string;
  daysLeft: number;
  sessionsUsed: number;
  sessionsLimit: number;
  sessionsLeft: number;
  sessionsPerDayLeft: number;
  costUSD: number;
  totalTokens: number;
  maxTokens: number;
  maxCostUSD: number;
}

/** One official meter in the snapshot (percent used, ISO reset time or null). */
export interface SnapshotMeter {
  usedPercentage: number;
  resetsAt: string | null;
}

/** Where the local estimate's 100 % comes from, in order of preference. */
export type BasisKind = "configured" | "calibrated" | "observed" | "record";

/** The local estimate's limit and what it is based on. */
export interface SnapshotBasis {
  kind: BasisKind;
  /** Short label naming the basis: "configured", "calibrated", "observed", "vs. record". */
  label: string;
  /** Tokens per 5-hour window taken as 100 % (null when nothing is known yet). */
  limitTokens: number | null;
  /** Cost per window taken as 100 %, when calibrated or observed. */
  limitCostUSD: number | null;
  /** Captures (calibrated) or limit messages (observed) the limit comes from; 0 otherwise. */
  samples: number;
}

/** Pace of a window: the share an even burn would have used by now, and the difference. */
export interface SnapshotPace {
  /** Percent an even pace would have used by now. */
  expectedPercent: number;
  /** Used minus expected, in percentage points (positive: ahead of an even pace). */
  deltaPoints: number;
}

/**
 * Official rate-limit percentages captured from Claude Code's statusline input. `buildSnapshot`
 * always sets every field; the newer ones are optional so snapshots built by hand stay valid.
 */
export interface SnapshotOfficial {
  capturedAt: string;
  stale: boolean;
  fiveHour: SnapshotMeter | null;
  sevenDay: SnapshotMeter | null;
  /** Claude Code 2.1.251+ spend limit, when sent. */
  spendLimit?: SnapshotMeter | null;
  /** Model-scoped weeklies, when sent. */
  modelScoped?: (SnapshotMeter & { name: string })[];
  /** The local estimate's basis (the same as `estimate.basis`). */
  basis?: SnapshotBasis;
  /** Pace of the 5-hour and 7-day windows at `generatedAt` (null when no reset time is known). */
  pace?: { fiveHour: SnapshotPace | null; sevenDay: SnapshotPace | null };
  /** When each window reaches 100 % at the current rate, if before its reset (ISO), else null. */
  runsOutAt?: { fiveHour: string | null; sevenDay: string | null };
  /**
   * The 5-hour percentage extrapolated from the calibrated estimate when local usage happened
   * after the capture or the capture is stale ("est."); null when the captured value stands.
   */
  estimatedFiveHour?: number | null;
}

/** The local 5-hour estimate: the active window's tokens against a limit that names its basis. */
export interface SnapshotEstimate {
  basis: SnapshotBasis;
  /** Percent of the basis limit used by the active window (null without a window or limit). */
  percent: number | null;
  pace: SnapshotPace | null;
  runsOutAt: string | null;
}

/** Tokens and cost of one local day or model. */
export interface SnapshotUsage {
  tokens: number;
  costUSD: number;
}

/** Usage in the current week, per day for the last 7 days, and per model. */
export interface SnapshotWeek {
  /** ISO start of the week: the official 7-day window's start when known, else `weekStart`. */
  start: string;
  end: string;
  anchor: "official" | "weekStart";
  tokens: number;
  costUSD: number;
  /** The last 7 local days, oldest first, today last. */
  days: (SnapshotUsage & { date: string })[];
  /** Per model over the week, most expensive first ("several models" when not attributable). */
  models: (SnapshotUsage & { model: string })[];
}

/** An alert that fired. */
export interface SnapshotAlert {
  kind: "window-ending" | "idle" | "test" | "limit-threshold" | "limit-projected" | "new-window";
  windowId: string | null;
  at: string;
  title: string;
  body: string;
}

/** The data source's state in the snapshot. */
export interface SnapshotSource {
  kind: SourceKind;
  ok: boolean;
  error: string | null;
  updatedAt: string | null;
  skippedLines?: number;
  files?: number;
  unpricedModels?: string[];
}

/** The public snapshot contract (DESIGN section 4); additive changes only. */
export interface Snapshot {
  schemaVersion: 1;
  generatedAt: string;
  timezone: string;
  source: SnapshotSource;
  window: SnapshotWindow | null;
  period: SnapshotPeriod;
  official: SnapshotOfficial | null;
  alerts: SnapshotAlert[];
  /** The local estimate and its basis (additive). */
  estimate?: SnapshotEstimate;
  /** Usage in the current week (additive). */
  week?: SnapshotWeek;
}
