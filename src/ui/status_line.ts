/** The status line: data source, its age and problems, the notifier's state, and the keys. */

import { formatAge, formatFallback } from "../core/format.ts";
import type { Frame } from "../ports.ts";
import type { Level } from "./level.ts";
import { sanitize, type Segment, tagLine, textWidth } from "./text.ts";
import { textLinePanel } from "./text_line_panel.ts";

/** A piece of the status line. */
export interface StatusPart {
  text: string;
  level?: Level;
}

/** What the status line shows. */
export interface StatusView {
  parts: StatusPart[];
  keys: string;
}

/** Source facts other than the ones shown by name, e.g. unreadable files or a fallback reason. */
function otherSourceProblems(source: Record<string, unknown>): StatusPart[] {
  const known = new Set([
    "kind",
    "ok",
    "error",
    "updatedAt",
    "skippedLines",
    "files",
    "unpricedModels",
    "fallbackReason",
    "unreadableFiles",
  ]);
  const parts: StatusPart[] = [];
  for (const [key, value] of Object.entries(source)) {
    if (known.has(key) || value === null || value === undefined || value === 0) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    // camelCase key to words: "unreadableFiles" reads "unreadable files".
    const name = key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
    const shown = Array.isArray(value) ? String(value.length) : String(value);
    parts.push({ text: `${name}: ${shown}`, level: "yellow" });
  }
  return parts;
}

/**
 * The view of the status line.
 *
 * @example
 * ```ts
 * statusView(frame).parts.map((p) => p.text); // ["native · updated 12s ago", "notify: notify-send"]
 * ```
 */
export function statusView(frame: Frame): StatusView {
  const source = frame.snapshot.source;
  const parts: StatusPart[] = [];
  const age = source.updatedAt
    ? `updated ${formatAge(Math.max(0, frame.now - source.updatedAt))}`
    : source.error
    ? "no data yet"
    : "loading…";
  parts.push({ text: `${source.kind} · ${age}` });
  if (source.error) parts.push({ text: `error: ${source.error}`, level: "red" });
  if (source.fallbackReason !== undefined) {
    parts.push({ text: formatFallback(source.fallbackReason), level: "yellow" });
  }
  const last = frame.notifications.at(-1);
  // A failed notification comes before the lesser problems, so it shows at any width.
  if (frame.notifierBackend && last && last.error !== null) {
    parts.push({ text: `notify: failed (${last.error})`, level: "red" });
  }
  if (source.skippedLines) {
    const s = source.skippedLines === 1 ? "line" : "lines";
    parts.push({ text: `${source.skippedLines} skipped ${s}`, level: "yellow" });
  }
  if (source.unpricedModels && source.unpricedModels.length > 0) {
    parts.push({ text: `unpriced: ${source.unpricedModels.join(", ")}`, level: "yellow" });
  }
  const unreadable = source.unreadableFiles ?? [];
  if (unreadable.length > 0) {
    // Named (by file name; the full paths are in `--once`), so the user knows what to fix.
    const names = unreadable.map((path) => path.split(/[\\/]/).pop() ?? path);
    const count = unreadable.length === 1 ? "" : ` ${unreadable.length} files`;
    parts.push({ text: `cannot read${count}: ${names.join(", ")}`, level: "yellow" });
  }
  parts.push(...otherSourceProblems(source as unknown as Record<string, unknown>));
  if (!frame.notifierBackend) parts.push({ text: "no notifier (bell)" });
  else if (!last || last.error === null) parts.push({ text: `notify: ${frame.notifierBackend}` });
  return { parts, keys: "r refresh · q quit" };
}

/** The status line as one tagged line of `width` characters, keys kept at the right. */
export function statusText(view: StatusView, width: number, color: boolean): string {
  const full = view.parts.reduce((n, p, i) => n + textWidth(p.text) + (i > 0 ? 3 : 0), 0);
  // A narrow line keeps the facts whole and names only the quit key.
  if (full + textWidth(view.keys) + 1 > width && view.keys.includes(" · ")) {
    return statusText({ ...view, keys: view.keys.split(" · ").at(-1)! }, width, color);
  }
  const keyWidth = textWidth(view.keys);
  const room = width - keyWidth - 1;
  if (room < 10) return tagLine([{ text: view.keys }], width, color);
  const segments: Segment[] = [];
  view.parts.forEach((part, i) => {
    if (i > 0) segments.push({ text: " │ " });
    // Sanitized here already, so the measured width is the drawn width.
    segments.push({ text: sanitize(part.text), level: part.level });
  });
  const used = segments.reduce((n, s) => n + textWidth(s.text), 0);
  const left = tagLine(segments, room, color);
  const gap = Math.max(1, width - Math.min(used, room) - keyWidth);
  return left + " ".repeat(gap) + tagLine([{ text: view.keys, bold: true }], keyWidth, color);
}

/** The status line (no border; the layout gives it the last row). */
export const statusLine = textLinePanel("status", ({ frame }) => statusView(frame), statusText);
