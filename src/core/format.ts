/** Number, money, duration and local-time formatting shared by the text outputs. */

import type { Snapshot } from "./types.ts";

/** Formats a token count compactly: 950, 4.8k, 12.3k, 1.10M. */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(2)}M`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return n.toLocaleString("en-US");
}

/** Formats a token count with thousands separators: 1,234,567. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** Formats dollars with two decimals: $4.12. */
export function formatUSD(x: number): string {
  return `$${x.toFixed(2)}`;
}

/** Formats minutes as `2h 41m` (or `41m`). */
export function formatMinutes(totalMinutes: number): string {
  const m = Math.max(0, Math.round(totalMinutes));
  const h = Math.floor(m / 60);
  return h > 0 ? `${h}h ${String(m % 60).padStart(2, "0")}m` : `${m}m`;
}

/** Formats an instant as local HH:MM in `timeZone`. */
export function formatClock(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(ms));
}

/** Formats an instant as local `YYYY-MM-DD HH:MM` in `timeZone`. */
export function formatLocalDateTime(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

function bar(percent: number, width: number): string {
  const filled = Math.max(0, Math.min(width, Math.round((percent / 100) * width)));
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

/**
 * The readable `--once` frame: every number the seed showed.
 *
 * @example
 * ```ts
 * const text = formatOnceText(snapshot);
 * ```
 */
export function formatOnceText(s: Snapshot): string {
  const tz = s.timezone;
  const now = Date.parse(s.generatedAt);
  const lines: string[] = [];
  lines.push(`Claude Session Monitor  ${formatLocalDateTime(now, tz)} (${tz})`);
  lines.push("");
  const w = s.window;
  if (w) {
    const start = Date.parse(w.startTime);
    const end = Date.parse(w.endTime);
    const elapsed = Math.min(100, Math.max(0, ((now - start) / (end - start)) * 100));
    const pct = w.percentOfMax;
    lines.push("Current window");
    lines.push(
      `  Tokens      ${bar(pct ?? 0, 30)} ${pct === null ? "-" : `${pct.toFixed(1)}%`}  ${
        formatCount(w.tokens.total)
      } / ${formatCount(s.period.maxTokens)}`,
    );
    lines.push(
      `  Split       in ${formatTokens(w.tokens.input)} · out ${
        formatTokens(w.tokens.output)
      } · cache write ${formatTokens(w.tokens.cacheCreation)} · cache read ${
        formatTokens(w.tokens.cacheRead)
      }`,
    );
    lines.push(
      `  Time        ${bar(elapsed, 30)} ${formatMinutes(w.minutesLeft)} left, resets at ${
        formatClock(end, tz)
      }`,
    );
    lines.push(`  Cost        ${formatUSD(w.costUSD)}`);
    if (w.burnRate) {
      lines.push(
        `  Burn rate   ${formatCount(w.burnRate.tokensPerMinute)} tokens/min · ${
          formatUSD(w.burnRate.costPerHour)
        }/h`,
      );
    }
    if (w.projection) {
      lines.push(
        `  Projection  ${formatCount(w.projection.totalTokens)} tokens · ${
          formatUSD(w.projection.costUSD)
        } by ${formatClock(end, tz)}`,
      );
    }
    if (w.lastActivity !== null) lines.push(`  Idle        ${formatMinutes(w.idleMinutes)}`);
    if (w.models.length > 0) lines.push(`  Models      ${w.models.join(", ")}`);
  } else {
    lines.push("Current window");
    lines.push("  No active window: waiting for a new window to start");
  }
  const p = s.period;
  lines.push("");
  lines.push(`Billing period ${p.start} to ${p.end} (exclusive)`);
  lines.push(
    `  Sessions    ${
      bar((p.sessionsUsed / p.sessionsLimit) * 100, 30)
    } ${p.sessionsUsed} used, ${p.sessionsLeft} left of ${p.sessionsLimit}`,
  );
  lines.push(
    `  Days left   ${p.daysLeft} · ${p.sessionsPerDayLeft.toFixed(2)} sessions per day left`,
  );
  lines.push(`  Cost        ${formatUSD(p.costUSD)} so far (API prices)`);
  lines.push(`  Record      ${formatCount(p.maxTokens)} tokens · ${formatUSD(p.maxCostUSD)}`);
  const o = s.official;
  if (o) {
    const parts: string[] = [];
    if (o.fiveHour) parts.push(`5 h ${o.fiveHour.usedPercentage.toFixed(1)}%`);
    if (o.sevenDay) parts.push(`7 d ${o.sevenDay.usedPercentage.toFixed(1)}%`);
    lines.push(
      `  Official    ${parts.join(" · ")} (from Claude Code at ${
        formatClock(Date.parse(o.capturedAt), tz)
      }${o.stale ? ", stale" : ""})`,
    );
  }
  lines.push("");
  const src = s.source;
  const status = src.ok ? "ok" : `error: ${src.error ?? "unknown"}`;
  lines.push(`Source ${src.kind} (${status})`);
  if (src.unpricedModels && src.unpricedModels.length > 0) {
    lines.push(`  No price for ${src.unpricedModels.join(", ")}: their cost counts as $0`);
  }
  if (src.skippedLines) lines.push(`  ${src.skippedLines} log lines skipped`);
  return lines.join("\n");
}
