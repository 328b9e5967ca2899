/** Words and numbers for the official limits, shared by `--once`, the status bars and the logs. */

import { formatCompactMinutes } from "./format.ts";
import { COMMAND_NAME } from "../cli/command_name.ts";
import { officialPercentText } from "./official.ts";
import type { Snapshot, SnapshotMeter, SnapshotPace } from "./types.ts";
import { localDayHm, localHm } from "./zoned_time.ts";

/** How to turn captures on: the `statusLine` entry of `~/.claude/settings.json`. */
export const STATUSLINE_SNIPPET =
  `"statusLine": {"type": "command", "command": "${COMMAND_NAME} statusline"}`;

/** One-line hint shown where official numbers would be. */
export const SETUP_HINT =
  `No official limits yet: add ${STATUSLINE_SNIPPET} to ~/.claude/settings.json`;

/** One official meter as the outputs list it. */
export interface MeterView {
  /** "5-hour", "7-day", "Spend", or a model-scoped name. */
  name: string;
  /** Short name for status bars: "5h", "7d", "spend", "Opus". */
  short: string;
  /** The percentage to show (the extrapolated one for the 5-hour window when "est."). */
  percent: number;
  estimated: boolean;
  resetsAt: number | null;
  pace: SnapshotPace | null;
  runsOutAt: number | null;
}

/**
 * The official meters in headline order (5-hour, 7-day, spend, model-scoped), or null without a
 * capture.
 *
 * @example
 * ```ts
 * officialMeters(snapshot)?.[0]?.percent; // 42.5
 * ```
 */
export function officialMeters(s: Snapshot): MeterView[] | null {
  const o = s.official;
  if (o === null) return null;
  const view = (
    name: string,
    short: string,
    m: SnapshotMeter | null,
    extra: Partial<MeterView> = {},
  ): MeterView | null =>
    m === null ? null : {
      name,
      short,
      percent: m.usedPercentage,
      estimated: false,
      resetsAt: m.resetsAt,
      pace: null,
      runsOutAt: null,
      ...extra,
    };
  const est = o.estimatedFiveHour ?? null;
  return [
    view("5-hour", "5h", o.fiveHour, {
      pace: o.pace?.fiveHour ?? null,
      runsOutAt: o.runsOutAt?.fiveHour ?? null,
      ...(est !== null ? { percent: est, estimated: true } : {}),
    }),
    view("7-day", "7d", o.sevenDay, {
      pace: o.pace?.sevenDay ?? null,
      runsOutAt: o.runsOutAt?.sevenDay ?? null,
    }),
    view("Spend", "spend", o.spendLimit ?? null),
    ...(o.modelScoped ?? []).map((m) => view(m.name, m.name, m)),
  ].filter((m): m is MeterView => m !== null);
}

/** "+12 pts ahead", "3 pts behind", "on pace". */
export function paceText(p: SnapshotPace): string {
  const d = Math.round(p.deltaPoints);
  if (d === 0) return "on pace";
  return d > 0 ? `+${d} pts ahead of an even pace` : `${-d} pts behind an even pace`;
}

/**
 * "43%", "105% over", with "est." when extrapolated: rounded as on the dashboard and in the
 * status bar (formatPercent), so every output shows the same number.
 */
export function meterPercentText(m: MeterView): string {
  const p = officialPercentText(m.percent);
  return m.estimated ? `${p} est.` : p;
}

/** The short status-bar form: "5h 43%", "5h 47% est.". */
export function meterShortText(m: MeterView): string {
  return `${m.short} ${meterPercentText(m)}`;
}

/** "resets 16:40 (in 2h41m)" within a day, else "resets Sat 12-05 00:00". */
export function resetText(resetsAt: number, now: number, timeZone: string): string {
  const left = resetsAt - now;
  if (left <= 0) return `reset at ${localHm(resetsAt, timeZone)}`;
  return left < 86_400_000
    ? `resets ${localHm(resetsAt, timeZone)} (in ${formatCompactMinutes(left / 60_000)})`
    : `resets ${localDayHm(resetsAt, timeZone)}`;
}

/**
 * One line per official meter for text outputs: percentage, reset, pace and run-out.
 *
 * @example
 * ```ts
 * meterDetail(meter, now, "UTC"); // "42.5% · resets 16:40 (in 2h41m) · +12 pts ahead of an even pace"
 * ```
 */
export function meterDetail(m: MeterView, now: number, timeZone: string): string {
  const parts = [meterPercentText(m)];
  if (m.resetsAt !== null) parts.push(resetText(m.resetsAt, now, timeZone));
  if (m.pace !== null) parts.push(paceText(m.pace));
  if (m.runsOutAt !== null) parts.push(`runs out at ${localHm(m.runsOutAt, timeZone)}`);
  return parts.join(" · ");
}

/** Waybar-style level of a percentage: ok below 70 %, warn below 90 %, else critical. */
export function percentLevel(p: number): "ok" | "warn" | "critical" {
  return p < 70 ? "ok" : p < 90 ? "warn" : "critical";
}

/** "as of 14:02" for a stale capture. */
export function asOfText(s: Snapshot): string {
  return s.official === null ? "" : `as of ${localHm(s.official.capturedAt, s.timezone)}`;
}
