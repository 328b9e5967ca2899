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
  const drop = (widget as unknown as { dropFirstRow?: boolean }).dropFirstRow === true;
  canvas.frame = (delimiter?: string) => {
    const text = frame(delimiter);
    const shown = drop
      ? text.slice(text.indexOf(delimiter ?? "\n") + (delimiter ?? "\n").length)
      : text;
    return fillCells(shown, color);
  };
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
    // The canvas knows the eight basic colour names only: grey is 256-colour index 8.
    const paint = row.level === "grey" ? 8 : row.level;
    c.strokeStyle = paint;
    if (filled > 0) c.fillRect(x, y, filled - 1, 0);
    c.strokeStyle = "normal";
    if (bar > filled) c.fillText(TRACK.repeat(bar - filled), x + filled, y);
    c.fillStyle = paint;
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
  // Bar's tallest bar starts on canvas row 1, so the first row inside the border stayed empty:
  // the canvas gets one row more and its first row is not shown (see `attachCanvas`).
  (widget as unknown as { calcSize(): void }).calcSize = () => {
    widget.canvasSize = { width: widget.width - 2, height: widget.height + 1 };
  };
  (widget as unknown as { dropFirstRow: boolean }).dropFirstRow = true;
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

/** The axes of a line chart: where its y labels go and what they say, and its x labels. */
export interface LineAxes {
  /** Top of the y axis (blessed-contrib would add 20 % to the largest value). */
  maxY: number;
  /** Y values to label and their text, most important first (one sharing a row with an earlier one goes). */
  ticks: Array<{ y: number; text: string }>;
  /** Labels under the x axis: at the first point, the middle and right-aligned at the end. */
  x: { first: string; middle: string; last: string };
}

/** A line chart whose axis labels come from our formatters. */
export interface LabelledLineWidget extends LineWidget {
  setAxes(axes: LineAxes): void;
}

/** Braille dots per character: two across, four down. */
const DOTS = { x: 2, y: 4 };

/**
 * blessed-contrib's line chart (braille dots) with our axis labels. Its own y labels are raw
 * ticks of its own scale (`toFixed` of max + 20 %: "990, 660" while the title says "823.1k"),
 * and its x labels skip the window's end: its labels are dropped as it draws them (they are the
 * only text at the label column or on the label row) and ours are drawn at the same positions
 * with the same formula.
 */
export function createLineChart(options: Options): LabelledLineWidget {
  const widget = widgets.line({
    ...options,
    showLegend: false,
    // No wrapping, as for the bar chart.
    wrap: false,
  }) as LabelledLineWidget;
  let axes: LineAxes | null = null;
  const setData = widget.setData.bind(widget);
  widget.setAxes = (next) => {
    axes = next;
  };
  widget.setData = (series) => {
    const a = axes;
    if (a === null) return setData(series);
    // line.js draws from 2 dots above its plot's top; the highest line and label stay inside.
    const plot = Math.max(1, widget.canvasSize.height - 11);
    const highest = Math.max(0, ...a.ticks.map((t) => t.y), ...series.flatMap((s) => s.y));
    const maxY = Math.max(a.maxY, highest / Math.max(0.1, 1 - 3 / plot));
    widget.options["maxY"] = maxY;
    // line.js widens the label column to its own label of maxY; ours is never narrower.
    const labelWidth = Math.max(
      String(Math.round(maxY)).length,
      ...a.ticks.map((t) => textWidth(t.text)),
    );
    widget.options["xLabelPadding"] = labelWidth * DOTS.x;
    widget.options["xPadding"] = labelWidth * DOTS.x + DOTS.x;
    const c = widget.ctx;
    const fillText = c.fillText.bind(c);
    const { width, height } = widget.canvasSize;
    // The values line.js uses: yPadding 11, yLabelPadding 3, the label column xPadding - xLabelPadding.
    const labelRow = height - 11 + 3;
    c.fillText = (text: string, x: number, y: number) => {
      // Y labels sit left of the axis (x 0 or 2), x labels on the label row.
      if (x <= 2 || y === labelRow) return;
      fillText(text, x, y);
    };
    try {
      setData(series);
    } finally {
      c.fillText = fillText;
    }
    c.fillStyle = (widget.options["style"] as { text?: string } | undefined)?.text ?? "normal";
    const yPixel = (v: number) => height - 11 - ((height - 11) / maxY) * v - 2;
    const used = new Set<number>();
    for (const tick of a.ticks) {
      const y = yPixel(tick.y);
      const row = Math.floor(y / DOTS.y);
      if (y < 0 || used.has(row)) continue;
      used.add(row);
      fillText(padStart(tick.text, labelWidth), 0, y);
    }
    const points = series[0]?.x.length ?? 0;
    const xPadding = labelWidth * DOTS.x + DOTS.x;
    const xPixel = (i: number) => ((width - xPadding) / Math.max(1, points)) * i + xPadding + 2;
    const first = xPixel(0);
    // Centred under their points where they fit: the middle one, and the last (the reset).
    const centred = (i: number, text: string) => xPixel(i) - (textWidth(text) * DOTS.x) / 2;
    const lastX = Math.min(width - textWidth(a.x.last) * DOTS.x, centred(points - 1, a.x.last));
    const middle = centred((points - 1) / 2, a.x.middle);
    fillText(a.x.first, first, labelRow);
    const gap = DOTS.x * 2;
    if (middle > first + textWidth(a.x.first) * DOTS.x + gap) {
      if (middle + textWidth(a.x.middle) * DOTS.x + gap < lastX) {
        fillText(a.x.middle, middle, labelRow);
      }
    }
    if (lastX > first + textWidth(a.x.first) * DOTS.x + gap) fillText(a.x.last, lastX, labelRow);
  };
  return widget;
}
