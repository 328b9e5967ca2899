/** The terminal dashboard: the only module that imports blessed; it places panels and draws text. */

import blessed from "blessed";
import process from "node:process";
import type { Frame, Renderer } from "../ports.ts";
import { chooseLayout, COMPACT_MIN, gridCell, type LayoutKind } from "./layout.ts";
import { panelText } from "./panel_text.ts";
import {
  buildDashboardView,
  type DashboardView,
  initialViewState,
  type ViewState,
} from "./view_model.ts";

/** Options of the blessed renderer. */
export interface BlessedRendererOptions {
  /** Called when the user presses `r`. */
  onRefresh: () => void;
  /** Called on `q`, Escape or Ctrl-C; the caller then destroys the renderer and exits. */
  onQuit: () => void;
  /** Draw without colours (NO_COLOR). */
  noColor: boolean;
  /** IANA zone for every clock time shown. */
  timeZone: string;
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
}

// blessed ships no types; these are the few members this module touches.
interface BlessedNode {
  width: number;
  height: number;
  iwidth: number;
  iheight: number;
  setContent(text: string): void;
  destroy(): void;
  detach(): void;
}
interface BlessedScreen extends BlessedNode {
  cols: number;
  rows: number;
  lines: Array<Array<[number, string]>>;
  tput: { brokenACS: boolean; unicode: boolean };
  program: { cols: number; rows: number; emit(event: string): void };
  key(keys: string[], handler: () => void): void;
  on(event: string, handler: () => void): void;
  append(node: BlessedNode): void;
  render(): void;
  realloc(): void;
}
type Factory = (options: Record<string, unknown>) => BlessedNode;

/** The panels of a layout; absent ones are not shown in it. */
interface Panels {
  kind: LayoutKind;
  header?: BlessedNode;
  window?: BlessedNode;
  period?: BlessedNode;
  activity?: BlessedNode;
  costPerDay?: BlessedNode;
  windowsPerDay?: BlessedNode;
  recent?: BlessedNode;
  alerts?: BlessedNode;
  status?: BlessedNode;
  tooSmall?: BlessedNode;
  /** Containers to destroy on re-layout. */
  roots: BlessedNode[];
}

/**
 * Runs `make` with $TMUX hidden: under tmux blessed runs `tmux -V` to learn the version, which
 * the binary has no permission for (Deno would stop and prompt); it only needs it for cursor
 * shape escapes that the dashboard never uses.
 */
function withoutTmuxProbe<T>(make: () => T): T {
  const tmux = process.env.TMUX;
  if (tmux === undefined) return make();
  delete process.env.TMUX;
  try {
    return make();
  } finally {
    process.env.TMUX = tmux;
  }
}

/**
 * Creates the blessed dashboard on the terminal (or the given streams) and binds its keys.
 *
 * @example
 * ```ts
 * const renderer = createBlessedRenderer({ onRefresh, onQuit, noColor: false, timeZone: "UTC" });
 * renderer.render(frame);
 * renderer.destroy();
 * ```
 */
export function createBlessedRenderer(options: BlessedRendererOptions): BlessedRenderer {
  const color = !options.noColor;
  const screen = withoutTmuxProbe(() =>
    blessed.screen({
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

  let state: ViewState = initialViewState();
  let view: DashboardView | null = null;
  let panels: Panels | null = null;
  let destroyed = false;
  let draws = 0;
  const shown = new Map<BlessedNode, string>();

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

  const box = blessed.box as Factory;
  const border = (label: string) => ({
    label: ` ${label} `,
    tags: true,
    // Lines are cut to width here; blessed's own wrapping mis-measures tagged lines that fill
    // the width exactly and pushes their last word onto a hidden next line.
    wrap: false,
    border: { type: "line" },
    padding: { left: 1, right: 1 },
    style: color ? { border: { fg: "cyan" }, label: { fg: "cyan", bold: true } } : {},
  });
  const plain = (opts: Record<string, unknown>) => box({ tags: true, wrap: false, ...opts });

  function buildFull(cols: number, rows: number): Panels {
    const header = plain({ parent: screen, top: 0, left: 0, width: "100%", height: 1 });
    const status = plain({ parent: screen, bottom: 0, left: 0, width: "100%", height: 1 });
    // The 12x12 grid of gtop, placed in whole characters between the header and status lines.
    const set = (row: number, col: number, rowSpan: number, colSpan: number, label: string) => {
      const cell = gridCell({ row, col, rowSpan, colSpan }, cols, rows - 2);
      return box({ parent: screen, ...cell, top: cell.top + 1, ...border(label) });
    };
    const panels: Panels = {
      kind: "full",
      header,
      status,
      window: set(0, 0, 5, 7, "Current window"),
      period: set(0, 7, 5, 5, "Billing period"),
      activity: set(5, 0, 3, 6, "Window activity"),
      costPerDay: set(5, 6, 3, 3, "Cost per day"),
      windowsPerDay: set(5, 9, 3, 3, "Windows per day"),
      recent: set(8, 0, 4, 8, "Recent windows"),
      alerts: set(8, 8, 4, 4, "Alerts"),
      roots: [],
    };
    panels.roots = [
      header,
      status,
      ...[panels.window, panels.period, panels.activity, panels.costPerDay, panels.windowsPerDay]
        .filter((n): n is BlessedNode => n !== undefined),
      ...[panels.recent, panels.alerts].filter((n): n is BlessedNode => n !== undefined),
    ];
    return panels;
  }

  function buildCompact(rows: number): Panels {
    const header = plain({ parent: screen, top: 0, left: 0, width: "100%", height: 1 });
    const status = plain({ parent: screen, bottom: 0, left: 0, width: "100%", height: 1 });
    const space = rows - 2;
    // The two key panels first; the activity chart only when at least 3 chart lines fit,
    // otherwise its space goes to the panels so no line stays blank.
    let windowHeight = Math.min(11, Math.max(6, Math.floor(space * 0.45)));
    let periodHeight = space - windowHeight >= 11 ? 6 : 4;
    let rest = space - windowHeight - periodHeight;
    if (rest < 5) {
      windowHeight += Math.ceil(rest / 2);
      periodHeight += Math.floor(rest / 2);
      rest = 0;
    }
    const window = box({
      parent: screen,
      top: 1,
      left: 0,
      width: "100%",
      height: windowHeight,
      ...border("Current window"),
    });
    const period = box({
      parent: screen,
      top: 1 + windowHeight,
      left: 0,
      width: "100%",
      height: periodHeight,
      ...border("Billing period"),
    });
    const panels: Panels = {
      kind: "compact",
      header,
      status,
      window,
      period,
      roots: [header, status, window, period],
    };
    if (rest >= 5) {
      panels.activity = box({
        parent: screen,
        top: 1 + windowHeight + periodHeight,
        left: 0,
        width: "100%",
        height: rest,
        ...border("Window activity"),
      });
      panels.roots.push(panels.activity);
    }
    return panels;
  }

  function buildTiny(): Panels {
    const tooSmall = plain({ parent: screen, top: 0, left: 0, width: "100%", height: "100%" });
    return { kind: "tiny", tooSmall, roots: [tooSmall] };
  }

  function relayout(): Panels {
    const kind = chooseLayout(screen.cols, screen.rows);
    if (panels && panels.kind === kind) return panels;
    if (panels) { for (const root of panels.roots) root.destroy(); }
    shown.clear();
    panels = kind === "full"
      ? buildFull(screen.cols, screen.rows)
      : kind === "compact"
      ? buildCompact(screen.rows)
      : buildTiny();
    return panels;
  }

  function inner(node: BlessedNode): { w: number; h: number } {
    return { w: Math.max(0, node.width - node.iwidth), h: Math.max(0, node.height - node.iheight) };
  }

  function put(node: BlessedNode | undefined, text: (w: number, h: number) => string): void {
    if (!node) return;
    const { w, h } = inner(node);
    const content = text(w, h);
    // Setting unchanged content would still mark the node dirty; skipping keeps redraws minimal.
    if (shown.get(node) === content) return;
    shown.set(node, content);
    node.setContent(content);
  }

  function draw(): void {
    if (destroyed) return;
    const p = relayout();
    if (p.kind === "tiny" || !view) {
      put(p.tooSmall, (w, h) => {
        const text = panelText.tooSmall(
          screen.cols,
          screen.rows,
          COMPACT_MIN.cols,
          COMPACT_MIN.rows,
        );
        const left = Math.max(0, Math.floor((w - [...text].length) / 2));
        return "\n".repeat(Math.max(0, Math.floor((h - 1) / 2))) + " ".repeat(left) +
          panelText.escapeTags(text);
      });
      if (view || p.kind === "tiny") {
        screen.render();
        draws++;
      }
      return;
    }
    const v = view;
    const compact = p.kind === "compact";
    put(p.header, (w) => panelText.header(v, w, color));
    put(p.status, (w) => panelText.status(v.status, v.keys, w, color));
    put(p.window, (w, h) => panelText.window(v, w, h, compact, color));
    put(p.period, (w, h) => panelText.period(v.period, w, h, compact, color));
    put(p.activity, (w, h) => panelText.series(v.activity, w, h, color));
    put(p.costPerDay, (w, h) => panelText.series(v.costPerDay, w, h, color));
    put(p.windowsPerDay, (w, h) => panelText.series(v.windowsPerDay, w, h, color));
    put(p.recent, (w, h) => panelText.recent(v.recent, w, h, color));
    put(p.alerts, (w, h) => panelText.alerts(v.alerts, w, h, color));
    screen.render();
    draws++;
  }

  screen.on("resize", () => {
    // Panels are placed in whole characters and their text depends on their size: rebuild.
    if (
      panels &&
      (panels.kind === "compact" || chooseLayout(screen.cols, screen.rows) !== panels.kind)
    ) {
      for (const root of panels.roots) root.destroy();
      panels = null;
    }
    shown.clear();
    draw();
  });

  return {
    get layout(): LayoutKind {
      return chooseLayout(screen.cols, screen.rows);
    },
    get draws(): number {
      return draws;
    },
    render(frame: Frame): void {
      if (destroyed) return;
      const built = buildDashboardView(frame, { timeZone: options.timeZone }, state);
      state = built.state;
      view = built.view;
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
