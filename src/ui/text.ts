/** Text helpers of the panels: safe data text, one-line fitting with colour tags, padding. */

import type { Level } from "./level.ts";

/** A run of text with an optional colour level or emphasis. */
export interface Segment {
  text: string;
  level?: Level | undefined;
  bold?: boolean;
}

/** Escapes blessed tag braces in text that comes from data (model names, errors, paths). */
export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (ch) => (ch === "{" ? "{open}" : "{close}"));
}

/**
 * Makes data text safe to draw: control characters (escape sequences, newlines) become spaces,
 * bidi overrides go, and characters outside the Basic Multilingual Plane (emoji), which
 * terminals draw two cells wide while blessed counts one, become "?" so borders stay put.
 */
export function sanitize(text: string): string {
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

/** Visible length in characters (code points). */
export function textWidth(text: string): number {
  return [...text].length;
}

/** Cuts `text` to `width` characters, ending with "…" when something was cut. */
export function cut(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 0) return "";
  return chars.slice(0, width - 1).join("") + "…";
}

/**
 * Draws segments as one tagged line of at most `width` visible characters.
 *
 * @example
 * ```ts
 * tagLine([{ text: "45%", level: "green" }], 10, true); // "{green-fg}45%{/green-fg}"
 * ```
 */
export function tagLine(segments: Segment[], width: number, color: boolean): string {
  let left = Math.max(0, width);
  let out = "";
  for (const segment of segments) {
    if (left <= 0) break;
    const text = cut(sanitize(segment.text), left);
    left -= textWidth(text);
    let tagged = escapeTags(text);
    if (color && segment.level) tagged = `{${segment.level}-fg}${tagged}{/${segment.level}-fg}`;
    if (color && segment.bold) tagged = `{bold}${tagged}{/bold}`;
    out += tagged;
  }
  return out;
}

/** Pads `text` on the right to `width` characters. */
export function pad(text: string, width: number): string {
  const length = textWidth(text);
  return length >= width ? text : text + " ".repeat(width - length);
}

/** Pads `text` on the left to `width` characters. */
export function padStart(text: string, width: number): string {
  const length = textWidth(text);
  return length >= width ? text : " ".repeat(width - length) + text;
}

/** Word-wraps `text` to `width`, indenting continuation lines by `indent`. */
export function wrap(text: string, width: number, indent: number): string[] {
  if (width <= indent + 8 || textWidth(text) <= width) return [text];
  // Keep the line's own indentation on every piece, plus `indent` for continuations.
  const lead = /^ */.exec(text)?.[0] ?? "";
  const out: string[] = [];
  let current = lead;
  for (const word of text.slice(lead.length).split(" ")) {
    const candidate = current.trim() === "" ? current + word : `${current} ${word}`;
    if (textWidth(candidate) <= width || current.trim() === "") {
      current = candidate;
    } else {
      out.push(current);
      current = lead + " ".repeat(indent) + word;
    }
  }
  out.push(current);
  return out;
}
