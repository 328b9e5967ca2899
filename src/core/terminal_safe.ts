/**
 * Text from the data (model names, paths, error messages) printed to a terminal: escape
 * sequences and control characters must not reach it, or a crafted transcript could move the
 * cursor, retitle the window or hide text. The dashboard has its own sanitizer (src/ui).
 */

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC (ESC P|X|^|_ ... ST), other
// ESC sequences, and their 8-bit C1 forms (CSI 0x9b, OSC 0x9d, DCS 0x90, ...).
const ESCAPE_SEQUENCES = new RegExp(
  [
    "\\x1b\\[[0-?]*[ -/]*[@-~]?",
    "\\x1b\\][^\\x07\\x1b\\x9c]*(?:\\x07|\\x1b\\\\|\\x9c)?",
    "\\x1b[PX^_][^\\x1b\\x9c]*(?:\\x1b\\\\|\\x9c)?",
    "\\x1b[ -/]*[0-~]?",
    "\\x9b[0-?]*[ -/]*[@-~]?",
    "[\\x9d\\x90\\x98\\x9e\\x9f][^\\x07\\x1b\\x9c]*(?:\\x07|\\x1b\\\\|\\x9c)?",
  ].join("|"),
  "g",
);
// deno-lint-ignore no-control-regex -- matching control characters is the point
const CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;
// Zero-width and bidirectional controls: they reorder or hide what the reader sees.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line of data text, safe to print: escape sequences removed, other control characters
 * (newlines, tabs, carriage returns) turned into spaces, bidi and zero-width controls removed.
 *
 * @example
 * ```ts
 * terminalSafe("opus\x1b]0;pwned\x07\nnext"); // "opus next"
 * ```
 */
export function terminalSafe(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, "").replace(CONTROLS, " ").replace(INVISIBLE, "");
}

/** Multi-line output of our own: each line made terminal-safe, the line breaks kept. */
export function terminalSafeLines(text: string): string {
  return text.split("\n").map(terminalSafe).join("\n");
}

/**
 * JSON text with DEL, C1 controls and bidi/zero-width characters written as `\u` escapes:
 * `JSON.stringify` escapes only U+0000-U+001F, so the rest would reach the terminal raw. The
 * parsed value is unchanged.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(
    /[\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
