/** The dashboard on a fake terminal, for tests that read what blessed draws without a tty. */

import { PassThrough } from "node:stream";
import { type BlessedRenderer, createBlessedRenderer } from "../../../src/ui/blessed_dashboard.ts";
import type { Cell } from "../../../src/ui/layout.ts";

/** A fake terminal: an input stream to type into and an output stream with a size. */
export function fakeTerminal(cols: number, rows: number) {
  const input = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode(b: boolean): void };
  input.isTTY = true;
  input.setRawMode = () => {};
  const output = new PassThrough() as PassThrough & {
    isTTY: boolean;
    columns: number;
    rows: number;
  };
  output.isTTY = true;
  output.columns = cols;
  output.rows = rows;
  let written = "";
  output.on("data", (chunk: Uint8Array | string) => {
    written += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
  });
  return { input, output, written: () => written };
}

/** The dashboard on a `cols` x `rows` fake terminal, counting refresh and quit requests. */
export function openDashboard(cols: number, rows: number) {
  const term = fakeTerminal(cols, rows);
  const calls = { refresh: 0, quit: 0 };
  const renderer = createBlessedRenderer({
    onRefresh: () => calls.refresh++,
    onQuit: () => calls.quit++,
    input: term.input,
    output: term.output,
    terminal: "xterm-256color",
  });
  return { term, calls, renderer };
}

/** The characters inside a bordered cell, one string per line. */
export function inside(renderer: BlessedRenderer, cell: Cell): string[] {
  return renderer.screenLines().slice(cell.top + 1, cell.top + cell.height - 1)
    .map((line) => [...line].slice(cell.left + 1, cell.left + cell.width - 1).join(""));
}
