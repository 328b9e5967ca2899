/**
 * Official rate-limit percentages: Claude Code (2.1.80+) passes `rate_limits` to statusline
 * commands on stdin; `claude-session-monitor statusline` records them and every output shows
 * them.
 */

import { localHm } from "./zoned_time.ts";
import { COMMAND_NAME } from "../cli/command_name.ts";
import { jsonRecord } from "./json_record.ts";

/** One official meter: the share Anthropic reports as used, and when it resets. */
export interface OfficialMeter {
  /** 0-100, above 100 while over the limit (105 % has been observed during overage). */
  usedPercentage: number;
  /** Epoch ms, or null when Claude Code sent none (or an impossible one). */
  resetsAt: number | null;
}

/** A model-scoped weekly meter (`model_scoped`, `seven_day_opus`, `seven_day_sonnet`). */
export interface ModelScopedMeter extends OfficialMeter {
  /** Claude Code's `display_name`, e.g. "Opus". */
  name: string;
}

/**
 * One recorded statusline input. Times are epoch ms; the capture file's ISO strings are decoded
 * in `src/store/capture_codec.ts` and nowhere else.
 */
export interface OfficialCapture {
  /** Epoch ms of the statusline call. */
  capturedAt: number;
  fiveHour: OfficialMeter | null;
  sevenDay: OfficialMeter | null;
  /** Claude Code 2.1.251+; absent in captures recorded before. */
  spendLimit?: OfficialMeter | null;
  modelScoped?: ModelScopedMeter[];
}

/** A capture older than this is stale unless it belongs to the 5-hour window still running. */
export const OFFICIAL_MAX_AGE_MS = 15 * 60_000;

/** Earliest and latest `resets_at` taken as real Unix seconds (2020-01-01, 2100-01-01). */
const MIN_RESET_S = 1_577_836_800;
const MAX_RESET_S = 4_102_444_800;

/** A percentage as shown: finite and not negative (above 100 is real), else null. */
function percentage(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : null;
}

/** `resets_at` in Unix seconds within a sane range, as epoch ms; anything else is dropped. */
function resetTime(v: unknown): number | null {
  if (typeof v !== "number" || !Number.isFinite(v)) return null;
  if (v < MIN_RESET_S || v > MAX_RESET_S) return null;
  return Math.round(v * 1000);
}

function meter(v: unknown): OfficialMeter | null {
  const o = jsonRecord(v);
  if (o === null) return null;
  const used = percentage(o["used_percentage"] ?? o["utilization"]);
  if (used === null) return null;
  return { usedPercentage: used, resetsAt: resetTime(o["resets_at"]) };
}

function nameOf(v: unknown, fallback: string): string {
  if (typeof v !== "string") return fallback;
  // The name goes to terminals and status bars: no control characters, bounded length.
  // deno-lint-ignore no-control-regex -- escape sequences are exactly what must go
  const clean = v.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, "").replace(/[\p{Cc}\p{Cf}]/gu, "")
    .trim().slice(0, 40);
  return clean === "" ? fallback : clean;
}

function modelScoped(limits: Record<string, unknown>): ModelScopedMeter[] {
  const out: ModelScopedMeter[] = [];
  const list = limits["model_scoped"];
  if (Array.isArray(list)) {
    for (const item of list.slice(0, 20)) {
      const m = meter(item);
      if (m !== null) out.push({ name: nameOf(jsonRecord(item)?.["display_name"], "Model"), ...m });
    }
  }
  for (const [key, name] of [["seven_day_opus", "Opus"], ["seven_day_sonnet", "Sonnet"]]) {
    const m = meter(limits[key!]);
    if (m !== null && !out.some((x) => x.name.toLowerCase() === name!.toLowerCase())) {
      out.push({ name: name!, ...m });
    }
  }
  return out;
}

/**
 * Reads Claude Code's statusline JSON; returns null when it carries no usable `rate_limits`
 * (before the first response, some builds and plans) or is not JSON. Never throws.
 *
 * @example
 * ```ts
 * parseStatuslineInput('{"rate_limits":{"five_hour":{"used_percentage":23.5,"resets_at":1738425600}}}', 0);
 * ```
 */
export function parseStatuslineInput(text: string, now: number): OfficialCapture | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const limits = jsonRecord(jsonRecord(data)?.["rate_limits"]);
  if (limits === null) return null;
  const capture: OfficialCapture = {
    capturedAt: now,
    fiveHour: meter(limits["five_hour"]),
    sevenDay: meter(limits["seven_day"]),
    spendLimit: meter(limits["spend_limit"]),
    modelScoped: modelScoped(limits),
  };
  const empty = capture.fiveHour === null && capture.sevenDay === null &&
    capture.spendLimit === null && capture.modelScoped!.length === 0;
  return empty ? null : capture;
}

/**
 * Whether a capture still describes the present: not past its 5-hour reset, and either captured
 * within {@linkcode OFFICIAL_MAX_AGE_MS} or during the 5-hour window still running.
 *
 * @example
 * ```ts
 * isCaptureFresh(capture, Date.now());
 * ```
 */
export function isCaptureFresh(capture: OfficialCapture, now: number): boolean {
  const { capturedAt } = capture;
  const reset = capture.fiveHour?.resetsAt ?? null;
  if (reset !== null && now >= reset) return false;
  if (now - capturedAt <= OFFICIAL_MAX_AGE_MS) return true;
  return reset !== null && capturedAt >= reset - 5 * 3_600_000;
}

/** `43%`, or `105% over` past the limit (never clamped). */
export function officialPercentText(p: number): string {
  const text = `${Math.round(p)}%`;
  return p > 100 ? `${text} over` : text;
}

/** The compact line `claude-session-monitor statusline` prints for Claude Code's status bar. */
export function formatStatusline(capture: OfficialCapture | null, timeZone: string): string {
  if (capture === null) return `${COMMAND_NAME}: no rate limits yet`;
  const parts: string[] = [];
  if (capture.fiveHour) {
    const reset = capture.fiveHour.resetsAt !== null
      ? ` → ${localHm(capture.fiveHour.resetsAt, timeZone)}`
      : "";
    parts.push(`5h ${officialPercentText(capture.fiveHour.usedPercentage)}${reset}`);
  }
  if (capture.sevenDay) parts.push(`7d ${officialPercentText(capture.sevenDay.usedPercentage)}`);
  if (capture.spendLimit) {
    parts.push(`spend ${officialPercentText(capture.spendLimit.usedPercentage)}`);
  }
  for (const m of capture.modelScoped ?? []) {
    parts.push(`${m.name} ${officialPercentText(m.usedPercentage)}`);
  }
  return parts.join(" · ");
}
