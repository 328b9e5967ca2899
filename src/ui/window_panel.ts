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
import { officialGauges } from "./official_gauges.ts";
import { gaugeRow, gaugeTrailersFit, type LineView, type Panel, type PanelInput } from "./panel.ts";

/** Shown while no window is active. */
export const WAITING = [
  "No active window: waiting for a new window.",
  "It starts with your next Claude Code message.",
];

function windowLines(frame: Frame, width: number): GaugeTextView {
  const w = frame.snapshot.window!;
  const tz = frame.settings.timeZone;
  const start = w.startTime;
  const end = w.endTime;
  const maxTokens = frame.snapshot.period.maxTokens;
  const percentOfMax = w.percentOfMax ??
    (maxTokens > 0 ? (w.tokens.total / maxTokens) * 100 : 0);
  const reset = localHm(end, tz);
  const countdown = formatCountdown(end - frame.now);
  const basis = frame.settings.tokenLimit !== null ? "limit" : "max";
  const maxText = maxTokens > 0 ? formatTokens(maxTokens) : "?";
  const tokens = gaugeRow("Tokens", percentOfMax, `${formatTokens(w.tokens.total)} / ${maxText}`);
  const time = gaugeRow(
    "Time",
    ((frame.now - start) / (end - start)) * 100,
    `${countdown} left · resets ${reset}`,
  );
  const t = w.tokens;
  const gauges = [...officialGauges(frame), tokens, time];
  const lines: LineView[] = [];
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
      level: levelOf(projected),
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
    // Official limits still apply between windows.
    const official = officialGauges(frame);
    return official.length > 0
      ? { gauges: official, lines: WAITING.map((m) => ({ label: "", value: m })), message: null }
      : { gauges: [], lines: [], message: WAITING };
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
