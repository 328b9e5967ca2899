/**
 * The few members of blessed and blessed-contrib objects our code touches (neither ships types
 * that Deno can use), plus the two factories typed once.
 */

import process from "node:process";
import blessed from "blessed";
import contrib from "blessed-contrib";

/** A blessed node (box, list, canvas). */
export interface BlessedNode {
  width: number;
  height: number;
  iwidth: number;
  iheight: number;
  setContent(text: string): void;
  setLabel(text: string): void;
  append(node: BlessedNode): void;
  destroy(): void;
  focus(): void;
}

/** The blessed screen. */
export interface BlessedScreen extends BlessedNode {
  cols: number;
  rows: number;
  lines: Array<Array<[number, string]>>;
  tput: { brokenACS: boolean; unicode: boolean };
  key(keys: string[], handler: () => void): void;
  on(event: string, handler: () => void): void;
  render(): void;
  /** Writes the rows from `start` to `end` that changed since they were last drawn. */
  draw(start: number, end: number): void;
  realloc(): void;
}

/** The drawing context of a blessed-contrib canvas widget (ansi-term or drawille). */
export interface CanvasContext {
  /** A basic colour name, "normal", or a 256-colour index. */
  strokeStyle: string | number;
  fillStyle: string | number;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  _canvas: { frame(delimiter?: string): string };
}

/** A blessed-contrib canvas widget (gauge list, bar, line). */
export interface CanvasWidget extends BlessedNode {
  ctx: CanvasContext;
  canvasSize: { width: number; height: number };
  options: Record<string, unknown>;
}

/** Options of any widget: blessed's option objects are untyped. */
export type Options = Record<string, unknown>;

type Factory<T> = (options: Options) => T;

/** blessed's box factory. */
export const box = blessed.box as Factory<BlessedNode>;
/** The blessed-contrib widget factories we use. */
export const widgets = contrib as unknown as {
  gaugeList: Factory<CanvasWidget>;
  bar: Factory<CanvasWidget>;
  line: Factory<CanvasWidget>;
  sparkline: Factory<BlessedNode & { setData(titles: string[], data: number[][]): void }>;
  table: Factory<
    BlessedNode & {
      rows: BlessedNode & { selected: number; select(i: number): void };
      setData(data: { headers: string[]; data: string[][] }): void;
    }
  >;
  log: Factory<
    BlessedNode & {
      logLines: string[];
      setItems(items: string[]): void;
      scrollTo(i: number): void;
    }
  >;
};
/** blessed's screen factory. */
export const screenFactory = blessed.screen as Factory<BlessedScreen>;

/**
 * Runs `make` with $TMUX hidden: under tmux blessed runs `tmux -V` to learn the version, which
 * the binary has no permission for (Deno would stop and prompt); it only needs it for cursor
 * shape escapes that the dashboard never uses.
 */
export function withoutTmuxProbe<T>(make: () => T): T {
  const tmux = process.env.TMUX;
  if (tmux === undefined) return make();
  delete process.env.TMUX;
  try {
    return make();
  } finally {
    process.env.TMUX = tmux;
  }
}
