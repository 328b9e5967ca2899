/** A boxed panel of gauges (a blessed-contrib gauge list) above labelled text lines. */

import type { Cell } from "./layout.ts";
import { type BlessedNode, type BlessedScreen, box } from "./blessed_types.ts";
import { attachCanvas, createGaugeList, type GaugeListWidget } from "./canvas_widgets.ts";
import { boxed, type GaugeRow, type LineView } from "./panel.ts";
import { pad, tagLine, wrap } from "./text.ts";

/** What a gauge-and-text panel shows. */
export interface GaugeTextView {
  gauges: GaugeRow[];
  lines: LineView[];
  /** Shown instead of gauges and lines (loading, no data, no active window). */
  message: string[] | null;
}

const LABEL = 10;

/** The text lines of a view for `width` x `height` characters (tagged for blessed). */
export function gaugeTextLines(
  view: GaugeTextView,
  width: number,
  height: number,
  color: boolean,
): string[] {
  if (view.message) {
    let lines = view.message.flatMap((m) => wrap(m, width, 2));
    // Short panels drop the spacing lines before any words.
    if (lines.length > height) lines = lines.filter((m) => m.trim() !== "");
    return lines.map((m) => tagLine([{ text: m }], width, color)).slice(0, height);
  }
  const lines = view.lines.map((l) =>
    tagLine(
      [{ text: l.label ? pad(l.label, LABEL) : "" }, { text: l.value, level: l.level }],
      width,
      color,
    )
  );
  // A blank line under the gauges when everything fits with it.
  const spacer = view.gauges.length > 0 && height >= lines.length + 1 ? [""] : [];
  return [...spacer, ...lines].slice(0, Math.max(0, height));
}

/** Creates the panel's widgets in `cell`: a bordered box, its gauge list and its text. */
export function createGaugeText(
  screen: BlessedScreen,
  cell: Cell,
  label: string,
  color: boolean,
): { update(view: GaugeTextView): void; destroy(): void } {
  const frame = box({ parent: screen, ...boxed(cell, label, color) });
  const inner = { width: Math.max(0, cell.width - 2), height: Math.max(0, cell.height - 2) };
  let gauges: GaugeListWidget | null = null;
  let text: BlessedNode | null = null;
  let shown = -1;

  function rebuild(count: number): void {
    gauges?.destroy();
    text?.destroy();
    gauges = null;
    const rows = Math.min(count, inner.height);
    if (rows > 0) {
      // Padding of one column each side, as the text has.
      gauges = createGaugeList({
        // With several screens (tests), blessed needs the screen of an element appended later.
        screen,
        top: 0,
        left: 1,
        width: Math.max(1, inner.width - 2),
        height: rows,
      });
      attachCanvas(frame, gauges, color);
    }
    text = box({
      parent: frame,
      top: rows,
      left: 1,
      width: Math.max(0, inner.width - 2),
      height: Math.max(0, inner.height - rows),
      tags: true,
      // Lines are cut to width here; blessed's wrapping mis-measures tagged lines that fill
      // the width exactly and pushes their last word onto a hidden next line.
      wrap: false,
    });
    shown = count;
  }

  return {
    update(view: GaugeTextView): void {
      const count = view.message ? 0 : view.gauges.length;
      if (count !== shown) rebuild(count);
      if (gauges) gauges.setGauges(view.gauges.slice(0, inner.height));
      const rows = Math.min(count, inner.height);
      text?.setContent(
        gaugeTextLines(view, Math.max(0, inner.width - 2), inner.height - rows, color).join("\n"),
      );
    },
    destroy(): void {
      frame.destroy();
    },
  };
}
