/**
 * blessed-contrib canvas widgets (gauge list, bar chart, line chart) adjusted where they
 * misbehave for us; each adjustment says why.
 */

import { type CanvasWidget, type Options, widgets } from "./blessed_types.ts";
import { gaugeLabelWidth, type GaugeRow, gaugeTrailersFit, gaugeTrailerWidth } from "./panel.ts";
import { cut, pad, padStart, sanitize, textWidth } from "./text.ts";

const ESC = String.fromCharCode(27);
/** A cell the canvas fills with a background colour: `ESC[4Nm ESC[49m` (ansi-term `set`). */
const FILLED_CELL = new RegExp(`${ESC}\\[(4[0-7]|48;5;\\d+)m ${ESC}\\[49m`, "g");
const ANY_SGR = new RegExp(`${ESC}\\[[0-9;]*m`, "g");
/** The character of a filled cell. */
export const FILL = "█";
/** The unfilled part of a gauge. */
export const TRACK = "░";

/**
 * Canvas output with filled cells drawn as `█`: in their colour (the same look as a coloured
 * background, and visible in screen captures and to screen readers), or without colours, where
 * every other colour code goes too.
 */
export function fillCells(text: string, color: boolean): string {
  if (!color) return text.replace(FILLED_CELL, FILL).replace(ANY_SGR, "");
  return text.replace(FILLED_CELL, (_, bg: string) => {
    const fg = bg.startsWith("48") ? `38${bg.slice(2)}` : `3${bg.slice(1)}`;
    return `${ESC}[${fg}m${FILL}${ESC}[39m`;
  });
}

/**
 * Appends a canvas widget to its parent and makes its filled cells visible characters (create
 * it with a `screen` option: with several screens blessed cannot tell which one it is for).
 * blessed-contrib canvases create their drawing context on attach, so data can only be set
 * after this (a gauge throws "canvas context does not exist" otherwise). Gauges and bars fill
 * cells with a background colour only, which NO_COLOR would leave blank: they get a fill
 * character instead (see `fillCells`).
 */
export function attachCanvas<T extends CanvasWidget>(
  parent: { append(node: CanvasWidget): void },
  widget: T,
  color: boolean,
): T {
  parent.append(widget);
  const canvas = widget.ctx._canvas;
  const frame = canvas.frame.bind(canvas);
  canvas.frame = (delimiter?: string) => fillCells(frame(delimiter), color);
  return widget;
}

/** A gauge list whose rows are drawn from `GaugeRow`s. */
export interface GaugeListWidget extends CanvasWidget {
  setGauges(rows: GaugeRow[]): void;
}

/**
 * blessed-contrib's gaugeList, one gauge per row: `Tokens ████░░░░  45%  365.0k / 810.0k`.
 * Its own row drawing numbers the gauges 0, 1, 2 instead of naming them, writes every label on
 * canvas row 3 whatever the gauge's row, and prints unrounded percentages; `setSingleGauge`
 * is replaced to name each gauge, keep its text on its row and add the trailer.
 */
export function createGaugeList(options: Options): GaugeListWidget {
  const widget = widgets.gaugeList({
    ...options,
    gauges: [],
    gaugeHeight: 1,
    // No wrapping, as for the bar chart.
    wrap: false,
  }) as GaugeListWidget;
  // gaugeList sizes its canvas for a border (width - 2); ours sit inside a panel's border.
  (widget as unknown as { calcSize(): void }).calcSize = () => {
    widget.canvasSize = { width: widget.width, height: widget.height };
  };
  let layout = { label: 0, trailer: 0, trailers: false };
  const setGauges = widget.setGauges.bind(widget);
  widget.setGauges = (rows: GaugeRow[]) => {
    // Gauges of one list share the label and trailer widths so their bars line up.
    layout = {
      label: gaugeLabelWidth(rows),
      trailer: gaugeTrailerWidth(rows),
      trailers: gaugeTrailersFit(rows, widget.canvasSize.width),
    };
    setGauges(rows);
  };
  (widget as unknown as { setSingleGauge(row: GaugeRow, i: number): void }).setSingleGauge = (
    row: GaugeRow,
    y: number,
  ) => {
    const c = widget.ctx;
    const width = widget.canvasSize.width;
    const label = layout.label > 0 ? pad(sanitize(row.label), layout.label) : "";
    const percent = " " + padStart(row.text, 4);
    const fixed = layout.label + 5;
    const trailer = layout.trailers && row.trailer !== "" ? "  " + sanitize(row.trailer) : "";
    const bar = Math.max(1, width - fixed - (layout.trailers ? layout.trailer + 2 : 0));
    const filled = Math.round((row.percent / 100) * bar);
    c.strokeStyle = "normal";
    c.fillStyle = "normal";
    if (label) c.fillText(cut(label, width), 0, y);
    const x = textWidth(label);
    if (x >= width) return;
    // fillRect paints w + 1 cells.
    c.strokeStyle = row.level;
    if (filled > 0) c.fillRect(x, y, filled - 1, 0);
    c.strokeStyle = "normal";
    if (bar > filled) c.fillText(TRACK.repeat(bar - filled), x + filled, y);
    c.fillStyle = row.level;
    const rest = cut(percent + trailer, Math.max(0, width - x - bar));
    if (rest !== "") c.fillText(rest, x + bar, y);
  };
  return widget;
}

/** A bar chart with one column per value. */
export interface BarWidget extends CanvasWidget {
  setData(data: { titles: string[]; data: number[] }): void;
}

/**
 * blessed-contrib's bar chart with one column per value and axis labels on its last row.
 * Bar forces a spacing of at least its bar width + 3 and its fillRect paints bar width + 1
 * columns, so a period of 31 days would need 124 columns: after construction the bar width
 * is 0 (one column) and the spacing 1. Its value and title texts are off (they cannot fit
 * one column); the panel label carries today and the peak.
 */
export function createBarChart(options: Options): BarWidget {
  const widget = widgets.bar({
    ...options,
    // Canvas lines fill the width exactly, and blessed's wrapping, counting their colour codes,
    // would push the last characters onto the next line.
    wrap: false,
    showText: false,
    xOffset: 0,
    // Bar takes the larger of its data maximum and maxHeight; undefined would give NaN.
    maxHeight: Number.MIN_VALUE,
  }) as BarWidget;
  widget.options["barWidth"] = 0;
  widget.options["barSpacing"] = 1;
  return widget;
}

/** Draws `values` with the axis labels `from` and `to` under the first and last bar. */
export function drawBars(
  widget: BarWidget,
  values: number[],
  from: string,
  to: string,
  color: string,
): void {
  widget.options["barBgColor"] = color;
  widget.setData({ titles: values.map(() => ""), data: values });
  // Bars end on canvas row height - 4 (Bar's baseline); the next row is the last inside the
  // border and holds the axis.
  const c = widget.ctx;
  const row = widget.canvasSize.height - 3;
  const width = Math.min(widget.canvasSize.width, values.length);
  c.strokeStyle = "normal";
  c.fillStyle = "normal";
  if (width >= textWidth(from) + textWidth(to) + 1) {
    c.fillText(from, 0, row);
    c.fillText(to, width - textWidth(to), row);
  } else if (width >= textWidth(from)) {
    c.fillText(from, 0, row);
  }
}

/** A line chart. */
export interface LineWidget extends CanvasWidget {
  setData(series: Array<{ title: string; x: string[]; y: number[]; style?: Options }>): void;
}

/** blessed-contrib's line chart (braille dots); used as is. */
export function createLineChart(options: Options): LineWidget {
  // No wrapping, as for the bar chart.
  return widgets.line({ ...options, showLegend: false, wrap: false }) as LineWidget;
}
