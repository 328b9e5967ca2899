/** The readable `--once` frame: every number the seed showed. */

import { terminalSafe } from "./terminal_safe.ts";
import type { Snapshot } from "./types.ts";
import {
  formatCount,
  formatDuration,
  formatFallback,
  formatSessionsLeft,
  formatTokens,
  formatUsd,
} from "./format.ts";
import { localDateTime, localHm } from "./zoned_time.ts";

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
  const w = s.window;
  if (w) {
    const start = w.startTime;
    const end = w.endTime;
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
  const o = s.official;
  if (o) {
    const parts: string[] = [];
    if (o.fiveHour) parts.push(`5 h ${o.fiveHour.usedPercentage.toFixed(1)}%`);
    if (o.sevenDay) parts.push(`7 d ${o.sevenDay.usedPercentage.toFixed(1)}%`);
    lines.push(
      `  Official    ${parts.join(" · ")} (from Claude Code at ${localHm(o.capturedAt, tz)}${
        o.stale ? ", stale" : ""
      })`,
    );
  }
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
