/**
 * The local estimate's 100 %: a configured limit, else calibrated from official captures, else
 * observed at Claude Code's usage-limit messages, else the largest window seen ("vs. record").
 */

import type { OfficialCapture } from "./official.ts";
import type { ActivityPoint, Block, SnapshotBasis } from "./types.ts";

/** Inputs of {@linkcode limitBasis}. */
export interface LimitBasisInput {
  /** Recent captures, oldest first. */
  captures: readonly OfficialCapture[];
  blocks: readonly Block[];
  /** Per-entry activity (sorted by time) when the source knows it. */
  activity: readonly ActivityPoint[] | null;
  /** `--token-limit`. */
  tokenLimit: number | null;
  /** The record window's tokens (state and data). */
  recordTokens: number;
  /** Models of the active window, to prefer captures of the same plan/model mix. */
  activeModels: readonly string[];
  now: number;
}

/** One calibration point: what the local logs saw when Claude Code reported a share. */
export interface CalibrationSample {
  capturedAt: number;
  usedPercentage: number;
  tokens: number;
  costUSD: number;
  /** Model families seen in the window ("opus+sonnet"). */
  mix: string;
  limitTokens: number;
  limitCostUSD: number;
}

const HOUR_MS = 3_600_000;
const WINDOW_MS = 5 * HOUR_MS;
/** Below this share the official percentage (rounded by Anthropic) says too little. */
const MIN_CALIBRATION_PERCENT = 5;
/** Captures older than this are ignored: plans and limits change. */
const MAX_CALIBRATION_AGE_MS = 7 * 24 * HOUR_MS;
/** Windows considered for the median. */
const RECENT_SAMPLES = 10;
/** A block counts for a capture only when the logs saw nothing later than this after it. */
const CAPTURE_SLACK_MS = 60_000;

/** The model families of `models`, sorted and joined: "opus+sonnet"; "other" when none known. */
export function modelMix(models: Iterable<string>): string {
  const families = new Set<string>();
  for (const m of models) {
    const family = /opus/i.test(m)
      ? "opus"
      : /sonnet/i.test(m)
      ? "sonnet"
      : /haiku/i.test(m)
      ? "haiku"
      : "other";
    families.add(family);
  }
  return families.size === 0 ? "other" : [...families].sort().join("+");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function firstAtOrAfter(points: readonly ActivityPoint[], time: number): number {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (points[mid]!.time < time) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Tokens, cost and models of the activity in [from, to]. */
export function usageBetween(
  points: readonly ActivityPoint[],
  from: number,
  to: number,
): { tokens: number; costUSD: number; models: Set<string> } {
  let tokens = 0;
  let costUSD = 0;
  const models = new Set<string>();
  for (let i = firstAtOrAfter(points, from); i < points.length; i++) {
    const p = points[i]!;
    if (p.time > to) break;
    tokens += p.tokens;
    costUSD += p.costUSD;
    if (p.model) models.add(p.model);
  }
  return { tokens, costUSD, models };
}

function sampleOf(
  capture: OfficialCapture,
  blocks: readonly Block[],
  activity: readonly ActivityPoint[] | null,
): CalibrationSample | null {
  const meter = capture.fiveHour;
  if (meter === null || meter.resetsAt === null) return null;
  const used = meter.usedPercentage;
  if (used < MIN_CALIBRATION_PERCENT || used > 100) return null;
  const at = capture.capturedAt;
  const start = meter.resetsAt - WINDOW_MS;
  let usage: { tokens: number; costUSD: number; models: Iterable<string> } | null = null;
  if (activity !== null && activity.length > 0) {
    usage = usageBetween(activity, start, at);
  } else {
    // Without per-entry times (ccusage) a block stands for the capture only when the logs saw
    // nothing after it, and it began with the official window (blocks start on the hour).
    const block = blocks.find((b) => {
      if (b.isGap) return false;
      return b.startTime <= at && at < b.endTime && b.startTime >= start - HOUR_MS;
    });
    const last = block?.actualEndTime ?? NaN;
    if (block && last <= at + CAPTURE_SLACK_MS) {
      usage = { tokens: block.totalTokens, costUSD: block.costUSD, models: block.models };
    }
  }
  if (usage === null || usage.tokens <= 0) return null;
  const fraction = used / 100;
  return {
    capturedAt: at,
    usedPercentage: used,
    tokens: usage.tokens,
    costUSD: usage.costUSD,
    mix: modelMix(usage.models),
    limitTokens: usage.tokens / fraction,
    limitCostUSD: usage.costUSD / fraction,
  };
}

/**
 * One calibration sample per official 5-hour window (its capture with the largest share, where
 * rounding matters least), newest window first.
 *
 * @example
 * ```ts
 * calibrationSamples(captures, blocks, activity, now)[0]?.limitTokens;
 * ```
 */
export function calibrationSamples(
  captures: readonly OfficialCapture[],
  blocks: readonly Block[],
  activity: readonly ActivityPoint[] | null,
  now: number,
): CalibrationSample[] {
  const best = new Map<number, CalibrationSample>();
  for (const c of captures) {
    const at = c.capturedAt;
    if (!(at <= now) || now - at > MAX_CALIBRATION_AGE_MS) continue;
    const sample = sampleOf(c, blocks, activity);
    if (sample === null) continue;
    const key = c.fiveHour!.resetsAt!;
    const previous = best.get(key);
    if (!previous || sample.usedPercentage >= previous.usedPercentage) best.set(key, sample);
  }
  return [...best.values()].sort((a, b) => b.capturedAt - a.capturedAt);
}

const LABELS: Record<SnapshotBasis["kind"], string> = {
  configured: "configured",
  calibrated: "calibrated",
  observed: "observed",
  record: "vs. record",
};

function basis(
  kind: SnapshotBasis["kind"],
  limitTokens: number | null,
  limitCostUSD: number | null,
  samples: number,
): SnapshotBasis {
  return {
    kind,
    label: LABELS[kind],
    limitTokens: limitTokens === null ? null : Math.round(limitTokens),
    limitCostUSD: limitCostUSD === null ? null : Math.round(limitCostUSD * 100) / 100,
    samples,
  };
}

/**
 * Picks the local estimate's limit: configured, else the median of recent calibration samples
 * (those of the active window's model mix when there are any), else the median of the windows
 * that ended with a usage-limit message, else the record window.
 *
 * @example
 * ```ts
 * limitBasis({ captures: [], blocks, activity: null, tokenLimit: null, recordTokens: 810_000,
 *   activeModels: [], now }).label; // "vs. record"
 * ```
 */
export function limitBasis(input: LimitBasisInput): SnapshotBasis {
  if (input.tokenLimit !== null) return basis("configured", input.tokenLimit, null, 0);
  const samples = calibrationSamples(input.captures, input.blocks, input.activity, input.now)
    .slice(0, RECENT_SAMPLES);
  if (samples.length > 0) {
    const mix = modelMix(input.activeModels);
    const same = samples.filter((s) => s.mix === mix);
    const used = input.activeModels.length > 0 && same.length > 0 ? same : samples;
    return basis(
      "calibrated",
      median(used.map((s) => s.limitTokens)),
      median(used.map((s) => s.limitCostUSD)),
      used.length,
    );
  }
  const limited = input.blocks
    .filter((b) => !b.isGap && b.usageLimitResetTime !== undefined && b.totalTokens > 0)
    .slice(-5);
  if (limited.length > 0) {
    return basis(
      "observed",
      median(limited.map((b) => b.totalTokens)),
      median(limited.map((b) => b.costUSD)),
      limited.length,
    );
  }
  return basis("record", input.recordTokens > 0 ? input.recordTokens : null, null, 0);
}
