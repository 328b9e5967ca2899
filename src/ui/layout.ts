/** Which layout fits a terminal size, and the refusal message when there is no terminal. */

/** The layouts the dashboard has. */
export type LayoutKind = "full" | "compact" | "tiny";

/** Smallest size of the full gridded layout. */
export const FULL_MIN = { cols: 100, rows: 30 } as const;
/** Smallest size of the compact layout; below it one line asks for a bigger terminal. */
export const COMPACT_MIN = { cols: 50, rows: 12 } as const;

/**
 * Picks the layout for a terminal of `cols` x `rows`.
 *
 * @example
 * ```ts
 * chooseLayout(120, 40); // "full"
 * chooseLayout(80, 24); // "compact"
 * chooseLayout(40, 10); // "tiny"
 * ```
 */
export function chooseLayout(cols: number, rows: number): LayoutKind {
  if (cols >= FULL_MIN.cols && rows >= FULL_MIN.rows) return "full";
  if (cols >= COMPACT_MIN.cols && rows >= COMPACT_MIN.rows) return "compact";
  return "tiny";
}

/**
 * The one-line refusal when the dashboard cannot run (no TTY), or null when it can.
 *
 * @example
 * ```ts
 * ttyRefusal(false); // "Cannot start the dashboard: stdout is not a terminal (use --once ...)"
 * ```
 */
export function ttyRefusal(stdoutIsTerminal: boolean, stdinIsTerminal = true): string | null {
  if (stdoutIsTerminal && stdinIsTerminal) return null;
  const which = stdoutIsTerminal ? "stdin" : "stdout";
  return `Cannot start the dashboard: ${which} is not a terminal (use --once for a text report or --once --json for JSON)`;
}

/** A panel's place in characters. */
export interface Cell {
  top: number;
  left: number;
  width: number;
  height: number;
}

/**
 * Places a panel on a 12x12 grid over an area of `width` x `height` characters, like
 * blessed-contrib's grid but in whole characters: each edge is rounded once, so neighbouring
 * panels share edges with no blank line or overlap between them at any size.
 *
 * @example
 * ```ts
 * gridCell({ row: 0, col: 0, rowSpan: 6, colSpan: 6 }, 120, 38); // { top: 0, left: 0, width: 60, height: 19 }
 * ```
 */
export function gridCell(
  place: { row: number; col: number; rowSpan: number; colSpan: number },
  width: number,
  height: number,
): Cell {
  const edge = (i: number, size: number) => Math.round((i * size) / 12);
  const top = edge(place.row, height);
  const left = edge(place.col, width);
  return {
    top,
    left,
    width: edge(place.col + place.colSpan, width) - left,
    height: edge(place.row + place.rowSpan, height) - top,
  };
}

/**
 * The one line shown below 50x12, as long as fits.
 *
 * @example
 * ```ts
 * tooSmallText(40, 10); // "Too small (40x10): need 50x12 · q quits"
 * ```
 */
export function tooSmallText(cols: number, rows: number): string {
  const size = `${cols}x${rows}`;
  const need = `${COMPACT_MIN.cols}x${COMPACT_MIN.rows}`;
  const candidates = [
    `Terminal too small (${size}): resize to at least ${need} · q quits`,
    `Too small (${size}): need ${need} · q quits`,
    `Too small: need ${need}`,
    `Need ${need}`,
  ];
  return candidates.find((c) => [...c].length <= cols) ?? candidates.at(-1)!;
}
