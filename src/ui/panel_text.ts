/** Turns the view model into the tagged text of each panel for a given size (pure). */

import type { Level } from "./level.ts";
import { sparkline } from "./sparkline.ts";
import type {
  DashboardView,
  GaugeView,
  LineView,
  PeriodView,
  RecentRow,
  SeriesView,
  StatusPart,
  WindowView,
} from "./view_model.ts";

/** A run of text with an optional colour level or emphasis. */
interface Segment {
  text: string;
  level?: Level | undefined;
  bold?: boolean;
}

/** Escapes blessed tag braces in text that comes from data (model names, errors, paths). */
function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (ch) => (ch === "{" ? "{open}" : "{close}"));
}

/**
 * Makes data text safe to draw: control characters (escape sequences, newlines) become spaces,
 * bidi overrides go, and characters outside the Basic Multilingual Plane (emoji), which
 * terminals draw two cells wide while blessed counts one, become "?" so borders stay put.
 */
function sanitize(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += " ";
    else if (
      (code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    ) continue;
    else if (code > 0xffff) out += "?";
    else out += ch;
  }
  return out;
}

/** Draws segments as one line of at most `width` visible characters. */
function line(segments: Segment[], width: number, color: boolean): string {
  let left = Math.max(0, width);
  let out = "";
  for (const segment of segments) {
    if (left <= 0) break;
    const chars = [...sanitize(segment.text)];
    let text = chars.slice(0, left).join("");
    if (chars.length > left && left > 0) text = chars.slice(0, left - 1).join("") + "…";
    left -= [...text].length;
    let tagged = escapeTags(text);
    if (color && segment.level) tagged = `{${segment.level}-fg}${tagged}{/${segment.level}-fg}`;
    if (segment.bold) tagged = `{bold}${tagged}{/bold}`;
    out += tagged;
  }
  return out;
}

/** Word-wraps `text` to `width`, indenting continuation lines by `indent`. */
function wrap(text: string, width: number, indent: number): string[] {
  if (width <= indent + 8 || [...text].length <= width) return [text];
  // Keep the line's own indentation on every piece, plus `indent` for continuations.
  const lead = /^ */.exec(text)?.[0] ?? "";
  const out: string[] = [];
  let current = lead;
  for (const word of text.slice(lead.length).split(" ")) {
    const candidate = current.trim() === "" ? current + word : `${current} ${word}`;
    if ([...candidate].length <= width || current.trim() === "") {
      current = candidate;
    } else {
      out.push(current);
      current = lead + " ".repeat(indent) + word;
    }
  }
  out.push(current);
  return out;
}

function pad(text: string, width: number): string {
  const length = [...text].length;
  return length >= width ? text : text + " ".repeat(width - length);
}

function padStart(text: string, width: number): string {
  const length = [...text].length;
  return length >= width ? text : " ".repeat(width - length) + text;
}

const LABEL = 10;

/** Whether gauges of `width` have room for a trailer of `trailerWidth` beside a usable bar. */
function trailerFits(width: number, trailerWidth: number): boolean {
  return width - (LABEL + 5) - trailerWidth - 2 >= 12;
}

/** A gauge line: label, bar, percentage and (when there is room) a short trailer. */
function gaugeLine(
  label: string,
  g: GaugeView,
  trailer: string,
  trailerWidth: number,
  width: number,
  color: boolean,
): string {
  const fixed = LABEL + 5;
  // Gauges of one panel share the trailer width so their bars line up.
  const withTrailer = width - fixed - trailerWidth - 2;
  const useTrailer = trailer !== "" && trailerFits(width, trailerWidth);
  const barWidth = Math.max(1, useTrailer ? withTrailer : width - fixed);
  const filled = Math.round((g.percent / 100) * barWidth);
  return line(
    [
      { text: pad(label, LABEL) },
      { text: "█".repeat(filled), level: g.level },
      { text: "░".repeat(barWidth - filled) },
      { text: " " + padStart(g.text, 4), level: g.level },
      ...(useTrailer ? [{ text: "  " + trailer, level: g.level }] : []),
    ],
    width,
    color,
  );
}

function labelled(l: LineView, width: number, color: boolean): string {
  return line([{ text: pad(l.label, LABEL) }, { text: l.value, level: l.level }], width, color);
}

/** Keeps the first `height` lines (the panels list the most important first). */
function fit(lines: string[], height: number): string {
  return lines.slice(0, Math.max(0, height)).join("\n");
}

function windowText(
  view: DashboardView,
  width: number,
  height: number,
  compact: boolean,
  color: boolean,
): string {
  if (view.mode !== "ready") {
    return fit(
      view.message.flatMap((m) => wrap(m, width, 2)).map((m) => line([{ text: m }], width, color)),
      height,
    );
  }
  const w: WindowView | null = view.window;
  if (!w) {
    return fit(
      view.waiting.flatMap((m) => wrap(m, width, 0)).map((m) => line([{ text: m }], width, color)),
      height,
    );
  }
  const trailers = Math.max(w.tokensShort.length, w.timeShort.length);
  const gauges = [
    gaugeLine("Tokens", w.tokens, w.tokensShort, trailers, width, color),
    gaugeLine("Time", w.time, w.timeShort, trailers, width, color),
  ];
  if (compact) {
    // No spacer, and no used/reset lines when the gauges' trailers already carry them.
    const skip = trailerFits(width, trailers) ? ["Used", "Resets"] : [];
    const rest = w.lines.filter((l) => !skip.includes(l.label));
    return fit([...gauges, ...rest.map((l) => labelled(l, width, color))], height);
  }
  const spacer = height >= gauges.length + w.lines.length + 1 ? [""] : [];
  return fit([...gauges, ...spacer, ...w.lines.map((l) => labelled(l, width, color))], height);
}

function periodText(
  p: PeriodView,
  width: number,
  height: number,
  compact: boolean,
  color: boolean,
): string {
  const trailers = Math.max(p.sessionsShort.length, p.elapsedShort.length);
  const gauges = [
    gaugeLine("Sessions", p.sessions, p.sessionsShort, trailers, width, color),
    gaugeLine("Period", p.elapsed, p.elapsedShort, trailers, width, color),
  ];
  if (compact) {
    const rest = p.lines.filter((l) => !["Sessions", "Per day", "Cost"].includes(l.label));
    return fit([
      ...gauges,
      line([{ text: p.compactLine }], width, color),
      ...rest.map((l) => labelled(l, width, color)),
    ], height);
  }
  const spacer = height >= gauges.length + p.lines.length + 1 ? [""] : [];
  return fit([...gauges, ...spacer, ...p.lines.map((l) => labelled(l, width, color))], height);
}

function seriesText(s: SeriesView, width: number, height: number, color: boolean): string {
  const title = line([{ text: s.title, bold: true }], width, color);
  if (s.note !== null) return fit([title, line([{ text: s.note }], width, color)], height);
  const chartHeight = Math.max(1, height - 2);
  const rows = sparkline(s.values, width, chartHeight).map((r) =>
    line([{ text: r, level: "green" }], width, color)
  );
  const gap = Math.max(1, width - [...s.from].length - [...s.to].length);
  const axis = line([{ text: s.from + " ".repeat(gap) + s.to }], width, color);
  return fit([title, ...rows, axis], height);
}

function recentText(
  rows: RecentRow[],
  width: number,
  height: number,
  color: boolean,
): string {
  const widths = [17, 9, 9, 10];
  const header = line(
    [{
      text: pad("Start", widths[0]!) + padStart("Duration", widths[1]!) +
        padStart("Tokens", widths[2]!) + padStart("Cost", widths[3]!) + "  Models",
      bold: true,
    }],
    width,
    color,
  );
  if (rows.length === 0) {
    return fit([header, line([{ text: "No windows yet" }], width, color)], height);
  }
  // Only what fits is formatted: the list can hold 50 windows, the panel shows a dozen.
  const body = rows.slice(0, Math.max(0, height - 1)).map((r) =>
    line(
      [
        {
          text: pad((r.active ? "● " : "  ") + r.start, widths[0]!),
          level: r.active ? "green" : undefined,
        },
        {
          text: padStart(r.duration, widths[1]!) + padStart(r.tokens, widths[2]!) +
            padStart(r.cost, widths[3]!) + "  " + r.models,
        },
      ],
      width,
      color,
    )
  );
  return fit([header, ...body], height);
}

function alertsText(alerts: string[], width: number, height: number, color: boolean): string {
  if (alerts.length === 0) {
    return fit(
      [
        "No alerts yet.",
        "You are alerted 30 min before a window ends and after 10 min without activity.",
      ].flatMap((t) => wrap(t, width, 0)).map((t) => line([{ text: t }], width, color)),
      height,
    );
  }
  // Newest last, like a log: wrap each alert, keep the newest lines that fit.
  const lines = alerts.flatMap((a) => wrap(a, width, 6)).map((t) =>
    line([{ text: t, level: "yellow" }], width, color)
  );
  return lines.slice(-Math.max(1, height)).join("\n");
}

function statusText(
  parts: StatusPart[],
  keys: string,
  width: number,
  color: boolean,
): string {
  const keyWidth = [...keys].length;
  const room = width - keyWidth - 1;
  if (room < 10) return line([{ text: keys }], width, color);
  const segments: Segment[] = [];
  parts.forEach((part, i) => {
    if (i > 0) segments.push({ text: " │ " });
    // Sanitized here already, so the measured width is the drawn width.
    segments.push({ text: sanitize(part.text), level: part.level });
  });
  const used = segments.reduce((n, s) => n + [...s.text].length, 0);
  const left = line(segments, room, color);
  const gap = Math.max(1, width - Math.min(used, room) - keyWidth);
  return left + " ".repeat(gap) + line([{ text: keys, bold: true }], keyWidth, color);
}

function headerText(view: DashboardView, width: number, color: boolean): string {
  const title = ` ${view.title}`;
  const right = `${view.periodLabel} │ ${view.clock} `;
  const gap = width - [...title].length - [...right].length;
  if (gap < 1) {
    return line([{ text: title, bold: true }, { text: "  " + view.clock }], width, color);
  }
  return line([{ text: title, bold: true }], title.length, color) + " ".repeat(gap) +
    line([{ text: right }], right.length, color);
}

function tooSmallText(cols: number, rows: number, minCols: number, minRows: number): string {
  const size = `${cols}x${rows}`;
  const need = `${minCols}x${minRows}`;
  const candidates = [
    `Terminal too small (${size}): resize to at least ${need} · q quits`,
    `Too small (${size}): need ${need} · q quits`,
    `Too small: need ${need}`,
    `Need ${need}`,
  ];
  return candidates.find((c) => [...c].length <= cols) ?? candidates.at(-1)!;
}

/** The text of every panel, sized to the space each one has. */
export const panelText = {
  header: headerText,
  window: windowText,
  period: periodText,
  series: seriesText,
  recent: recentText,
  alerts: alertsText,
  status: statusText,
  tooSmall: tooSmallText,
  escapeTags,
  sanitize,
};
