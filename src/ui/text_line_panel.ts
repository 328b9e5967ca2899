/** The shape both one-line panels share (the header and the status line). */

import { box } from "./blessed_types.ts";
import type { BlessedLine, Panel, PanelInput } from "./panel.ts";

/**
 * A borderless panel that is one line of tagged text: `text` turns each view into the line for
 * the cell's width, and the line can be rendered on its own (see `PanelWidget.line`).
 *
 * @example
 * ```ts
 * const panel = textLinePanel("header", ({ frame }) => headerView(frame), headerText);
 * ```
 */
export function textLinePanel<V>(
  id: string,
  view: (input: PanelInput) => V,
  text: (view: V, width: number, color: boolean) => string,
): Panel<V> {
  return {
    id,
    bordered: false,
    view,
    create(screen, cell, color) {
      const line = box({ parent: screen, ...cell, tags: true, wrap: false });
      return {
        update: (v) => line.setContent(text(v, cell.width, color)),
        destroy: () => line.destroy(),
        line: line as unknown as BlessedLine,
      };
    },
  };
}
