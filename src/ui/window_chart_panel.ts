/** The window-tokens panel: a blessed-contrib line chart of the window's cumulative tokens. */

import { formatTokens } from "../core/format.ts";
import { localHm } from "../core/zoned_time.ts";
import { windowBuckets } from "./activity_panel.ts";
import { attachCanvas, createLineChart, type LineAxes } from "./canvas_widgets.ts";
import { boxed, labelFor, type Panel, type PanelInput } from "./panel.ts";
import { cut } from "./text.ts";
import { bucketSize, regroup } from "./window_history.ts";

/** What the window-tokens chart shows. */
export interface WindowChartView {
  label: string;
  /** Clock time of each point (bucket edges). */
  x: string[];
  /** Cumulative tokens up to now, in `unit`s. */
  used: number[];
  /** The window's token limit (configured, or the record window) at every point. */
  limit: number[];
  /** Cumulative tokens to now, then the projection to the window's end; empty without one. */
  projection: number[];
  /** `k` or `M`: the unit of the values (labels are whole numbers from formatTokens). */
  unit: string;
  /** The axes: top, labels at 0 and the limit (formatTokens), start, middle and reset times. */
  axes: LineAxes;
  note: string | null;
}

/**
 * The view of the window-tokens chart: cumulative tokens per bucket against the limit line and
 * the projection to the reset.
 *
 * @example
 * ```ts
 * windowChartView(input).label; // "Tokens (k): 365.0k used · max 810.0k · projected 1.10M"
 * ```
 */
export function windowChartView(input: PanelInput): WindowChartView {
  const { frame } = input;
  const w = frame.snapshot.window;
  const buckets = windowBuckets(frame, input.history);
  const noAxes: LineAxes = { maxY: 1, ticks: [], x: { first: "", middle: "", last: "" } };
  const empty = { x: [], used: [], limit: [], projection: [], unit: "k", axes: noAxes };
  if (!w || !buckets) return { label: "Window tokens", ...empty, note: "No active window" };
  const tz = frame.settings.timeZone;
  const start = w.startTime;
  const end = w.endTime;
  // Braille dots: two per column; one point per column keeps the line readable.
  const { count } = bucketSize(Math.max(1, input.size.width - 8));
  const tokens = regroup(buckets.tokens, count);
  const step = (end - start) / count;
  // The same 100 % as the window panel's Tokens gauge: the estimate's limit, else the record.
  const limitTokens = frame.snapshot.estimate?.basis.limitTokens ?? frame.snapshot.period.maxTokens;
  const top = Math.max(limitTokens, w.projection?.totalTokens ?? 0, w.tokens.total);
  const [unit, scale] = top >= 10_000_000 ? ["M", 1_000_000] : ["k", 1_000];
  const x: string[] = [];
  const cumulative: number[] = [];
  let sum = 0;
  for (let i = 0; i <= count; i++) {
    x.push(localHm(start + i * step, tz));
    cumulative.push(sum / scale);
    sum += tokens[i] ?? 0;
  }
  const nowIndex = Math.min(count, Math.ceil((frame.now - start) / step));
  const used = cumulative.slice(0, nowIndex + 1);
  // The last point is now: the window's total, whatever the buckets' rounding.
  used[used.length - 1] = w.tokens.total / scale;
  const projection: number[] = [];
  if (w.projection) {
    const from = w.tokens.total / scale;
    const to = w.projection.totalTokens / scale;
    const steps = count - nowIndex;
    projection.push(...used);
    for (let i = 1; i <= steps; i++) projection.push(from + ((to - from) * i) / steps);
  }
  const basis = frame.snapshot.estimate?.basis.label ??
    (frame.settings.tokenLimit !== null ? "limit" : "max");
  const facts = [`${formatTokens(w.tokens.total)} used`];
  if (limitTokens > 0) facts.push(`${basis} ${formatTokens(limitTokens)}`);
  if (w.projection) facts.push(`projected ${formatTokens(w.projection.totalTokens)}`);
  // The longest label that fits the border; the window panel has every number in full.
  const labels = [
    `Tokens: ${facts.join(" · ")}`,
    `Tokens: ${facts.slice(1).join(" · ")}`,
    `Tokens: ${facts.slice(1, 2).join(" · ")}`,
    `Tokens`,
  ];
  // Headroom above the highest line so it does not run along the border.
  const maxY = (top * 1.1) / scale;
  const ticks = [{ y: 0, text: "0" }];
  if (limitTokens > 0) ticks.unshift({ y: limitTokens / scale, text: formatTokens(limitTokens) });
  if (w.projection && w.projection.totalTokens !== limitTokens) {
    ticks.push({
      y: w.projection.totalTokens / scale,
      text: formatTokens(w.projection.totalTokens),
    });
  }
  const axes: LineAxes = {
    maxY,
    ticks,
    x: {
      first: localHm(start, tz),
      middle: localHm(start + (end - start) / 2, tz),
      last: localHm(end, tz),
    },
  };
  return {
    label: labels.find((l) => l.length <= input.size.width - 2) ?? labels.at(-1)!,
    x,
    axes,
    used,
    limit: limitTokens > 0 ? x.map(() => limitTokens / scale) : [],
    projection,
    unit,
    note: null,
  };
}

/** The window-tokens chart panel. */
export const windowChartPanel: Panel<WindowChartView> = {
  id: "windowChart",
  bordered: true,
  view: windowChartView,
  create(screen, cell, color) {
    const chart = createLineChart({
      screen,
      ...boxed(cell, "Window tokens", color),
      style: { line: "green", text: "white", baseline: "white" },
      numYLabels: 4,
      // Its own labels are replaced by ours; whole numbers keep its label column as narrow.
      wholeNumbersOnly: true,
    });
    attachCanvas(screen, chart, color);
    return {
      update(view) {
        chart.setLabel(labelFor(view.label, cell));
        if (view.note !== null || view.x.length === 0) {
          chart.ctx.clearRect(0, 0, chart.canvasSize.width, chart.canvasSize.height);
          // Canvas text coordinates are braille dots: two per column, four per row.
          chart.ctx.fillText(cut(view.note ?? "", cell.width - 3), 2, 0);
          return;
        }
        // The first series gives the x labels and must span the whole window.
        const limit = view.limit.length > 0 ? view.limit : view.x.map(() => 0);
        const series = [
          { title: "limit", x: view.x, y: limit, style: { line: "red" } },
          ...(view.projection.length
            ? [{ title: "projected", x: view.x, y: view.projection, style: { line: "yellow" } }]
            : []),
          { title: "used", x: view.x, y: view.used, style: { line: "green" } },
        ];
        chart.setAxes(view.axes);
        chart.setData(series);
      },
      destroy: () => chart.destroy(),
    };
  },
};
