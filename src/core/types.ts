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

/** Official rate-limit percentages captured from Claude Code's statusline input. */
export interface SnapshotOfficial {
  capturedAt: string;
  stale: boolean;
  fiveHour: { usedPercentage: number; resetsAt: string | null } | null;
  sevenDay: { usedPercentage: number; resetsAt: string | null } | null;
}

/** An alert that fired. */
export interface SnapshotAlert {
  kind: "window-ending" | "idle" | "test";
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
  /** Transcripts skipped because they could not be read (native only; additive). */
  unreadableFiles?: string[];
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
}
