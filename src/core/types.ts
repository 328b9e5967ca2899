/**
 * Domain types shared by every layer: blocks and the snapshot.
 *
 * Glossary: a **window** is a 5-hour usage window; ccusage calls it a **block** (and so do the
 * types that mirror its output); the seed called it a session (kept in `sessions*` fields).
 * Times inside the app are epoch milliseconds; ISO strings exist only at the edges (ccusage's
 * decoder, the `blocks --json` and `--once --json` encoders, stored files).
 */

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

/**
 * One 5-hour block with the fields of `ccusage blocks --json`, times as epoch milliseconds
 * (ccusage's ISO strings exist only in its decoder and in the `blocks --json` encoder).
 */
export interface Block {
  /** ccusage's id: the ISO start, or `gap-<ISO start>` for a gap (a stable key in the state). */
  id: string;
  /** Epoch ms: the first entry floored to the UTC hour (a gap: previous entry + 5 h). */
  startTime: number;
  /** Epoch ms: start + 5 h (a gap: the next entry). */
  endTime: number;
  /** Epoch ms of the last entry; null for a gap. */
  actualEndTime: number | null;
  isActive: boolean;
  isGap: boolean;
  entries: number;
  tokenCounts: TokenCounts;
  totalTokens: number;
  costUSD: number;
  models: string[];
  burnRate: BurnRate | null;
  projection: Projection | null;
  /** Epoch ms of the reset announced by the block's first usage-limit message. */
  usageLimitResetTime?: number;
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
  /** Transcripts that could not be read (permission denied) and were skipped (native only). */
  unreadableFiles?: string[];
  /** The source that produced this data, when another stood in for the one asked for. */
  kind?: SourceKind;
  /** Why another source stood in (`--source auto` when ccusage failed). */
  fallbackReason?: string;
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
  /** Epoch ms. */
  startTime: number;
  /** Epoch ms. */
  endTime: number;
  /** Epoch ms of the last entry. */
  lastActivity: number | null;
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
  /** Sessions left of the limit; never below 0 (see `sessionsOver`). */
  sessionsLeft: number;
  /** Sessions used beyond the limit; 0 within it. */
  sessionsOver: number;
  /** Sessions left per day left (today included); never below 0. */
  sessionsPerDayLeft: number;
  costUSD: number;
  totalTokens: number;
  maxTokens: number;
  maxCostUSD: number;
}

/** One official meter in the snapshot (percent used, reset time or null). */
export interface SnapshotMeter {
  usedPercentage: number;
  /** Epoch ms. */
  resetsAt: number | null;
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
  /** Epoch ms. */
  capturedAt: number;
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
  /** When each window reaches 100 % at the current rate, if before its reset (epoch ms). */
  runsOutAt?: { fiveHour: number | null; sevenDay: number | null };
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
  /** Epoch ms when the window reaches 100 % at the current burn rate, if before it ends. */
  runsOutAt: number | null;
}

/** Tokens and cost of one local day or model. */
export interface SnapshotUsage {
  tokens: number;
  costUSD: number;
}

/** Usage in the current week, per day for the last 7 days, and per model. */
export interface SnapshotWeek {
  /** Epoch ms: the official 7-day window's start when known, else the last `weekStart`. */
  start: number;
  /** Epoch ms. */
  end: number;
  anchor: "official" | "weekStart";
  tokens: number;
  costUSD: number;
  /** The last 7 local days, oldest first, today last. */
  days: (SnapshotUsage & { date: string })[];
  /** Per model over the week, most expensive first (a block of several models names them all). */
  models: (SnapshotUsage & { model: string })[];
}

/** An alert that fired. */
export interface SnapshotAlert {
  kind: "window-ending" | "idle" | "test" | "limit-threshold" | "limit-projected" | "new-window";
  windowId: string | null;
  /** Epoch ms. */
  at: number;
  title: string;
  body: string;
}

/** The data source's state in the snapshot. */
export interface SnapshotSource {
  kind: SourceKind;
  ok: boolean;
  error: string | null;
  /** Epoch ms of the last successful load. */
  updatedAt: number | null;
  skippedLines?: number;
  files?: number;
  unpricedModels?: string[];
  /** Transcripts skipped because they could not be read (native only; additive). */
  unreadableFiles?: string[];
  /** Why `auto` shows the built-in reader although ccusage is installed (ccusage's error). */
  fallbackReason?: string;
}

/**
 * What every output renders (DESIGN section 4), times as epoch ms; `snapshotToJson` encodes the
 * public JSON contract (ISO times; additive changes only).
 */
export interface Snapshot {
  schemaVersion: 1;
  /** Epoch ms: the `now` the snapshot was built for. */
  generatedAt: number;
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
