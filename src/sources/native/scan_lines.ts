/** Finds usage lines in raw transcript bytes and parses them; shared by the reader and its worker. */

import type { EntryColumns } from "./entry_columns.ts";
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

/**
 * Parses the usage lines in `bytes[0, end)` into `columns` and returns how many were rejected.
 * Only lines containing `"usage":{` are decoded at all.
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
): number {
  let skipped = 0;
  let position = 0;
  while (position < end) {
    const brace = bytes.indexOf(OPEN_BRACE, position);
    if (brace === -1 || brace >= end) break;
    if (!precededByMarker(bytes, brace)) {
      position = brace + 1;
      continue;
    }
    const lineStart = brace === 0 ? 0 : bytes.lastIndexOf(NEWLINE, brace - 1) + 1;
    let lineEnd = bytes.indexOf(NEWLINE, brace);
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
    position = lineEnd + 1;
  }
  return skipped;
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
): ScannedFile {
  const offset = bytes.lastIndexOf(NEWLINE) + 1;
  const skipped = scanLines(bytes, offset, columns, prices);
  const before = columns.length;
  const rest = bytes.subarray(offset);
  const partialSkipped = rest.length > 0 ? scanLines(rest, rest.length, columns, prices) : 0;
  return {
    skipped,
    partialRows: columns.length - before,
    partialSkipped,
    offset,
    tail: bytes.slice(Math.max(0, offset - 64), offset),
  };
}
