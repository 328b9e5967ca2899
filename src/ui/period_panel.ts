/** The billing-period panel: sessions and days as gauges, then the period's totals. */

import { formatSessionsLeft, formatTokens, formatUsd } from "../core/format.ts";
import { datesBetween, shortDate, zonedMidnight } from "../core/zoned_time.ts";
import { createGaugeText, type GaugeTextView } from "./gauge_text_widget.ts";
import { dataMode } from "./frame_facts.ts";
import { gaugeRow, type LineView, type Panel, type PanelInput } from "./panel.ts";

/**
 * The view of the billing-period panel.
 *
 * @example
 * ```ts
 * periodPanelView(input).gauges[0]?.trailer; // "13 / 50 used"
 * ```
 */
export function periodPanelView(input: PanelInput): GaugeTextView {
  const { frame } = input;
  const p = frame.snapshot.period;
  const tz = frame.settings.timeZone;
  const start = zonedMidnight(p.start, tz);
  const end = zonedMidnight(p.end, tz);
  const lastDay = shortDate(datesBetween(p.start, p.end).at(-1) ?? p.end);
  const days = `${p.daysLeft} ${p.daysLeft === 1 ? "day" : "days"} left`;
  const elapsed = gaugeRow(
    "Period",
    end > start ? ((frame.now - start) / (end - start)) * 100 : 0,
    days,
    frame.settings.levels,
  );
  const daysLine: LineView = { label: "Days left", value: `${p.daysLeft} (last day ${lastDay})` };
  if (dataMode(frame) === "loading") {
    // Before the first load the usage figures are unknown, not zero: show only the calendar.
    return {
      gauges: [
        gaugeRow("Sessions", 0, `… / ${p.sessionsLimit} used`, frame.settings.levels),
        elapsed,
      ],
      lines: [{ label: "Sessions", value: "loading…" }, daysLine],
      message: null,
    };
  }
  const over = p.sessionsOver > 0;
  const sessionsRow = gaugeRow(
    "Sessions",
    p.sessionsLimit > 0 ? (p.sessionsUsed / p.sessionsLimit) * 100 : 0,
    over ? `over by ${p.sessionsOver}` : `${p.sessionsUsed} / ${p.sessionsLimit} used`,
    frame.settings.levels,
  );
  // Past the limit a share like "170%" of a quota reads as nonsense: the gauge is full and says
  // "over", its trailer by how many.
  const sessions = over ? { ...sessionsRow, text: "over", level: "red" as const } : sessionsRow;
  const gauges = [sessions, elapsed];
  const perDay = `${p.sessionsPerDayLeft.toFixed(2)} sessions/day`;
  const lines: LineView[] = [];
  lines.push({
    label: "Sessions",
    value: `${p.sessionsUsed} used · ${formatSessionsLeft(p)}`,
    level: sessions.level,
  });
  lines.push(
    daysLine,
    { label: "Per day", value: `${perDay} left` },
    { label: "Cost", value: `${formatUsd(p.costUSD)} so far (incl. active)` },
    { label: "Tokens", value: `${formatTokens(p.totalTokens)} so far` },
    // The two highs may come from different windows.
    { label: "Record", value: `${formatTokens(p.maxTokens)} tokens · ${formatUsd(p.maxCostUSD)}` },
  );
  if (input.compact || input.size.height - gauges.length < lines.length) {
    // Short panels: the numbers that decide the day first.
    const order = ["Sessions", "Per day", "Cost", "Days left", "Tokens", "Record"];
    lines.sort((a, b) => order.indexOf(a.label) - order.indexOf(b.label));
  }
  return { gauges, lines, message: null };
}

/** The billing-period panel. */
export const periodPanel: Panel<GaugeTextView> = {
  id: "period",
  bordered: true,
  view: periodPanelView,
  create: (screen, cell, color) => createGaugeText(screen, cell, "Billing period", color),
};
