/**
 * The weekly panel: a blessed-contrib bar chart of cost per day over the last 7 days, with the
 * week's totals in its label (since the official weekly reset when known, else `--week-start`)
 * and cost and tokens per model on its top row.
 */

import { formatTokens, formatUsd, shortModel } from "../core/format.ts";
import { localHm, wallClock, zonedMidnight } from "../core/zoned_time.ts";
import { attachCanvas, type BarWidget, createBarChart } from "./canvas_widgets.ts";
import { boxed, labelFor, type Panel, type PanelInput } from "./panel.ts";
import { cut, textWidth } from "./text.ts";

/** What the weekly panel shows. */
export interface WeeklyView {
  /** "Week since Mon 11-23 00:00 · 5.40M · $21.30". */
  label: string;
  /** Cost per local day, oldest first, today last (7 values). */
  values: number[];
  /** A title under each bar: "Mo", "Tu", …. */
  titles: string[];
  /** Cost and tokens per model, for the top row: "opus-4-5 $15.20 4.10M · sonnet-4-5 …". */
  models: string;
  /** Canvas width the view was made for (bars are laid out to fill it). */
  width: number;
}

const DAY_NAMES = ["Su", "Mo", "Tu", "We", "Th", "Fr", "Sa"];

/**
 * The weekly view for a chart `width` characters wide.
 *
 * @example
 * ```ts
 * weeklyView({ frame, size: { width: 38, height: 8 }, history, compact: false }).values.length; // 7
 * ```
 */
export function weeklyView(input: PanelInput): WeeklyView {
  const { frame } = input;
  const week = frame.snapshot.week;
  const width = input.size.width;
  if (!week) {
    return { label: "Week · loading…", values: [], titles: [], models: "", width };
  }
  const tz = frame.settings.timeZone;
  // Totals first: a narrow panel cuts its label from the end.
  const since = `${DAY_NAMES[wallClock(week.start, tz).weekday]} ${localHm(week.start, tz)}`;
  const anchor = week.anchor === "official" ? "official week" : "week";
  const label = `Week ${formatUsd(week.costUSD)} · ${
    formatTokens(week.tokens)
  } · ${anchor} since ${since}`;
  const models = week.models.length === 0
    ? "no usage this week"
    : week.models.map((m) =>
      `${shortModel(m.model)} ${formatUsd(m.costUSD)} ${formatTokens(m.tokens)}`
    ).join(" · ");
  return {
    label,
    values: week.days.map((d) => d.costUSD),
    titles: week.days.map((d) =>
      DAY_NAMES[
        wallClock(zonedMidnight(d.date, tz) + 43_200_000, tz)
          .weekday
      ]!
    ),
    models,
    width,
  };
}

/** Draws the view: seven bars spread over the width, a day name under each, models on top. */
function draw(chart: BarWidget, view: WeeklyView, color: boolean): void {
  const slot = Math.max(1, Math.floor(view.width / Math.max(1, view.values.length)));
  // Bar paints barWidth + 1 columns; leave one column between bars when there is room.
  chart.options["barWidth"] = Math.max(0, slot - 2);
  chart.options["barSpacing"] = slot;
  chart.options["barBgColor"] = color ? "magenta" : "white";
  chart.setData({ titles: view.titles, data: view.values });
  const c = chart.ctx;
  const axis = chart.canvasSize.height - 3;
  c.strokeStyle = "normal";
  c.fillStyle = "normal";
  view.titles.forEach((title, i) => {
    if (slot >= textWidth(title)) c.fillText(title, i * slot, axis);
  });
  // Bars stop one row below the top, which is free for the per-model totals.
  if (view.models !== "") c.fillText(cut(view.models, view.width), 0, 0);
}

/** The weekly panel. */
export const weeklyPanel: Panel<WeeklyView> = {
  id: "weekly",
  bordered: true,
  view: weeklyView,
  create(screen, cell, color) {
    const chart = attachCanvas(
      screen,
      createBarChart({ screen, ...boxed(cell, "Week", color) }),
      color,
    );
    return {
      update(view) {
        chart.setLabel(labelFor(view.label, cell));
        draw(chart, view, color);
      },
      destroy: () => chart.destroy(),
    };
  },
};
