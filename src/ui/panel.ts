/**
 * What a panel is: a pure view (frame in, plain data out) and the blessed-contrib widget that
 * draws it. The dashboard places panels from its layout table and feeds them each frame.
 */

import { type ColourLevels, DEFAULT_LEVELS, type Frame } from "../ports.ts";
import type { Cell } from "./layout.ts";
import type { BlessedScreen, Options } from "./blessed_types.ts";
import { type Level, levelOf } from "./level.ts";
import { formatPercent } from "../core/format.ts";
import { cut } from "./text.ts";
import type { WindowHistory } from "./window_history.ts";

/** What a panel's view is computed from. */
export interface PanelInput {
  frame: Frame;
  /** Characters inside the panel's border. */
  size: { width: number; height: number };
  /** Frame-to-frame token growth of the active window (for sources without activity). */
  history: WindowHistory;
  /** True in the compact layout (below 100x30). */
  compact: boolean;
}

/** A panel's widget on screen. */
export interface PanelWidget<V> {
  /** Draws a new view (the dashboard calls it only when the view changed). */
  update(view: V): void;
  destroy(): void;
  /** Takes the keyboard (the recent-windows table scrolls with the arrow keys). */
  focus?(): void;
  /**
   * The one blessed element the widget is, when it can be drawn on its own (a line of text):
   * a tick that changes only such widgets redraws just their rows.
   */
  line?: BlessedLine;
}

/** A blessed element that can render itself alone, on `rows` rows from `top`. */
export interface BlessedLine {
  render(): void;
}

/** One panel: its label, pure view and widget factory. */
export interface Panel<V> {
  /** Stable name, used by the layout table and tests. */
  id: string;
  /** Whether the widget draws a border (its view then gets the size inside it). */
  bordered: boolean;
  view(input: PanelInput): V;
  create(screen: BlessedScreen, cell: Cell, color: boolean): PanelWidget<V>;
}

/** A gauge as plain data: one row of a gauge list. */
export interface GaugeRow {
  label: string;
  /** 0-100, clamped for drawing. */
  percent: number;
  level: Level;
  /** `45%`. */
  text: string;
  /** Short facts after the percentage: `365.0k / 810.0k`. */
  trailer: string;
}

/** Width of the label column of a gauge list (the longest label plus a space). */
export function gaugeLabelWidth(rows: readonly GaugeRow[]): number {
  const longest = Math.max(0, ...rows.map((r) => [...r.label].length));
  return longest > 0 ? longest + 1 : 0;
}

/** Width of the trailer column of a gauge list. */
export function gaugeTrailerWidth(rows: readonly GaugeRow[]): number {
  return Math.max(0, ...rows.map((r) => [...r.trailer].length));
}

/**
 * Whether gauge rows `width` characters wide have room for their trailers beside a bar of at
 * least 8 characters (the percentage takes 5): eight cells still show a quarter as two.
 */
export function gaugeTrailersFit(rows: readonly GaugeRow[], width: number): boolean {
  return width - gaugeLabelWidth(rows) - 5 - gaugeTrailerWidth(rows) - 2 >= 8;
}

/** A labelled line of a text panel; `level` colours the value. */
export interface LineView {
  label: string;
  value: string;
  level?: Level;
}

/**
 * A gauge row for `percent` (not finite reads 0; above 100 draws full but says the truth).
 *
 * @example
 * ```ts
 * gaugeRow("Tokens", 45.1, "365.0k / 810.0k"); // { percent: 45.1, level: "green", text: "45%", ... }
 * ```
 */
export function gaugeRow(
  label: string,
  percent: number,
  trailer: string,
  levels: ColourLevels = DEFAULT_LEVELS,
): GaugeRow {
  const safe = Number.isFinite(percent) ? Math.max(0, percent) : 0;
  return {
    label,
    // Tenths are finer than any bar can show; the raw value (the period's share of elapsed time)
    // changes every second and would redraw the whole screen once a second for nothing.
    percent: Math.round(Math.min(100, safe) * 10) / 10,
    level: levelOf(safe, levels),
    text: formatPercent(safe),
    trailer,
  };
}

/** The border, label and colours every boxed panel shares. */
export function boxed(cell: Cell, label: string, color: boolean): Options {
  return {
    ...cell,
    label: labelFor(label, cell),
    tags: true,
    border: { type: "line" },
    style: color
      ? { border: { fg: "cyan" }, label: { fg: "cyan", bold: true } }
      : { border: {}, label: {} },
  };
}

/**
 * A border label that fits the cell: ` text `, cut so it stays on the border (blessed wraps a
 * label longer than the box width minus its corners and offsets into the panel's first line).
 */
export function labelFor(text: string, cell: Cell): string {
  return ` ${cut(text, Math.max(0, cell.width - 6))} `;
}

/** Inner size of a boxed cell. */
export function innerSize(cell: Cell): { width: number; height: number } {
  return { width: Math.max(0, cell.width - 2), height: Math.max(0, cell.height - 2) };
}
