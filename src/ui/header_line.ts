/** The header line: title, billing period and clock. */

import { datesBetween, localHms } from "../core/zoned_time.ts";
import type { Frame } from "../ports.ts";
import { tagLine, textWidth } from "./text.ts";
import { textLinePanel } from "./text_line_panel.ts";

/** What the header shows. */
export interface HeaderView {
  title: string;
  /** `Period 2026-11-15 → 2026-12-14`. */
  period: string;
  /** `11:45:53 Europe/Warsaw`. */
  clock: string;
}

/** The view of the header line. */
export function headerView(frame: Frame): HeaderView {
  const s = frame.snapshot;
  const tz = frame.settings.timeZone;
  const lastDay = datesBetween(s.period.start, s.period.end).at(-1) ?? s.period.end;
  return {
    title: "Claude Monitor",
    period: `Period ${s.period.start} → ${lastDay}`,
    clock: `${localHms(frame.now, tz)} ${tz}`,
  };
}

/** The header as one tagged line of `width` characters. */
export function headerText(view: HeaderView, width: number, color: boolean): string {
  const title = ` ${view.title}`;
  const right = `${view.period} │ ${view.clock} `;
  const gap = width - textWidth(title) - textWidth(right);
  if (gap < 1) {
    return tagLine([{ text: title, bold: true }, { text: "  " + view.clock }], width, color);
  }
  return tagLine([{ text: title, bold: true }], textWidth(title), color) + " ".repeat(gap) +
    tagLine([{ text: right }], textWidth(right), color);
}

/** The header line (no border; the layout gives it the first row). */
export const headerLine = textLinePanel("header", ({ frame }) => headerView(frame), headerText);
