/** Finds usage lines in raw transcript bytes and parses them; shared by the reader and its worker. */

import type { EntryColumns } from "./entry_columns.ts";
import { pushFastLine } from "./fast_line_entry.ts";
import { FastLine, fastUsageLine, forgetFastLineBytes } from "./fast_usage_line.ts";
import { parseUsageLine } from "./parse_line.ts";
import type { PriceTable } from "./pricing.ts";
import { skeletonLine } from "./skeleton_line.ts";

const NEWLINE = 10;
const OPEN_BRACE = 123;
// The bytes of `"usage":` that precede the `{` found by the scan, last byte first.
const MARKER_PREFIX = [58, 34, 101, 103, 97, 115, 117, 34];
/** Lines longer than this are shrunk with `skeletonLine` before decoding. */
const SKELETON_MIN = 16 * 1024 * 1024;
// A BOM must stay in the text (ccusage drops a line that starts with one), and invalid UTF-8 is
// noticed (the strict decoder throws) so the line's known fields can be checked for it.
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
const fastLine = new FastLine();

/**
 * Parses the usage lines in `bytes[0, end)` into `columns` and returns how many were rejected.
 * Only lines containing `"usage":{` are looked at; the byte-level fast path reads most of
 * them, and the rest (`fast` false: all) are decoded and parsed by `parseUsageLine`.
 *
 * @example
 * ```ts
 * skipped += scanLines(bytes, bytes.lastIndexOf(10) + 1, columns, bundledPrices);
 * ```
 */
export function scanLines(
  bytes: Uint8Array,
  end: number,
  columns: EntryColumns,
  prices: PriceTable,
  fast = true,
): number {
  let skipped = 0;
  let position = 0;
  let lineStart = 0;
  useWords(bytes);
  while (position < end) {
    // Newlines are found on the way, so a usage line's start needs no search backwards.
    const found = nextBraceOrNewline(bytes, position, end);
    if (found === -1) break;
    position = found + 1;
    if (bytes[found] === NEWLINE) {
      lineStart = position;
      continue;
    }
    if (!precededByMarker(bytes, found)) continue;
    if (fast) {
      const fastEnd = fastUsageLine(bytes, lineStart, end, fastLine);
      // A huge line is left to the exact path (it shrinks such lines first).
      if (fastEnd !== -1 && fastEnd - lineStart <= SKELETON_MIN) {
        pushFastLine(columns, bytes, fastLine, prices);
        position = lineStart = fastEnd + 1;
        continue;
      }
    }
    let lineEnd = bytes.indexOf(NEWLINE, found);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    let lineBytes: Uint8Array | null = bytes.subarray(lineStart, lineEnd);
    if (lineBytes.length > SKELETON_MIN) {
      // A huge line: empty the long strings no rule reads before decoding it.
      lineBytes = skeletonLine(lineBytes);
      if (lineBytes === null) {
        skipped++;
        position = lineEnd + 1;
        continue;
      }
    }
    let text: string;
    let invalidUtf8 = false;
    try {
      text = strictDecoder.decode(lineBytes);
    } catch {
      text = lenientDecoder.decode(lineBytes);
      invalidUtf8 = true;
    }
    const entries = parseUsageLine(text, prices, invalidUtf8);
    if (entries === null) skipped++;
    else for (const entry of entries) columns.push(entry);
    position = lineStart = lineEnd + 1;
  }
  forgetFastLineBytes();
  useWords(EMPTY);
  return skipped;
}

const EMPTY = new Uint8Array(0);
// `bytes` read as 32-bit words, to look at four bytes per step.
let words: Int32Array = new Int32Array(0);
let wordsOf: ArrayBufferLike | null = null;

function useWords(bytes: Uint8Array): void {
  if (bytes.buffer === wordsOf) return;
  wordsOf = bytes.buffer;
  words = new Int32Array(bytes.buffer, 0, bytes.buffer.byteLength >>> 2);
}

/**
 * Index of the first `{` or newline in `bytes[from, end)`, or -1. A word without either byte is
 * passed with a few integer operations (much faster than `indexOf`, a byte loop per call).
 */
function nextBraceOrNewline(bytes: Uint8Array, from: number, end: number): number {
  const base = bytes.byteOffset;
  let at = from;
  while (at < end && ((at + base) & 3) !== 0) {
    const code = bytes[at];
    if (code === OPEN_BRACE || code === NEWLINE) return at;
    at++;
  }
  let word = (at + base) >> 2;
  const lastWord = (end + base) >> 2;
  while (word < lastWord) {
    const x = words[word]!;
    const brace = x ^ 0x7b7b7b7b;
    const newline = x ^ 0x0a0a0a0a;
    if (
      ((((brace - 0x01010101) | 0) & ~brace) | (((newline - 0x01010101) | 0) & ~newline)) &
      0x80808080
    ) {
      break;
    }
    word++;
  }
  at = Math.max(from, (word << 2) - base);
  while (at < end) {
    const code = bytes[at];
    if (code === OPEN_BRACE || code === NEWLINE) return at;
    at++;
  }
  return -1;
}

/** Whether `bytes` contain `"usage":{` (what makes a line worth decoding). */
export function hasUsageMarker(bytes: Uint8Array): boolean {
  let brace = bytes.indexOf(OPEN_BRACE);
  while (brace !== -1) {
    if (precededByMarker(bytes, brace)) return true;
    brace = bytes.indexOf(OPEN_BRACE, brace + 1);
  }
  return false;
}

function precededByMarker(bytes: Uint8Array, brace: number): boolean {
  if (brace < MARKER_PREFIX.length) return false;
  for (let index = 0; index < MARKER_PREFIX.length; index++) {
    if (bytes[brace - 1 - index] !== MARKER_PREFIX[index]) return false;
  }
  return true;
}

/** What parsing one whole file gives: rows, counts and where the next read continues. */
export interface ScannedFile {
  skipped: number;
  /** Rows from the unterminated last line (parsed provisionally) and its rejection count. */
  partialRows: number;
  partialSkipped: number;
  /** Byte offset just past the last complete line. */
  offset: number;
  /** Up to 64 bytes before `offset`, to notice a replaced file later. */
  tail: Uint8Array;
}

/** Parses a whole file's bytes into `columns`, the unterminated last line provisionally. */
export function scanFile(
  bytes: Uint8Array,
  columns: EntryColumns,
  prices: PriceTable,
  fast = true,
): ScannedFile {
  const offset = bytes.lastIndexOf(NEWLINE) + 1;
  const skipped = scanLines(bytes, offset, columns, prices, fast);
  const before = columns.length;
  const rest = bytes.subarray(offset);
  const partialSkipped = rest.length > 0 ? scanLines(rest, rest.length, columns, prices, fast) : 0;
  return {
    skipped,
    partialRows: columns.length - before,
    partialSkipped,
    offset,
    tail: bytes.slice(Math.max(0, offset - 64), offset),
  };
}
