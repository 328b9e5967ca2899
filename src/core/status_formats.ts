/** Status-bar renderings of a snapshot: one short line (tmux, polybar) and Waybar's JSON. */

import { terminalSafe } from "./terminal_safe.ts";
import type { Snapshot, SnapshotWindow } from "./types.ts";
import { formatCompactMinutes, formatFallback, formatPercent } from "./format.ts";
import { localDayHm, localHm } from "./zoned_time.ts";
import {
  meterDetail,
  meterShortText,
  officialMeters,
  paceText,
  percentLevel,
} from "./official_text.ts";

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
const clock = (ms: number, timeZone: string) => localHm(ms, timeZone);

function percentText(p: number | null): string | null {
  return p === null ? null : `${Math.round(p)}%`;
}

function sessions(s: Snapshot): string {
  return `${s.period.sessionsUsed}/${s.period.sessionsLimit}`;
}

/** The official meters when a fresh capture exists (the headline), else null. */
function freshMeters(s: Snapshot) {
  if (s.official === null || s.official.stale) return null;
  const meters = officialMeters(s);
  return meters !== null && meters.length > 0 ? meters : null;
}

/** The headline when official numbers are fresh: "◑ 5h 43% · 7d 17% · 2h41m → 16:40". */
function officialPart(s: Snapshot): string | null {
  const meters = freshMeters(s);
  if (meters === null) return null;
  const first = meters[0]!;
  const now = s.generatedAt;
  const shown = meters.filter((m) => m.short === "5h" || m.short === "7d" || m.short === "spend");
  const text = `${pie(Math.min(100, first.percent))} ${
    (shown.length > 0 ? shown : [first]).map(meterShortText).join(" · ")
  }`;
  const five = meters.find((m) => m.short === "5h");
  if (five?.resetsAt == null) return text;
  return `${text} · ${duration((five.resetsAt - now) / 60_000)} → ${
    localHm(five.resetsAt, s.timezone)
  }`;
}

/** The part of the line about the active window. */
function windowPart(w: SnapshotWindow, timeZone: string, basisLabel: string | null): string {
  const share = percentText(w.percentOfMax);
  const usage = [
    pie(w.percentOfMax),
    compactTokens(w.tokens.total),
    share === null || basisLabel === null ? share : `${share} ${basisLabel}`,
  ].filter((x) => x !== null).join(" ");
  return `${usage} · ${duration(w.minutesLeft)} → ${clock(w.endTime, timeZone)} · ${
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
  const official = officialPart(s);
  const body = official !== null
    ? `${official} · ${money(s.window?.costUSD ?? s.period.costUSD)} · ${sessions(s)}`
    : s.window === null
    ? `idle · ${sessions(s)} · ${money(s.period.costUSD)}`
    : `${windowPart(s.window, s.timezone, s.estimate?.basis.label ?? null)} · ${sessions(s)}`;
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
    lines.push(`Window ${clock(w.startTime, tz)}–${clock(w.endTime, tz)} (${tz})`);
    const limit = s.estimate?.basis.limitTokens ?? s.period.maxTokens;
    const basis = s.estimate ? `, ${s.estimate.basis.label}` : "";
    const share = w.percentOfMax === null
      ? ""
      : ` (${formatPercent(w.percentOfMax)} of ${compactTokens(limit)}${basis})`;
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
    } (${p.sessionsPerDayLeft.toFixed(2)}/day, ${p.daysLeft} ${p.daysLeft === 1 ? "day" : "days"})`,
  );
  lines.push(`Period cost $${p.costUSD.toFixed(2)}`);
  const e = s.estimate;
  if (e !== undefined && w !== null && e.percent !== null) {
    const pace = e.pace === null ? "" : `, ${paceText(e.pace)}`;
    const out = e.runsOutAt === null ? "" : `, runs out at ${clock(e.runsOutAt, tz)}`;
    lines.push(`Estimate ${formatPercent(e.percent)} (${e.basis.label})${pace}${out}`);
  }
  const o = s.official;
  const meters = officialMeters(s);
  if (o !== null && meters !== null) {
    const now = s.generatedAt;
    const when = `${o.stale ? "stale, as of" : "from Claude Code at"} ${clock(o.capturedAt, tz)}`;
    lines.push(`Official (${when})`);
    for (const m of meters) lines.push(`  ${m.name} ${meterDetail(m, now, tz)}`);
  }
  if (s.week) {
    lines.push(
      `Week since ${localDayHm(s.week.start, tz)}: ${compactTokens(s.week.tokens)} tokens, ${
        money(s.week.costUSD)
      }`,
    );
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
  const meters = freshMeters(s);
  // Fresh official numbers lead: the class is the worst of the official windows.
  const worst = meters === null ? null : Math.max(...meters.map((m) => m.percent));
  const headline = meters === null ? s.window?.percentOfMax ?? 0 : meters[0]!.percent;
  const output: WaybarOutput = {
    text: escapeMarkup(formatLine(s)),
    tooltip: escapeMarkup(tooltipLines(s).join("\n")),
    class: worst !== null
      ? percentLevel(worst)
      : statusLevel(s.window === null ? undefined : s.window.percentOfMax),
    // Waybar indexes format-icons by percentage, so keep it within 0..100 even past the max.
    percentage: Math.min(100, Math.max(0, Math.round(headline ?? 0))),
  };
  return JSON.stringify(output);
}
