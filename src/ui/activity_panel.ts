/** The window-activity panel: a blessed-contrib sparkline grid of tokens (and cost) per bucket. */

import type { ActivityPoint } from "../core/types.ts";
import { formatTokens, formatUsd } from "../core/format.ts";
import { localHm } from "../core/zoned_time.ts";
import type { Frame } from "../ports.ts";
import { boxed, labelFor, type Panel, type PanelInput } from "./panel.ts";
import { createSparklines, type SparkSeries } from "./sparkline_widget.ts";
import { bucketSize, fineBuckets, regroup, type WindowHistory } from "./window_history.ts";
import { tagLine } from "./text.ts";

/** What the activity panel shows. */
export interface ActivityView {
  label: string;
  series: SparkSeries[];
  /** Shown instead of the sparklines when there is nothing to draw. */
  note: string | null;
}

// Bucketing every activity point each second would be wasted work: the points change only
// with a refresh (a new array), so the five-minute buckets are kept per array and window.
const fineCache = new WeakMap<
  readonly ActivityPoint[],
  { key: string; value: { tokens: number[]; cost: number[] } }
>();

/** Five-minute token (and, when known, cost) buckets of the active window. */
export function windowBuckets(
  frame: Frame,
  history: WindowHistory,
): { tokens: number[]; cost: number[] | null } | null {
  const w = frame.snapshot.window;
  if (!w || w.endTime <= frame.now) return null;
  const start = w.startTime;
  if (!frame.activity) {
    return { tokens: history.windowId === w.id ? history.buckets : [], cost: null };
  }
  let cached = fineCache.get(frame.activity);
  if (cached?.key !== w.id) {
    cached = { key: w.id, value: fineBuckets(frame.activity, start) };
    fineCache.set(frame.activity, cached);
  }
  return cached.value;
}

/**
 * The view of the activity panel: one bucket per column, of the smallest length that divides
 * the window evenly and fits the width, so a steady use draws a flat line.
 *
 * @example
 * ```ts
 * activityPanelView(input).series[0]?.title; // "Tokens/5m · peak 120.5k"
 * ```
 */
export function activityPanelView(input: PanelInput): ActivityView {
  const { frame } = input;
  const buckets = windowBuckets(frame, input.history);
  const w = frame.snapshot.window;
  if (!buckets || !w) return { label: "Window activity", series: [], note: "No active window" };
  const tz = frame.settings.timeZone;
  const { minutes, count } = bucketSize(input.size.width);
  const tokens = regroup(buckets.tokens, count);
  // ccusage reports no per-message times: the buckets are estimated from frame to frame, and the
  // title says so first, where the narrowest panel still shows it.
  const name = frame.activity ? "Tokens" : "Est. tokens";
  const series: SparkSeries[] = [{
    title: `${name}/${minutes}m · peak ${formatTokens(Math.max(0, ...tokens))}`,
    values: tokens,
  }];
  // Two lines per series plus a blank line between them.
  if (buckets.cost && input.size.height >= 5) {
    const cost = regroup(buckets.cost, count);
    series.push({
      title: `Cost/${minutes}m · peak ${formatUsd(Math.max(0, ...cost))}`,
      values: cost,
    });
  }
  const range = `${localHm(w.startTime, tz)} → ${localHm(w.endTime, tz)}`;
  // The border shows width - 4 characters of label: the range alone when both do not fit.
  const label = `Activity ${range}`.length <= input.size.width - 4 ? `Activity ${range}` : range;
  return { label, series, note: null };
}

/** The window-activity panel. */
export const activityPanel: Panel<ActivityView> = {
  id: "activity",
  bordered: true,
  view: activityPanelView,
  create(screen, cell, color) {
    const widget = createSparklines(
      { parent: screen, ...boxed(cell, "Window activity", color) },
      color,
    );
    return {
      update(view) {
        widget.setLabel(labelFor(view.label, cell));
        if (view.note !== null) {
          widget.setContent(tagLine([{ text: view.note }], Math.max(0, cell.width - 2), color));
          return;
        }
        widget.setData(view.series.map((s) => s.title), view.series.map((s) => s.values));
      },
      destroy: () => widget.destroy(),
    };
  },
};
