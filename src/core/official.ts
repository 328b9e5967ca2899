/**
 * Official rate-limit percentages: Claude Code (2.1.80+) passes `rate_limits` to statusline
 * commands on stdin; `claude-monitor statusline` records them and the dashboard shows them.
 */

import type { SnapshotOfficial } from "./types.ts";
import { localHm } from "./zoned_time.ts";

/** One recorded statusline input. */
export interface OfficialCapture {
  capturedAt: string;
  fiveHour: { usedPercentage: number; resetsAt: string | null } | null;
  sevenDay: { usedPercentage: number; resetsAt: string | null } | null;
}

/** A capture older than this is shown as stale. */
export const OFFICIAL_MAX_AGE_MS = 15 * 60_000;

function limit(v: unknown): OfficialCapture["fiveHour"] {
  if (typeof v !== "object" || v === null) return null;
  const o = v as Record<string, unknown>;
  const used = o["used_percentage"];
  if (typeof used !== "number" || !Number.isFinite(used)) return null;
  const resets = o["resets_at"];
  return {
    usedPercentage: used,
    resetsAt: typeof resets === "number" && Number.isFinite(resets)
      ? new Date(resets * 1000).toISOString()
      : null,
  };
}

/**
 * Reads Claude Code's statusline JSON; returns null when it carries no `rate_limits`
 * (before the first response, on some plans) or is not JSON.
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
  if (typeof data !== "object" || data === null) return null;
  const limits = (data as Record<string, unknown>)["rate_limits"];
  if (typeof limits !== "object" || limits === null) return null;
  const l = limits as Record<string, unknown>;
  const fiveHour = limit(l["five_hour"]);
  const sevenDay = limit(l["seven_day"]);
  if (fiveHour === null && sevenDay === null) return null;
  return { capturedAt: new Date(now).toISOString(), fiveHour, sevenDay };
}

/** Validates a stored capture (from the state directory); null when it is not one. */
export function parseCapture(value: unknown): OfficialCapture | null {
  if (typeof value !== "object" || value === null) return null;
  const o = value as Record<string, unknown>;
  if (typeof o["capturedAt"] !== "string" || Number.isNaN(Date.parse(o["capturedAt"]))) {
    return null;
  }
  const ok = (x: unknown) =>
    x === null ||
    (typeof x === "object" && typeof (x as Record<string, unknown>)["usedPercentage"] === "number");
  if (!ok(o["fiveHour"]) || !ok(o["sevenDay"])) return null;
  return value as OfficialCapture;
}

/** The snapshot's `official` section: stale once old or past the 5-hour reset. */
export function officialSnapshot(capture: OfficialCapture, now: number): SnapshotOfficial {
  // The stored capture's ISO times are decoded here, once, for everything downstream.
  const capturedAt = Date.parse(capture.capturedAt);
  const limit = (l: OfficialCapture["fiveHour"]): SnapshotOfficial["fiveHour"] =>
    l === null
      ? null
      : { usedPercentage: l.usedPercentage, resetsAt: l.resetsAt ? Date.parse(l.resetsAt) : null };
  const fiveHour = limit(capture.fiveHour);
  const resetsAt = fiveHour?.resetsAt ?? null;
  const pastReset = resetsAt !== null && now >= resetsAt;
  return {
    capturedAt,
    stale: now - capturedAt > OFFICIAL_MAX_AGE_MS || pastReset,
    fiveHour,
    sevenDay: limit(capture.sevenDay),
  };
}

/** The compact line `claude-monitor statusline` prints for Claude Code's status bar. */
export function formatStatusline(capture: OfficialCapture | null, timeZone: string): string {
  if (capture === null) return "claude-monitor: no rate limits yet";
  const parts: string[] = [];
  if (capture.fiveHour) {
    const reset = capture.fiveHour.resetsAt
      ? ` → ${localHm(Date.parse(capture.fiveHour.resetsAt), timeZone)}`
      : "";
    parts.push(`5h ${capture.fiveHour.usedPercentage.toFixed(0)}%${reset}`);
  }
  if (capture.sevenDay) parts.push(`7d ${capture.sevenDay.usedPercentage.toFixed(0)}%`);
  return parts.join(" · ");
}
