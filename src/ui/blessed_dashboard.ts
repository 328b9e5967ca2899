/**
 * The terminal dashboard: the screen, the layout table, keys and resize. Each panel (one
 * module each) owns its pure view and its blessed-contrib widget; this module places them and
 * feeds them one frame at a time.
 */

import type { Frame, Renderer } from "../ports.ts";
import { type BlessedScreen, box, screenFactory, withoutTmuxProbe } from "./blessed_types.ts";
import { type Cell, chooseLayout, gridCell, type LayoutKind, tooSmallText } from "./layout.ts";
import { innerSize, type Panel, type PanelWidget } from "./panel.ts";
import { emptyHistory, trackWindowTokens, type WindowHistory } from "./window_history.ts";
import { escapeTags, textWidth } from "./text.ts";
import { headerLine } from "./header_line.ts";
import { statusLine } from "./status_line.ts";
import { windowPanel } from "./window_panel.ts";
import { periodPanel } from "./period_panel.ts";
import { activityPanel } from "./activity_panel.ts";
import { windowChartPanel } from "./window_chart_panel.ts";
import { costPerDayPanel } from "./cost_per_day_panel.ts";
import { windowsPerDayPanel } from "./windows_per_day_panel.ts";
import { recentPanel } from "./recent_panel.ts";
import { alertsPanel } from "./alerts_panel.ts";
import { weeklyPanel } from "./weekly_panel.ts";

/** Options of the blessed renderer. */
export interface BlessedRendererOptions {
  /** Called when the user presses `r`. */
  onRefresh: () => void;
  /** Called on `q`, Escape or Ctrl-C; the caller then destroys the renderer and exits. */
  onQuit: () => void;
  /** Defaults to process.stdin (tests pass an in-memory stream). */
  input?: NodeJS.ReadableStream;
  /** Defaults to process.stdout (tests pass an in-memory stream with columns and rows). */
  output?: NodeJS.WritableStream;
  /** Terminal type for blessed's terminfo lookup (default: $TERM). */
  terminal?: string;
}

/** The renderer, plus read-outs for tests and diagnostics. */
export interface BlessedRenderer extends Renderer {
  /** The layout in use. */
  readonly layout: LayoutKind;
  /** The screen as plain text lines, as last drawn. */
  screenLines(): string[];
  /** How many times the screen was drawn (one per frame, plus resizes). */
  readonly draws: number;
  /** Where each panel is, by panel id (for tests). */
  cells(): Record<string, Cell>;
}

// deno-lint-ignore no-explicit-any
type AnyPanel = Panel<any>;

/** A panel's place on the 12x12 grid of the full layout. */
interface GridPlace {
  panel: AnyPanel;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

/**
 * The full layout (from 100x30), gtop style: a 12x12 grid between the header and status
 * lines, placed in whole characters. Adding a panel is its module plus one row here; the
 * window panel lists official-limit gauges first, so they take its first gauge rows.
 */
const FULL: GridPlace[] = [
  // Five rows for the window panel: official gauges, the estimate and time, and their lines.
  { panel: windowPanel, row: 0, col: 0, rowSpan: 5, colSpan: 7 },
  // The period's numbers fit three rows; the alerts log takes the two under them.
  { panel: periodPanel, row: 0, col: 7, rowSpan: 3, colSpan: 5 },
  { panel: alertsPanel, row: 3, col: 7, rowSpan: 2, colSpan: 5 },
  { panel: activityPanel, row: 5, col: 0, rowSpan: 3, colSpan: 3 },
  { panel: windowChartPanel, row: 5, col: 3, rowSpan: 3, colSpan: 4 },
  { panel: costPerDayPanel, row: 5, col: 7, rowSpan: 3, colSpan: 5 },
  // The week needs its totals and per-model lines legible, the table its models column.
  { panel: windowsPerDayPanel, row: 8, col: 0, rowSpan: 4, colSpan: 2 },
  { panel: weeklyPanel, row: 8, col: 2, rowSpan: 4, colSpan: 4 },
  { panel: recentPanel, row: 8, col: 6, rowSpan: 4, colSpan: 6 },
];

/** The compact layout (below 100x30): panels stacked full width, activity and week side by side. */
function compactLayout(cols: number, rows: number): Array<[AnyPanel, Cell]> {
  const space = rows - 2;
  // The two key panels first; then the activity sparklines and the week's bar chart side by
  // side when one sparkline series (4 rows) or two (7 rows) fit; what is left grows the period
  // panel, then the window panel, so no line stays blank.
  let window = Math.min(11, Math.max(6, Math.floor(space * 0.45)));
  let period = 4;
  let free = space - window - period;
  const rest = free >= 7 ? 7 : free >= 4 ? 4 : 0;
  free -= rest;
  const grow = Math.min(Math.max(0, free), 4);
  period += grow;
  window += free - grow;
  const out: Array<[AnyPanel, Cell]> = [
    [windowPanel, { top: 1, left: 0, width: cols, height: window }],
    [periodPanel, { top: 1 + window, left: 0, width: cols, height: period }],
  ];
  if (rest > 0) {
    const top = 1 + window + period;
    const half = Math.round(cols / 2);
    out.push([activityPanel, { top, left: 0, width: half, height: rest }]);
    out.push([weeklyPanel, { top, left: half, width: cols - half, height: rest }]);
  }
  return out;
}

/** Every panel of a layout at its cell, header and status lines included. */
function placements(kind: LayoutKind, cols: number, rows: number): Array<[AnyPanel, Cell]> {
  if (kind === "tiny") return [];
  const lines: Array<[AnyPanel, Cell]> = [
    [headerLine, { top: 0, left: 0, width: cols, height: 1 }],
    [statusLine, { top: rows - 1, left: 0, width: cols, height: 1 }],
  ];
  if (kind === "compact") return [...lines, ...compactLayout(cols, rows)];
  return [
    ...lines,
    ...FULL.map((p): [AnyPanel, Cell] => {
      const cell = gridCell(p, cols, rows - 2);
      return [p.panel, { ...cell, top: cell.top + 1 }];
    }),
  ];
}

interface Placed {
  panel: AnyPanel;
  cell: Cell;
  widget: PanelWidget<unknown>;
  shown: string | null;
}

/**
 * Creates the blessed dashboard on the terminal (or the given streams) and binds its keys.
 *
 * @example
 * ```ts
 * const renderer = createBlessedRenderer({ onRefresh, onQuit });
 * renderer.render(frame);
 * renderer.destroy();
 * ```
 */
export function createBlessedRenderer(options: BlessedRendererOptions): BlessedRenderer {
  const screen = withoutTmuxProbe(() =>
    screenFactory({
      ...(options.input ? { input: options.input } : {}),
      ...(options.output ? { output: options.output } : {}),
      ...(options.terminal ? { terminal: options.terminal } : {}),
      smartCSR: true,
      forceUnicode: true,
      autoPadding: true,
      warnings: false,
      title: "Claude Monitor",
    })
  ) as BlessedScreen;
  // Without this blessed draws borders with DEC line-drawing escapes, which some terminals and
  // every screen capture show as "lqqk"; Unicode box characters work everywhere UTF-8 does.
  screen.tput.brokenACS = true;
  screen.tput.unicode = true;

  let history: WindowHistory = emptyHistory();
  let frame: Frame | null = null;
  let placed: Placed[] = [];
  /** The widgets were just (re)created: the next draw renders the whole screen. */
  let rebuilt = false;
  let tooSmall: { destroy(): void } | null = null;
  let built: string | null = null;
  let destroyed = false;
  let draws = 0;

  // A repaint from scratch heals the screen when something else wrote to the terminal.
  const repaint = () => {
    if (destroyed) return;
    screen.realloc();
    screen.render();
  };
  screen.key(["r"], () => {
    repaint();
    options.onRefresh();
  });
  screen.key(["C-l"], repaint);
  screen.key(["q", "escape", "C-c"], () => options.onQuit());

  function teardown(): void {
    for (const p of placed) p.widget.destroy();
    placed = [];
    tooSmall?.destroy();
    tooSmall = null;
    built = null;
  }

  /** (Re)creates the widgets when the size, layout or colours changed. */
  function build(color: boolean): void {
    const kind = chooseLayout(screen.cols, screen.rows);
    const key = `${kind}|${screen.cols}x${screen.rows}|${color}`;
    if (built === key) return;
    teardown();
    built = key;
    rebuilt = true;
    if (kind === "tiny") {
      const text = tooSmallText(screen.cols, screen.rows);
      const left = Math.max(0, Math.floor((screen.cols - textWidth(text)) / 2));
      tooSmall = box({
        parent: screen,
        top: Math.max(0, Math.floor((screen.rows - 1) / 2)),
        left,
        width: Math.min(screen.cols, textWidth(text)),
        height: 1,
        tags: true,
        content: escapeTags(text),
      });
      return;
    }
    placed = placements(kind, screen.cols, screen.rows).map(([panel, cell]) => ({
      panel,
      cell,
      widget: panel.create(screen, cell, color) as PanelWidget<unknown>,
      shown: null,
    }));
    // The recent-windows table takes the keyboard so the arrow keys scroll it.
    placed.find((p) => p.widget.focus)?.widget.focus?.();
  }

  function draw(): void {
    if (destroyed || !frame) return;
    const f = frame;
    build(f.settings.color);
    const compact = chooseLayout(screen.cols, screen.rows) === "compact";
    const fresh = rebuilt || placed.some((p) => p.shown === null);
    rebuilt = false;
    const changed: Placed[] = [];
    for (const p of placed) {
      const size = p.panel.bordered ? innerSize(p.cell) : { width: p.cell.width, height: 1 };
      const view = p.panel.view({ frame: f, size, history, compact });
      // Unchanged views are not drawn again: most panels change once a minute or a refresh.
      const key = JSON.stringify(view);
      if (key === p.shown) continue;
      p.shown = key;
      p.widget.update(view);
      changed.push(p);
    }
    draws++;
    if (!fresh && changed.length > 0 && changed.every((p) => p.widget.line !== undefined)) {
      // Only lines of text changed (the clock, "updated 3s ago"): blessed's screen.render()
      // would walk every widget, tables and canvases included, once a second for a few
      // characters. Rendering those elements alone and drawing their rows gives the same screen
      // (panels never overlap) at a fraction of the idle CPU.
      for (const p of changed) p.widget.line!.render();
      const top = Math.min(...changed.map((p) => p.cell.top));
      const bottom = Math.max(...changed.map((p) => p.cell.top + p.cell.height - 1));
      screen.draw(top, bottom);
      return;
    }
    if (changed.length === 0 && !fresh) return;
    screen.render();
  }

  screen.on("resize", () => {
    // Widgets are placed in whole characters and canvases size themselves on creation: rebuild.
    teardown();
    draw();
  });

  return {
    get layout(): LayoutKind {
      return chooseLayout(screen.cols, screen.rows);
    },
    get draws(): number {
      return draws;
    },
    cells(): Record<string, Cell> {
      return Object.fromEntries(placed.map((p) => [p.panel.id, p.cell]));
    },
    render(next: Frame): void {
      if (destroyed) return;
      const w = next.snapshot.window;
      history = trackWindowTokens(
        history,
        w
          ? {
            id: w.id,
            start: w.startTime,
            lastActivity: w.lastActivity,
            total: w.tokens.total,
          }
          : null,
        next.now,
      );
      frame = next;
      draw();
    },
    screenLines(): string[] {
      return screen.lines.map((row) => row.map((cell) => cell[1]).join(""));
    },
    destroy(): void {
      if (destroyed) return;
      destroyed = true;
      screen.destroy();
    },
  };
}
