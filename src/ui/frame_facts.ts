/** Facts about a frame that several panels share: whether data is loading, missing or ready. */

import type { Block } from "../core/types.ts";
import type { Frame } from "../ports.ts";

/** True for a window with usage (ccusage's gap blocks are not windows). */
export function isRealBlock(block: Block): boolean {
  return !block.isGap;
}

/** loading: no data yet; empty: no Claude data found; ready: data to show. */
export type DataMode = "loading" | "empty" | "ready";

/** Whether the frame has data to show. */
export function dataMode(frame: Frame): DataMode {
  const s = frame.snapshot;
  if (s.window || frame.blocks.some(isRealBlock)) return "ready";
  return !s.source.updatedAt && !s.source.error ? "loading" : "empty";
}

/** The empty state: where the source looked and how to point it elsewhere. */
export function emptyMessage(frame: Frame): string[] {
  // Sources that leave the search to ccusage report no directories: name its defaults.
  const dirs = frame.dataDirs.length > 0
    ? frame.dataDirs
    : ["~/.config/claude/projects (or $XDG_CONFIG_HOME/claude/projects)", "~/.claude/projects"];
  const lines = [
    "No Claude Code usage data found.",
    "",
    "Looked in:",
    ...dirs.map((d) => `  ${d}`),
    "",
    "Point it elsewhere with --claude-dir DIR or CLAUDE_CONFIG_DIR=DIR,",
    "or try the dashboard with --demo.",
  ];
  // The error comes last: the status line shows it too, and the hints matter more.
  const error = frame.snapshot.source.error;
  return error ? [...lines, "", `Last error: ${error}`] : lines;
}
