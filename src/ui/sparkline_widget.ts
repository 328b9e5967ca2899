/** blessed-contrib's sparkline widget, drawing from zero and with one column per value. */

import sparkline from "sparkline";
import { type BlessedNode, type Options, widgets } from "./blessed_types.ts";
import { cut, escapeTags } from "./text.ts";

/** One titled series of a sparkline grid. */
export interface SparkSeries {
  title: string;
  values: number[];
}

/** A sparkline grid. */
export interface SparklineWidget extends BlessedNode {
  setData(titles: string[], data: number[][]): void;
}

/** Draws `values` as one row of ticks scaled from zero to their largest value. */
export function sparkRow(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  // The sparkline package subtracts the series minimum (a steady 40k/bucket would read as
  // nothing) unless given min 0, and shifts values left by 8 bits in 32-bit integers (a
  // bucket above 8.4M tokens would wrap): scale to 0..1000 first.
  const scaled = values.map((v) => (max > 0 ? Math.round((Math.max(0, v) / max) * 1000) : 0));
  return (sparkline as (n: number[], o: { min: number; max: number }) => string)(scaled, {
    min: 0,
    max: 1000,
  });
}

/**
 * Creates the sparkline grid. blessed-contrib's `setData` is replaced: it cuts each series to
 * the widget's width minus 2 whatever its border and padding, and draws relative to the
 * series minimum; ours takes series as wide as the panel (the view chooses the bucket size
 * so they fit) and keeps its layout of a bold title line above each sparkline.
 */
export function createSparklines(options: Options, color: boolean): SparklineWidget {
  // No wrapping: blessed mis-measures tagged lines that fill the width exactly.
  const widget = widgets.sparkline({ ...options, tags: true, wrap: false }) as SparklineWidget;
  widget.setData = (titles: string[], data: number[][]) => {
    const inner = Math.max(0, widget.height - widget.iheight);
    const width = Math.max(0, widget.width - widget.iwidth);
    const lines: string[] = [];
    titles.forEach((title, i) => {
      // A blank line between series when there is room, as blessed-contrib spaces them.
      if (i > 0 && inner >= titles.length * 3 - 1) lines.push("");
      const text = escapeTags(cut(title, width));
      lines.push(color ? `{bold}{white-fg}${text}{/white-fg}{/bold}` : text);
      lines.push(
        color ? `{green-fg}${sparkRow(data[i] ?? [])}{/green-fg}` : sparkRow(data[i] ?? []),
      );
    });
    widget.setContent(lines.join("\n"));
  };
  return widget;
}
