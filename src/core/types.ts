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

/** Official rate-limit percentages captured from Claude Code's statusline input. */
export interface SnapshotOfficial {
  /** Epoch ms. */
  capturedAt: number;
  stale: boolean;
  /** `resetsAt` in epoch ms. */
  fiveHour: { usedPercentage: number; resetsAt: number | null } | null;
  sevenDay: { usedPercentage: number; resetsAt: number | null } | null;
}

/** An alert that fired. */
export interface SnapshotAlert {
  kind: "window-ending" | "idle" | "test";
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
}
