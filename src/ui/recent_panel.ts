/** The recent-windows panel: a blessed-contrib table, scrollable with the arrow keys. */

import { formatDuration, formatTokens, formatUsd, shortModel } from "../core/format.ts";
import { localDayHm } from "../core/zoned_time.ts";
import type { Block } from "../core/types.ts";
import type { Frame } from "../ports.ts";
import { widgets } from "./blessed_types.ts";
import { isRealBlock } from "./frame_facts.ts";
import { boxed, type Panel } from "./panel.ts";
import { sanitize, textWidth } from "./text.ts";

/** A row of the recent-windows table. */
export interface RecentRow {
  start: string;
  duration: string;
  tokens: string;
  cost: string;
  models: string;
  /** Model families only ("opus, haiku"), for a narrow models column. */
  families: string;
  active: boolean;
}

/** What the recent-windows table shows, newest first. */
export interface RecentView {
  rows: RecentRow[];
}

const cache = new WeakMap<readonly Block[], { key: string; value: RecentRow[] }>();

function computeRows(frame: Frame): RecentRow[] {
  const tz = frame.settings.timeZone;
  return frame.blocks
    .filter(isRealBlock)
    .sort((a, b) => b.startTime - a.startTime)
    .slice(0, 50)
    .map((block) => {
      const start = block.startTime;
      const active = block.isActive && block.endTime > frame.now;
      const last = active ? frame.now : block.actualEndTime ?? block.endTime;
      return {
        // Month-day and time: the weekday would push the cost out of a 100-column layout.
        start: localDayHm(start, tz).replace(/^\S+ /, ""),
        duration: formatDuration(last - start),
        tokens: formatTokens(block.totalTokens),
        cost: formatUsd(block.costUSD),
        models: block.models.map(shortModel).join(", "),
        families: [...new Set(block.models.map(modelFamily))].join(", "),
        active,
      };
    });
}

/**
 * The view of the recent-windows table (the 50 newest windows).
 *
 * @example
 * ```ts
 * recentView(frame).rows[0]; // { start: "11-25 09:00", tokens: "365.0k", active: true, ... }
 * ```
 */
export function recentView(frame: Frame): RecentView {
  // Durations change once a minute; the rows are kept per blocks array and minute.
  const key = `${Math.floor(frame.now / 60_000)}|${frame.settings.timeZone}`;
  let cached = cache.get(frame.blocks);
  if (cached?.key !== key) {
    cached = { key, value: computeRows(frame) };
    cache.set(frame.blocks, cached);
  }
  return { rows: cached.value };
}

/** `claude-opus-4-5-20251101` → `opus`; a name without a known family stays short-named. */
function modelFamily(model: string): string {
  return /(opus|sonnet|haiku)/.exec(model)?.[1] ?? shortModel(model);
}

/** Column widths: start (with the active marker), duration, tokens, cost; then models. */
const WIDTHS = [13, 7, 7, 7];
const LENGTH = 1;

/**
 * The table's columns for a list `room` characters wide and the longest model texts: every
 * column with the whole models when they fit; else their families; else without the length
 * column, which the window's start and the next window's already bound.
 */
export function recentColumns(
  room: number,
  longest: { models: number; families: number },
): { columns: number[]; widths: number[]; models: "models" | "families" } {
  const all = [0, 1, 2, 3];
  const width = (cols: number[]) => cols.reduce((a, c) => a + WIDTHS[c]! + 1, 0);
  const fits = (cols: number[], need: number) => room - width(cols) - 1 >= need;
  const pick = (cols: number[], models: "models" | "families") => ({
    columns: [...cols, 4],
    widths: [...cols.map((c) => WIDTHS[c]!), Math.max(1, room - width(cols) - 1)],
    models,
  });
  if (fits(all, longest.models)) return pick(all, "models");
  if (fits(all, longest.families)) return pick(all, "families");
  const short = all.filter((c) => c !== LENGTH);
  if (fits(short, longest.families)) return pick(short, "families");
  return room - width(all) - 1 >= 8 ? pick(all, "families") : pick(short, "families");
}

/** The recent-windows panel. */
export const recentPanel: Panel<RecentView> = {
  id: "recent",
  bordered: true,
  view: ({ frame }) => recentView(frame),
  create(screen, cell, color) {
    // The list inside the table is the cell width - 3, and an item as long as the list wraps
    // out of sight; each column takes its width + 1.
    const room = cell.width - 4;
    let table: ReturnType<typeof widgets.table> | null = null;
    let layout = "";
    /** The table is made for its columns, which depend on the longest models shown. */
    const build = (widths: number[]) => {
      table?.destroy();
      table = widgets.table({
        parent: screen,
        ...boxed(cell, "Recent windows", color),
        keys: true,
        interactive: true,
        // blessed-contrib pads each cell with columnSpacing - 1 spaces.
        columnSpacing: 2,
        columnWidth: widths,
        fg: color ? "white" : "default",
        selectedFg: color ? "black" : "default",
        selectedBg: color ? "cyan" : "default",
      });
      // Without colours the selected row still shows: in reverse video.
      if (!color) {
        (table.rows as unknown as { style: { selected: Record<string, unknown> } }).style.selected
          .inverse = true;
      }
      table.focus();
    };
    return {
      update(view) {
        const longest = {
          models: Math.max(6, ...view.rows.map((r) => textWidth(r.models))),
          families: Math.max(6, ...view.rows.map((r) => textWidth(r.families))),
        };
        const { columns, widths, models } = recentColumns(room, longest);
        if (layout !== JSON.stringify(widths) || table === null) {
          layout = JSON.stringify(widths);
          build(widths);
        }
        const w = (i: number) => widths[columns.indexOf(i)] ?? 0;
        const cells = (r: RecentRow) => [
          (r.active ? "● " : "  ") + r.start,
          r.duration.padStart(w(1)),
          r.tokens.padStart(w(2)),
          r.cost.padStart(w(3)),
          sanitize(models === "models" ? r.models : r.families),
        ];
        const headers = [
          "  Start",
          "Length".padStart(w(1)),
          "Tokens".padStart(w(2)),
          "Cost".padStart(w(3)),
          "Models",
        ];
        const pickCols = (row: string[]) => columns.map((c) => row[c]!);
        table!.setData({
          headers: pickCols(headers),
          data: view.rows.length > 0
            ? view.rows.map((r) => pickCols(cells(r)))
            : [["  None yet", ...columns.slice(1).map(() => "")]],
        });
      },
      focus: () => table?.focus(),
      destroy: () => table?.destroy(),
    };
  },
};
