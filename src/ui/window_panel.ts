/** The current-window panel: official and local gauges, then the window's facts. */

import {
  formatCountdown,
  formatDuration,
  formatPercent,
  formatTokens,
  formatUsd,
  shortModel,
} from "../core/format.ts";
import { localHm } from "../core/zoned_time.ts";
import type { Frame } from "../ports.ts";
import { createGaugeText, type GaugeTextView } from "./gauge_text_widget.ts";
import { levelOf } from "./level.ts";
import { dataMode, emptyMessage } from "./frame_facts.ts";
import { DETAILS, officialGauges, officialLines, SETUP_MESSAGE } from "./official_gauges.ts";
import {
  type GaugeRow,
  gaugeRow,
  gaugeTrailersFit,
  type LineView,
  type Panel,
  type PanelInput,
} from "./panel.ts";
import { paceText } from "../core/official_text.ts";

/** Shown while no window is active. */
export const WAITING = [
  "No active window: waiting for a new window.",
  "It starts with your next Claude Code message.",
];

/**
 * The official gauges with the richest trailers that fit beside the local gauges (the first of
 * `locals` that fits: richest first) in `width`, and the lines they need (setup hint, pace and
 * run-out left out of the trailers, resets when no trailer fits at all).
 */
function officialPart(
  frame: Frame,
  locals: GaugeRow[][],
  width: number,
): { gauges: GaugeRow[]; lines: LineView[]; local: GaugeRow[] } {
  for (const detail of DETAILS) {
    const gauges = officialGauges(frame, detail);
    for (const local of locals) {
      if (gaugeTrailersFit([...gauges, ...local], width)) {
        return { gauges, lines: officialLines(frame, detail), local };
      }
    }
  }
  // No trailer fits beside the bars: each official meter gets a line with its reset instead.
  const gauges = officialGauges(frame, 0);
  const lines = [
    ...officialGauges(frame, 2).map((g) => ({
      label: g.label.replace(" official", ""),
      value: g.trailer,
      ...(g.level === "grey" ? { level: g.level } : {}),
    })),
    ...officialLines(frame, 2),
  ];
  return { gauges, lines, local: locals[0] ?? [] };
}

function windowLines(frame: Frame, width: number): GaugeTextView {
  const w = frame.snapshot.window!;
  const tz = frame.settings.timeZone;
  const levels = frame.settings.levels;
  const start = w.startTime;
  const end = w.endTime;
  const estimate = frame.snapshot.estimate;
  const maxTokens = estimate?.basis.limitTokens ?? frame.snapshot.period.maxTokens;
  const percentOfMax = w.percentOfMax ??
    (maxTokens > 0 ? (w.tokens.total / maxTokens) * 100 : 0);
  const reset = localHm(end, tz);
  const countdown = formatCountdown(end - frame.now);
  // The local estimate names what its 100 % is: configured, calibrated, observed or the record.
  const basis = estimate?.basis.label ?? (frame.settings.tokenLimit !== null ? "limit" : "max");
  const maxText = maxTokens > 0 ? formatTokens(maxTokens) : "?";
  const tokens = gaugeRow(
    "Tokens",
    percentOfMax,
    `${formatTokens(w.tokens.total)} / ${maxText} ${basis}`,
    levels,
  );
  const elapsed = ((frame.now - start) / (end - start)) * 100;
  const time = gaugeRow("Time", elapsed, `${countdown} left · resets ${reset}`, levels);
  // Minutes are enough beside the official gauges when the seconds would push trailers out.
  const shortTime = gaugeRow(
    "Time",
    elapsed,
    `${formatDuration(end - frame.now)} left · ${reset}`,
    levels,
  );
  const t = w.tokens;
  const official = officialPart(frame, [[tokens, time], [tokens, shortTime]], width - 2);
  const gauges = [...official.gauges, ...official.local];
  // With captures their lines lead; without, the hint on enabling them follows the local facts.
  const hasOfficial = official.gauges.length > 0;
  const lines: LineView[] = hasOfficial ? [...official.lines] : [];
  // Lines that only repeat the gauges' trailers go when the trailers fit.
  if (!gaugeTrailersFit(gauges, width - 2)) {
    lines.push(
      {
        label: "Used",
        value: `${formatTokens(t.total)} of ${maxText} ${basis} (${formatPercent(percentOfMax)})`,
        level: tokens.level,
      },
      { label: "Resets", value: `${reset} · in ${countdown}`, level: time.level },
    );
  }
  if (!hasOfficial) lines.push(...official.lines);
  if (estimate?.pace) {
    const out = estimate.runsOutAt;
    lines.push({
      label: "Pace",
      value: `${paceText(estimate.pace)}${out === null ? "" : ` · runs out ${localHm(out, tz)}`}`,
      // Red when the estimate runs out before the window resets.
      ...(out !== null ? { level: "red" as const } : {}),
    });
  }
  lines.push({ label: "Cost", value: `${formatUsd(w.costUSD)} at API prices` });
  lines.push({
    label: "Burn rate",
    value: w.burnRate
      ? `${formatTokens(w.burnRate.tokensPerMinute)} tokens/min · ${
        formatUsd(w.burnRate.costPerHour)
      }/h`
      : "not enough activity yet",
  });
  if (w.projection) {
    const projected = maxTokens > 0 ? (w.projection.totalTokens / maxTokens) * 100 : 0;
    lines.push({
      label: "Projected",
      value: `${formatTokens(w.projection.totalTokens)} tokens · ${
        formatUsd(w.projection.costUSD)
      } by ${reset}`,
      level: levelOf(projected, levels),
    });
  }
  lines.push(
    { label: "Split", value: `input ${formatTokens(t.input)} · output ${formatTokens(t.output)}` },
    {
      label: "Cache",
      value: `write ${formatTokens(t.cacheCreation)} · read ${formatTokens(t.cacheRead)}`,
    },
  );
  if (w.models.length > 0) {
    lines.push({ label: "Models", value: w.models.map(shortModel).join(", ") });
  }
  const last = w.lastActivity;
  const idleMs = last === null ? 0 : frame.now - last;
  lines.push({
    label: "Activity",
    value: last === null
      ? "none yet"
      : `last ${localHm(last, tz)} (idle ${formatDuration(idleMs)})`,
    // Yellow from the moment the idle alert would fire (--idle-after).
    ...(idleMs >= frame.settings.idleAfter * 60_000 ? { level: "yellow" as const } : {}),
  });
  lines.push({ label: "Window", value: `${localHm(start, tz)} → ${reset} (${tz})` });
  return { gauges, lines, message: null };
}

/**
 * The view of the current-window panel.
 *
 * @example
 * ```ts
 * windowPanelView({ frame, size, history, compact: false }).gauges[0]?.text; // "45%"
 * ```
 */
export function windowPanelView(input: PanelInput): GaugeTextView {
  const { frame } = input;
  const mode = dataMode(frame);
  if (mode === "loading") return { gauges: [], lines: [], message: ["Loading usage data…"] };
  if (mode === "empty") return { gauges: [], lines: [], message: emptyMessage(frame) };
  const w = frame.snapshot.window;
  if (!w || w.endTime <= frame.now) {
    // Official limits still apply between windows; without captures, say how to get them.
    const official = officialPart(frame, [[]], input.size.width - 2);
    const waiting = WAITING.map((m) => ({ label: "", value: m }));
    return official.gauges.length > 0
      ? { gauges: official.gauges, lines: [...official.lines, ...waiting], message: null }
      : { gauges: [], lines: [], message: [...WAITING, "", SETUP_MESSAGE] };
  }
  return windowLines(frame, input.size.width);
}

/** The current-window panel. */
export const windowPanel: Panel<GaugeTextView> = {
  id: "window",
  bordered: true,
  view: windowPanelView,
  create: (screen, cell, color) => createGaugeText(screen, cell, "Current window", color),
};
