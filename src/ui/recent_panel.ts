/** The recent-windows panel: a blessed-contrib table, scrollable with the arrow keys. */

import { formatDuration, formatTokens, formatUsd, shortModel } from "../core/format.ts";
import { localDayHm } from "../core/zoned_time.ts";
import type { Block } from "../core/types.ts";
import type { Frame } from "../ports.ts";
import { widgets } from "./blessed_types.ts";
import { isRealBlock } from "./frame_facts.ts";
import { boxed, type Panel } from "./panel.ts";
import { sanitize } from "./text.ts";

/** A row of the recent-windows table. */
export interface RecentRow {
  start: string;
  duration: string;
  tokens: string;
  cost: string;
  models: string;
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

/** Column widths: start (with the active marker), duration, tokens, cost; then models. */
const WIDTHS = [13, 7, 7, 7];

/** The recent-windows panel. */
export const recentPanel: Panel<RecentView> = {
  id: "recent",
  bordered: true,
  view: ({ frame }) => recentView(frame),
  create(screen, cell, color) {
    // The list inside the table is the cell width - 3, and an item as long as the list wraps
    // out of sight; each column takes its width + 1.
    const room = cell.width - 4;
    const used = WIDTHS.reduce((a, b) => a + b + 1, 0);
    // Models only when at least 7 characters of them fit; the numbers come first.
    const widths = room - used >= 8 ? [...WIDTHS, room - used - 1] : WIDTHS;
    const table = widgets.table({
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
    return {
      update(view) {
        const columns = widths.length;
        const data = view.rows.map((r) =>
          [
            (r.active ? "● " : "  ") + r.start,
            r.duration.padStart(widths[1]!),
            r.tokens.padStart(widths[2]!),
            r.cost.padStart(widths[3]!),
            sanitize(r.models),
          ].slice(0, columns)
        );
        const headers = [
          "  Start",
          "Length".padStart(widths[1]!),
          "Tokens".padStart(widths[2]!),
          "Cost".padStart(widths[3]!),
          "Models",
        ].slice(0, columns);
        table.setData({
          headers,
          data: data.length > 0 ? data : [["  None yet", ...headers.slice(1).map(() => "")]],
        });
      },
      focus: () => table.focus(),
      destroy: () => table.destroy(),
    };
  },
};
