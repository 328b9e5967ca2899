/**
 * The official limits Claude Code reports (statusline captures) as the window panel's first
 * gauges: each labelled "official", with its reset countdown, local reset time, pace and run-out;
 * a stale capture greyed "as of HH:MM"; without one, how to turn captures on.
 */

import type { Frame } from "../ports.ts";
import { formatCompactMinutes } from "../core/format.ts";
import { type MeterView, officialMeters, STATUSLINE_SNIPPET } from "../core/official_text.ts";
import { localDayHm, localHm } from "../core/zoned_time.ts";
import { type GaugeRow, gaugeRow, type LineView } from "./panel.ts";
import { cut } from "./text.ts";

/** How much each trailer says, richest first; the panel takes the richest that fits. */
export const DETAILS = [3, 2, 1, 0] as const;
/** One of {@linkcode DETAILS}. */
export type Detail = typeof DETAILS[number];

const DAY_MS = 86_400_000;

/** `2h41m`, `4d 15h`. */
function countdown(ms: number): string {
  if (ms < DAY_MS) return formatCompactMinutes(ms / 60_000);
  const hours = Math.floor(ms / 3_600_000);
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** `16:40`, or `Sat 11-28 08:00` more than a day away. */
function resetClock(at: number, now: number, timeZone: string): string {
  return at - now < DAY_MS ? localHm(at, timeZone) : localDayHm(at, timeZone);
}

/**
 * The reset for the narrowest trailers: `16:40` within a day, `Fri 15:18` within a week (the
 * weekday says which), else the date `12-20`.
 */
function shortResetClock(at: number, now: number, timeZone: string): string {
  if (at - now < DAY_MS) return localHm(at, timeZone);
  const [day, date, time] = localDayHm(at, timeZone).split(" ");
  return at - now < 7 * DAY_MS ? `${day} ${time}` : date!;
}

/** "5h official", "$ official", "Opus official": short, so the bars keep room for trailers. */
function label(m: MeterView): string {
  return `${m.short === "spend" ? "$" : cut(m.short, 6)} official`;
}

function pacePoints(m: MeterView): string | null {
  if (m.pace === null) return null;
  const d = Math.round(m.pace.deltaPoints);
  return `${d > 0 ? "+" : ""}${d} pts`;
}

function trailer(m: MeterView, frame: Frame, detail: Detail, stale: string | null): string {
  const tz = frame.settings.timeZone;
  if (stale !== null) return stale;
  const parts: string[] = [];
  if (m.estimated) parts.push("est.");
  if (m.resetsAt !== null) {
    const clock = resetClock(m.resetsAt, frame.now, tz);
    const left = countdown(m.resetsAt - frame.now);
    parts.push(
      detail === 0
        ? `resets ${shortResetClock(m.resetsAt, frame.now, tz)} · ${left}`
        : `resets ${clock} in ${left}`,
    );
  }
  const pace = pacePoints(m);
  if (detail >= 2 && pace !== null) parts.push(pace);
  if (detail >= 3 && m.runsOutAt !== null) parts.push(`out ${localHm(m.runsOutAt, tz)}`);
  return parts.join(" · ");
}

/**
 * One gauge per official limit (5-hour, 7-day, spend, model-scoped), headline first, with
 * trailers of `detail`; stale ones grey with "as of HH:MM".
 *
 * @example
 * ```ts
 * officialGauges(frame, 1)[0]; // { label: "5h official", text: "43%", trailer: "resets 16:40 in 2h41m", ... }
 * ```
 */
export function officialGauges(frame: Frame, detail: Detail = 3): GaugeRow[] {
  const meters = officialMeters(frame.snapshot);
  const official = frame.snapshot.official;
  if (meters === null || official === null) return [];
  const stale = official.stale
    ? `as of ${localHm(official.capturedAt, frame.settings.timeZone)}`
    : null;
  return meters.map((m) => {
    const row = gaugeRow(
      label(m),
      m.percent,
      trailer(m, frame, detail, stale),
      frame.settings.levels,
    );
    return stale === null ? row : { ...row, level: "grey" };
  });
}

/** The whole setup hint, for messages that wrap. */
export const SETUP_MESSAGE =
  `Official limits: none captured yet. Add ${STATUSLINE_SNIPPET} to ~/.claude/settings.json`;

/**
 * Text lines that go with the official gauges: how to turn captures on when there are none; the
 * pace and run-out that trailers of `detail` leave out; the 7-day reset when a stale capture hides
 * it.
 *
 * @example
 * ```ts
 * officialLines(frameWithoutCaptures, 3); // [{ label: "Official", value: "none yet: ..." }]
 * ```
 */
export function officialLines(frame: Frame, detail: Detail): LineView[] {
  const meters = officialMeters(frame.snapshot);
  const official = frame.snapshot.official;
  if (meters === null || official === null) {
    // Short enough for a panel line; the waiting message and the README give the whole snippet.
    return [{
      label: "Official",
      value: "none yet: statusLine → claude-session-monitor statusline",
      level: "grey",
    }];
  }
  if (official.stale) return [];
  const tz = frame.settings.timeZone;
  const lines: LineView[] = [];
  if (detail < 2) {
    const paces = meters.filter((m) => m.pace !== null).map((m) => `${m.short} ${pacePoints(m)}`);
    if (paces.length > 0) {
      lines.push({ label: "Official", value: `${paces.join(" · ")} vs. an even pace` });
    }
  }
  if (detail < 3) {
    const out = meters.filter((m) => m.runsOutAt !== null);
    if (out.length > 0) {
      lines.push({
        label: "Runs out",
        // Only official meters have run-out lines here; the estimate's is on its pace line.
        value: out.map((m) => `${m.short} at ${localHm(m.runsOutAt!, tz)}`).join(" · ") +
          " (before the reset)",
        level: "red",
      });
    }
  }
  return lines;
}
