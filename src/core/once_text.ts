/** The readable `--once` frame: every number the seed showed. */

import { terminalSafe } from "./terminal_safe.ts";
import type { Snapshot } from "./types.ts";
import {
  formatCount,
  formatDuration,
  formatFallback,
  formatPercent,
  formatSessionsLeft,
  formatTokens,
  formatUsd,
} from "./format.ts";
import { localDateTime, localHm } from "./zoned_time.ts";
import { asOfText, meterDetail, officialMeters, paceText, SETUP_HINT } from "./official_text.ts";

const minutes = (m: number) => formatDuration(m * 60_000);

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
  const now = s.generatedAt;
  const lines: string[] = [];
  lines.push(`Claude Session Monitor  ${localDateTime(now, tz)} (${tz})`);
  lines.push("");
  lines.push(...officialLines(s, now));
  lines.push("");
  const w = s.window;
  if (w) {
    const start = w.startTime;
    const end = w.endTime;
    const elapsed = Math.min(100, Math.max(0, ((now - start) / (end - start)) * 100));
    const pct = w.percentOfMax;
    lines.push("Current window");
    const limit = s.estimate?.basis.limitTokens ?? s.period.maxTokens;
    const basis = s.estimate ? ` (${s.estimate.basis.label})` : "";
    lines.push(
      `  Tokens      ${bar(pct ?? 0, 30)} ${pct === null ? "-" : formatPercent(pct)}  ${
        formatCount(w.tokens.total)
      } / ${formatCount(limit)}${basis}`,
    );
    const e = s.estimate;
    if (e?.pace) {
      const out = e.runsOutAt === null ? "" : ` · runs out at ${localHm(e.runsOutAt, tz)}`;
      lines.push(`  Pace        ${paceText(e.pace)}${out}`);
    }
    lines.push(
      `  Split       in ${formatTokens(w.tokens.input)} · out ${
        formatTokens(w.tokens.output)
      } · cache write ${formatTokens(w.tokens.cacheCreation)} · cache read ${
        formatTokens(w.tokens.cacheRead)
      }`,
    );
    lines.push(
      `  Time        ${bar(elapsed, 30)} ${minutes(w.minutesLeft)} left, resets at ${
        localHm(end, tz)
      }`,
    );
    lines.push(`  Cost        ${formatUsd(w.costUSD)}`);
    if (w.burnRate) {
      lines.push(
        `  Burn rate   ${formatCount(w.burnRate.tokensPerMinute)} tokens/min · ${
          formatUsd(w.burnRate.costPerHour)
        }/h`,
      );
    }
    if (w.projection) {
      lines.push(
        `  Projection  ${formatCount(w.projection.totalTokens)} tokens · ${
          formatUsd(w.projection.costUSD)
        } by ${localHm(end, tz)}`,
      );
    }
    if (w.lastActivity !== null) lines.push(`  Idle        ${minutes(w.idleMinutes)}`);
    if (w.models.length > 0) lines.push(`  Models      ${w.models.map(terminalSafe).join(", ")}`);
  } else {
    lines.push("Current window");
    lines.push("  No active window: waiting for a new window to start");
  }
  const p = s.period;
  lines.push("");
  lines.push(`Billing period ${p.start} to ${p.end} (exclusive)`);
  lines.push(
    `  Sessions    ${bar((p.sessionsUsed / p.sessionsLimit) * 100, 30)} ${p.sessionsUsed} used, ${
      formatSessionsLeft(p)
    }`,
  );
  lines.push(
    `  Days left   ${p.daysLeft} · ${p.sessionsPerDayLeft.toFixed(2)} sessions per day left`,
  );
  lines.push(`  Cost        ${formatUsd(p.costUSD)} so far (API prices)`);
  lines.push(`  Record      ${formatCount(p.maxTokens)} tokens · ${formatUsd(p.maxCostUSD)}`);
  lines.push(...weekLines(s));
  lines.push("");
  const src = s.source;
  const status = src.ok ? "ok" : `error: ${terminalSafe(src.error ?? "unknown")}`;
  lines.push(`Source ${src.kind} (${status})`);
  if (src.fallbackReason !== undefined) lines.push(`  ${formatFallback(src.fallbackReason)}`);
  if (src.unpricedModels && src.unpricedModels.length > 0) {
    lines.push(
      `  No price for ${src.unpricedModels.map(terminalSafe).join(", ")}: their cost counts as $0`,
    );
  }
  if (src.skippedLines) lines.push(`  ${src.skippedLines} log lines skipped`);
  for (const path of src.unreadableFiles ?? []) {
    lines.push(`  Cannot read "${path}": skipped`);
  }
  return lines.join("\n");
}

function officialLines(s: Snapshot, now: number): string[] {
  const meters = officialMeters(s);
  if (s.official === null || meters === null) return ["Official limits", `  ${SETUP_HINT}`];
  const when = s.official.stale
    ? `stale, ${asOfText(s)}`
    : `from Claude Code at ${localHm(s.official.capturedAt, s.timezone)}`;
  const lines = [`Official limits (${when})`];
  for (const m of meters) {
    lines.push(
      `  ${m.name.slice(0, 11).padEnd(11)} ${bar(Math.min(100, m.percent), 30)} ${
        meterDetail(m, now, s.timezone)
      }`,
    );
  }
  return lines;
}

function weekLines(s: Snapshot): string[] {
  const week = s.week;
  if (!week) return [];
  const tz = s.timezone;
  const since = localDateTime(week.start, tz);
  const anchor = week.anchor === "official" ? "official weekly window" : "weekStart";
  const lines = [
    "",
    `Week since ${since} (${anchor})`,
    `  Total       ${formatTokens(week.tokens)} tokens · ${formatUsd(week.costUSD)}`,
  ];
  lines.push(
    `  Per day     ${
      week.days.map((d) => `${d.date.slice(5)} ${formatUsd(d.costUSD)}`).join(" · ")
    }`,
  );
  for (const m of week.models.slice(0, 5)) {
    lines.push(`  ${m.model}  ${formatTokens(m.tokens)} tokens · ${formatUsd(m.costUSD)}`);
  }
  return lines;
}

/**
 * The `--once` warning when a load found no usage: where it looked, and since when when the load
 * did not read the whole history (the ccusage source after the first run asks only from `since`,
 * and older usage is kept in the state, so "none found" would be untrue).
 */
export function noUsageMessage(dirs: readonly string[], since: number | null, timeZone: string) {
  const where = dirs.length > 0 ? dirs.join(", ") : "the default directories";
  if (since === null) {
    return `no Claude Code usage found in ${where} (see --claude-dir, or try --demo)`;
  }
  return `no Claude Code usage since ${localDateTime(since, timeZone)} in ${where}`;
}
