/**
 * The weekly panel: a blessed-contrib bar chart of cost per day over the last 7 days, with the
 * week's totals in its label, and above the bars since when it counts (the official weekly reset
 * when known, else `--week-start`) and cost and tokens per model, one row each.
 */

import { formatTokens, formatUsd, shortModel } from "../core/format.ts";
import { localDayHm, wallClock, zonedMidnight } from "../core/zoned_time.ts";
import { barChartPanel } from "./bar_chart_panel.ts";
import type { BarWidget } from "./canvas_widgets.ts";
import type { PanelInput } from "./panel.ts";
import { cut, pad, padStart, textWidth } from "./text.ts";

/** What the weekly panel shows. */
export interface WeeklyView {
  /** "Week $21.30 · 5.40M": the totals, so a narrow border keeps them. */
  label: string;
  /** Text rows above the bars: since when the week counts, then one row per model. */
  lines: string[];
  /** Cost per local day, oldest first, today last (7 values). */
  values: number[];
  /** A title under each bar: "Mo", "Tu", …. */
  titles: string[];
  /** Canvas width the view was made for (bars are laid out to fill it). */
  width: number;
  /** Rows inside the border. */
  height: number;
}

const DAY_NAMES = ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"];
/** Rows the bars keep whatever the text: two of bars and the day names. */
const BAR_ROWS = 3;

/**
 * The weekly view for a panel `width` x `height` characters inside its border: as many text rows
 * as leave three for the bars, the last saying how many models did not fit.
 *
 * @example
 * ```ts
 * weeklyView({ frame, size: { width: 38, height: 8 }, history, compact: false }).values.length; // 7
 * ```
 */
export function weeklyView(input: PanelInput): WeeklyView {
  const { frame } = input;
  const week = frame.snapshot.week;
  const { width, height } = input.size;
  if (!week) {
    return { label: "Week · loading…", lines: [], values: [], titles: [], width, height };
  }
  const tz = frame.settings.timeZone;
  // Within a week the weekday says which day; the date would not fit a narrow panel.
  const since = localDayHm(week.start, tz).replace(/ \d\d-\d\d /, " ");
  const anchor = week.anchor === "official" ? "official week" : "week";
  const label = `Week ${formatUsd(week.costUSD)} · ${formatTokens(week.tokens)}`;
  const names = week.models.map((m) => shortModel(m.model));
  const nameWidth = Math.max(0, ...names.map((n) => textWidth(n)));
  const models = week.models.map((m, i) =>
    `${pad(names[i]!, nameWidth)} ${padStart(formatUsd(m.costUSD), 7)} ${
      padStart(formatTokens(m.tokens), 6)
    }`
  );
  // Rows left above the bars (none under four rows: one line of text then); when the models do
  // not all fit, "since" goes first and the last row counts the rest.
  const room = height >= BAR_ROWS + 1 ? height - BAR_ROWS : Math.min(1, height);
  const named = models.length > 0 ? models : ["no usage yet"];
  let lines = [`${anchor} since ${since}`, ...named];
  if (lines.length > room) lines = named;
  if (lines.length > room) {
    const kept = Math.max(0, room - 1);
    lines = room === 0 ? [] : [...lines.slice(0, kept), `+${lines.length - kept} more`];
    if (room === 1) {
      lines = [named[0]!.replace(/ +/g, " ") + (named.length > 1 ? ` +${named.length - 1}` : "")];
    }
  }
  return {
    label,
    lines,
    values: week.days.map((d) => d.costUSD),
    titles: week.days.map((d) =>
      DAY_NAMES[
        wallClock(zonedMidnight(d.date, tz) + 43_200_000, tz)
          .weekday
      ]!
    ),
    width,
    height,
  };
}

/** Draws the view: text rows on top, seven bars spread over the width, a day name under each. */
function draw(chart: BarWidget, view: WeeklyView, color: boolean): void {
  const slot = Math.max(1, Math.floor(view.width / Math.max(1, view.values.length)));
  // Bar paints barWidth + 1 columns; leave one column between bars when there is room.
  chart.options["barWidth"] = Math.max(0, slot - 2);
  chart.options["barSpacing"] = slot;
  chart.options["barBgColor"] = color ? "magenta" : "white";
  // The tallest bar is (rows - 1) high; scaling its maximum keeps the text rows above it free.
  const barRows = view.height - 1 - view.lines.length;
  const max = Math.max(0, ...view.values);
  const bars = barRows > 0 ? view.values : view.values.map(() => 0);
  // Bar draws a bar of height h on h + 1 rows, from a scale of `height - 2` rows to its maximum.
  chart.options["maxHeight"] = max <= 0
    ? Number.MIN_VALUE
    : barRows > 1
    ? (max * (view.height - 2)) / (barRows - 1)
    : max * 1e9;
  chart.setData({ titles: view.titles, data: bars });
  const c = chart.ctx;
  // The canvas has one hidden row above the panel (see createBarChart).
  const axis = chart.canvasSize.height - 3;
  c.strokeStyle = "normal";
  c.fillStyle = "normal";
  if (barRows > 0) {
    view.titles.forEach((title, i) => {
      if (slot >= textWidth(title)) c.fillText(title, i * slot, axis);
    });
  }
  view.lines.forEach((line, i) => c.fillText(cut(line, view.width), 0, i + 1));
}

/** The weekly panel. */
export const weeklyPanel = barChartPanel({ id: "weekly", title: "Week", view: weeklyView, draw });
