/** Status-bar renderings of a snapshot: one short line (tmux, polybar) and Waybar's JSON. */

import { terminalSafe } from "./terminal_safe.ts";
import type { Snapshot, SnapshotWindow } from "./types.ts";
import { formatCompactMinutes, formatFallback } from "./format.ts";
import { localHm } from "./zoned_time.ts";

/** Waybar's `class`: the window's level, or idle without one. */
export type StatusLevel = "ok" | "warn" | "critical" | "idle";

/** The custom-module object Waybar reads with `"return-type": "json"`. */
export interface WaybarOutput {
  text: string;
  tooltip: string;
  class: StatusLevel;
  percentage: number;
}

/** The level for a share of the window (undefined: no window): ok below 70 %, warn below 90 %. */
function statusLevel(percentOfMax: number | null | undefined): StatusLevel {
  if (percentOfMax === undefined) return "idle";
  if (percentOfMax === null || percentOfMax < 70) return "ok";
  return percentOfMax < 90 ? "warn" : "critical";
}

/** A pie that fills in eighths of the way: ○ ◔ ◑ ◕ ●. */
function pie(percent: number | null): string {
  if (percent === null) return "◌";
  if (percent < 12.5) return "○";
  if (percent < 37.5) return "◔";
  if (percent < 62.5) return "◑";
  if (percent < 87.5) return "◕";
  return "●";
}

/** 950, 4.5k, 812k, 1.1M, 12M: at most three significant figures, for a narrow bar. */
function compactTokens(n: number): string {
  if (n >= 999_500) return `${(n / 1_000_000).toFixed(n >= 9_950_000 ? 0 : 1)}M`;
  if (n >= 9950) return `${Math.round(n / 1000)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return String(Math.round(n));
}

/** $4.12 below $100; whole dollars above, where cents are noise. */
function money(usd: number): string {
  return usd >= 100 ? `$${Math.round(usd)}` : `$${usd.toFixed(2)}`;
}

const duration = formatCompactMinutes;

function percentText(p: number | null): string | null {
  return p === null ? null : `${Math.round(p)}%`;
}

function sessions(s: Snapshot): string {
  return `${s.period.sessionsUsed}/${s.period.sessionsLimit}`;
}

/** The part of the line about the active window. */
function windowPart(w: SnapshotWindow, timeZone: string): string {
  const usage = [pie(w.percentOfMax), compactTokens(w.tokens.total), percentText(w.percentOfMax)]
    .filter((x) => x !== null).join(" ");
  return `${usage} · ${duration(w.minutesLeft)} → ${localHm(w.endTime, timeZone)} · ${
    money(w.costUSD)
  }`;
}

/**
 * One short line for tmux or polybar. A failing source is marked with ⚠ so stale numbers are
 * never mistaken for fresh ones.
 *
 * @example
 * ```ts
 * formatLine(snapshot); // "◑ 812k 45% · 2h41m → 14:00 · $4.12 · 13/50"
 * formatLine(idleSnapshot); // "idle · 13/50 · $123"
 * ```
 */
export function formatLine(s: Snapshot): string {
  const body = s.window === null
    ? `idle · ${sessions(s)} · ${money(s.period.costUSD)}`
    : `${windowPart(s.window, s.timezone)} · ${sessions(s)}`;
  return s.source.ok ? body : `⚠ ${body}`;
}

/** Waybar renders Pango markup in text and tooltip; a stray `<` or `&` would blank the module. */
function escapeMarkup(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function tooltipLines(s: Snapshot): string[] {
  const tz = s.timezone;
  const lines: string[] = [];
  const w = s.window;
  if (w === null) {
    lines.push("No active window");
  } else {
    lines.push(`Window ${localHm(w.startTime, tz)}–${localHm(w.endTime, tz)} (${tz})`);
    const share = w.percentOfMax === null
      ? ""
      : ` (${w.percentOfMax.toFixed(1)}% of ${compactTokens(s.period.maxTokens)})`;
    lines.push(`Tokens ${w.tokens.total.toLocaleString("en-US")}${share}`);
    lines.push(`Time left ${duration(w.minutesLeft)}, resets ${localHm(w.endTime, tz)}`);
    const burn = w.burnRate === null
      ? ""
      : ` · ${compactTokens(w.burnRate.tokensPerMinute)} tok/min, $${
        w.burnRate.costPerHour.toFixed(2)
      }/h`;
    lines.push(`Cost $${w.costUSD.toFixed(2)}${burn}`);
    if (w.projection !== null) {
      lines.push(
        `Projected ${compactTokens(w.projection.totalTokens)} tokens, $${
          w.projection.costUSD.toFixed(2)
        } by the reset`,
      );
    }
    if (w.idleMinutes > 0) lines.push(`Idle ${duration(w.idleMinutes)}`);
  }
  const p = s.period;
  lines.push(
    `Period ${p.start} → ${p.end}: ${p.sessionsUsed}/${p.sessionsLimit} sessions, ${
      p.sessionsOver > 0 ? `over by ${p.sessionsOver}` : `${p.sessionsLeft} left`
    } (${p.sessionsPerDayLeft.toFixed(2)}/day, ${p.daysLeft} days)`,
  );
  lines.push(`Period cost $${p.costUSD.toFixed(2)}`);
  const o = s.official;
  if (o !== null) {
    const part = (name: string, v: { usedPercentage: number } | null) =>
      v === null ? null : `${name} ${Math.round(v.usedPercentage)}%`;
    const parts = [part("5h", o.fiveHour), part("7d", o.sevenDay)].filter((x) => x !== null);
    if (parts.length > 0) {
      lines.push(`Official ${parts.join(", ")}${o.stale ? " (stale)" : ""}`);
    }
  }
  const updated = s.source.updatedAt === null ? "" : `, updated ${localHm(s.source.updatedAt, tz)}`;
  lines.push(`Source ${s.source.kind}${updated}`);
  if (s.source.fallbackReason !== undefined) {
    lines.push(terminalSafe(formatFallback(s.source.fallbackReason)));
  }
  if (s.source.error !== null) lines.push(`Error: ${terminalSafe(s.source.error)}`);
  return lines;
}

/**
 * Waybar custom-module JSON (one line): text, a multi-line tooltip, a class by level and the
 * window's share as an integer percentage (0 when idle, at most 100).
 *
 * @example
 * ```ts
 * JSON.parse(formatWaybar(snapshot)).class; // "ok" | "warn" | "critical" | "idle"
 * ```
 */
export function formatWaybar(s: Snapshot): string {
  const output: WaybarOutput = {
    text: escapeMarkup(formatLine(s)),
    tooltip: escapeMarkup(tooltipLines(s).join("\n")),
    class: statusLevel(s.window === null ? undefined : s.window.percentOfMax),
    // Waybar indexes format-icons by percentage, so keep it within 0..100 even past the max.
    percentage: Math.min(100, Math.max(0, Math.round(s.window?.percentOfMax ?? 0))),
  };
  return JSON.stringify(output);
}
