/**
 * A byte-level fast path for one usage line: one pass over the line's bytes (no decoding, no
 * JSON.parse) that validates the JSON grammar and records the fields ccusage reads. It only
 * accepts lines it is sure `parseUsageLine` accepts with the same fields; anything unusual
 * (escapes or non-ASCII in a field or key that ccusage reads, a rule-sensitive `null`, a token
 * count that is not plain digits, advisor iterations, an API error) is left to that exact path.
 */

import { NULL_REJECTED_NAMES } from "./line_checks.ts";

const QUOTE = 34;
const BACKSLASH = 92;
const SPACE = 32;
const NEWLINE = 10;
const COLON = 58;
const COMMA = 44;
const MINUS = 45;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
/** Deeper unknown values are left to the exact path (it accepts any depth). */
const MAX_DEPTH = 64;
/** Token counts with more digits are left to the exact path (2^53 has 16). */
const MAX_DIGITS = 15;

/** What the fast path records of an accepted line: byte ranges into the line and numbers. */
export class FastLine {
  /** Epoch ms of `timestamp`. */
  time = 0;
  input = 0;
  output = 0;
  cacheWrite5m = 0;
  cacheWrite1h = 0;
  cacheRead = 0;
  /** `costUSD`, or null when absent. */
  costUSD: number | null = null;
  /** `usage.speed`: 0 absent, 1 standard, 2 fast. */
  speed = 0;
  sidechain = false;
  /** Byte ranges [start, end) of the string fields; start -1 when absent. */
  messageIdStart = -1;
  messageIdEnd = -1;
  requestIdStart = -1;
  requestIdEnd = -1;
  sessionIdStart = -1;
  sessionIdEnd = -1;
  modelStart = -1;
  modelEnd = -1;
}

// The line being parsed; module state keeps the hot functions free of argument passing.
let b: Uint8Array = new Uint8Array(0);
let words: Int32Array = new Int32Array(0);
let wordsOf: ArrayBufferLike | null = null;
let base = 0;
let end = 0;
let pos = 0;
let out: FastLine = new FastLine();
// Fields found in the known objects, reset per line.
let timestampStart = -1;
let timestampEnd = -1;
let versionStart = -1;
let versionEnd = -1;
let costStart = -1;
let costEnd = -1;
let hasMessage = false;
let hasUsage = false;
let hasInput = false;
let hasOutput = false;
let cacheCreationTotal = 0;
let hasBreakdown = false;
/** Whether the last string had a backslash. */
let escaped = false;

/**
 * Parses the usage line starting at `start` (and ending at the next newline, or at `limit`)
 * into `line`; returns the line's end (its newline's index, or `limit`), or -1 when unsure: the
 * caller then uses `parseUsageLine`, which decides. Only lines `parseUsageLine` accepts are
 * accepted, with the same fields.
 *
 * @example
 * ```ts
 * const lineEnd = fastUsageLine(bytes, lineStart, bytes.length, line);
 * if (lineEnd === -1) exactPath();
 * ```
 */
export function fastUsageLine(
  bytes: Uint8Array,
  start: number,
  limit: number,
  line: FastLine,
): number {
  b = bytes;
  if (bytes.buffer !== wordsOf) {
    wordsOf = bytes.buffer;
    words = new Int32Array(bytes.buffer, 0, bytes.buffer.byteLength >>> 2);
  }
  base = bytes.byteOffset;
  end = limit;
  pos = start;
  out = line;
  timestampStart =
    timestampEnd =
    versionStart =
    versionEnd =
    costStart =
    costEnd =
      -1;
  hasMessage =
    hasUsage =
    hasInput =
    hasOutput =
    hasBreakdown =
      false;
  cacheCreationTotal = 0;
  line.costUSD = null;
  line.speed = 0;
  line.sidechain = false;
  line.cacheWrite5m = line.cacheWrite1h = line.cacheRead = 0;
  line.messageIdStart =
    line.requestIdStart =
    line.sessionIdStart =
    line.modelStart =
      -1;
  line.messageIdEnd =
    line.requestIdEnd =
    line.sessionIdEnd =
    line.modelEnd =
      -1;
  if (b[pos] !== OPEN_OBJECT || !topObject()) return -1;
  while (pos < end && b[pos] === SPACE) pos++;
  // Strings and the grammar stop at a newline (a raw control byte), so this is the line's end.
  if (pos !== end && b[pos] !== NEWLINE) return -1;
  return finish() ? pos : -1;
}

/** Drops the references to the last line's buffer (so it can be collected after a read). */
export function forgetFastLineBytes(): void {
  b = new Uint8Array(0);
  words = new Int32Array(0);
  wordsOf = null;
}

/** Checks that need the whole line's fields (types, non-empty ids, the timestamp). */
function finish(): boolean {
  if (!hasMessage || !hasUsage || !hasInput || !hasOutput || timestampStart === -1) return false;
  if (versionStart !== -1 && !isSemverPrefix(versionStart, versionEnd)) return false;
  if (out.sessionIdStart === out.sessionIdEnd && out.sessionIdStart !== -1) return false;
  if (out.requestIdStart === out.requestIdEnd && out.requestIdStart !== -1) return false;
  if (out.messageIdStart === out.messageIdEnd && out.messageIdStart !== -1) return false;
  if (out.modelStart === out.modelEnd && out.modelStart !== -1) return false;
  if (!hasBreakdown) out.cacheWrite5m = cacheCreationTotal;
  const time = timestampTime(timestampStart, timestampEnd);
  if (Number.isNaN(time)) return false;
  out.time = time;
  if (costStart !== -1) out.costUSD = Number(latin1(costStart, costEnd));
  return true;
}

// Known keys by object; a bit per key notices a repeat (ccusage rejects those lines).
const TOP_MESSAGE = 1;
const TOP_TIMESTAMP = 2;
const TOP_VERSION = 4;
const TOP_SESSION = 8;
const TOP_REQUEST = 16;
const TOP_SIDECHAIN = 32;
const TOP_API_ERROR = 64;
const TOP_COST = 128;
const MESSAGE_ID = 1;
const MESSAGE_MODEL = 2;
const MESSAGE_USAGE = 4;
const USAGE_INPUT = 1;
const USAGE_OUTPUT = 2;
const USAGE_CACHE_CREATION = 4;
const USAGE_CACHE_READ = 8;
const USAGE_SPEED = 16;
const USAGE_BREAKDOWN = 32;
const USAGE_ITERATIONS = 64;
const CACHE_5M = 1;
const CACHE_1H = 2;

const encode = (text: string) => new TextEncoder().encode(text);
const TOP_NAMES: KeyTable = keyTable([
  [encode("message"), TOP_MESSAGE],
  [encode("timestamp"), TOP_TIMESTAMP],
  [encode("version"), TOP_VERSION],
  [encode("sessionId"), TOP_SESSION],
  [encode("requestId"), TOP_REQUEST],
  [encode("isSidechain"), TOP_SIDECHAIN],
  [encode("isApiErrorMessage"), TOP_API_ERROR],
  [encode("costUSD"), TOP_COST],
]);
const MESSAGE_NAMES: KeyTable = keyTable([
  [encode("id"), MESSAGE_ID],
  [encode("model"), MESSAGE_MODEL],
  [encode("usage"), MESSAGE_USAGE],
]);
const USAGE_NAMES: KeyTable = keyTable([
  [encode("input_tokens"), USAGE_INPUT],
  [encode("output_tokens"), USAGE_OUTPUT],
  [encode("cache_creation_input_tokens"), USAGE_CACHE_CREATION],
  [encode("cache_read_input_tokens"), USAGE_CACHE_READ],
  [encode("speed"), USAGE_SPEED],
  [encode("cache_creation"), USAGE_BREAKDOWN],
  [encode("iterations"), USAGE_ITERATIONS],
]);
const CACHE_NAMES: KeyTable = keyTable([
  [encode("ephemeral_5m_input_tokens"), CACHE_5M],
  [encode("ephemeral_1h_input_tokens"), CACHE_1H],
]);
/** Field names whose `:null` ccusage rejects anywhere in the line (see `hasRejectedNull`). */
const NULL_REJECTED = NULL_REJECTED_NAMES.map(encode);
const TOKENS_SUFFIX = encode("_tokens");
const STANDARD = encode("standard");
const FAST = encode("fast");

/** Which of `names` the key `[start, stop)` is: its bit, or 0 (candidates by length). */
function knownKey(start: number, stop: number, names: KeyTable): number {
  const length = stop - start;
  if (length >= 32) return 0;
  const candidates = names[length];
  if (candidates === undefined) return 0;
  for (let index = 0; index < candidates.length; index++) {
    const candidate = candidates[index]!;
    if (sameBytes(start, candidate[0])) return candidate[1];
  }
  return 0;
}

/** Known names with their bits, by length. */
type KeyTable = ([Uint8Array, number][] | undefined)[];

function keyTable(names: [Uint8Array, number][]): KeyTable {
  const table: KeyTable = new Array(32).fill(undefined);
  for (const entry of names) (table[entry[0].length] ??= []).push(entry);
  return table;
}

function sameBytes(start: number, name: Uint8Array): boolean {
  for (let index = 0; index < name.length; index++) {
    if (b[start + index] !== name[index]) return false;
  }
  return true;
}

/**
 * Reads a key at `pos` (a quote), its colon and the rules ccusage applies to the raw text
 * around it; leaves `pos` at the value. Returns the key's end (its closing quote), or -1.
 */
function keyAndColon(known: boolean): number {
  const keyStart = pos + 1;
  if (known) {
    // A key of an object ccusage reads must be plain text here (escapes and invalid UTF-8 there
    // have rules of their own).
    if (!plainString()) return -1;
  } else if (!stringAt()) {
    return -1;
  }
  const keyEnd = pos - 1;
  while (pos < end && b[pos] === SPACE) pos++;
  if (b[pos] !== COLON || pos >= end) return -1;
  pos++;
  const colonEnd = pos;
  if (b[pos] === 110 && b[pos + 1] === 117 && b[pos + 2] === 108 && b[pos + 3] === 108) {
    // `:null` after a rejected field name (the text between the two quotes before it).
    if (escaped) return -1;
    const length = keyEnd - keyStart;
    for (let index = 0; index < NULL_REJECTED.length; index++) {
      const name = NULL_REJECTED[index]!;
      if (name.length === length && sameBytes(keyStart, name)) return -1;
    }
  }
  if (keyEnd + 1 === colonEnd - 1 && endsWithTokens(keyStart, keyEnd)) {
    // `_tokens":` anywhere: the number after it must be plain digits (ccusage's u64).
    let at = colonEnd;
    while (at < end && b[at] === SPACE) at++;
    if (b[at] === MINUS) return -1;
    const digits = at;
    while (at < end && isDigit(b[at]!)) at++;
    const next = b[at];
    if (next === 46 || next === 101 || next === 69 || at - digits > MAX_DIGITS) return -1;
  }
  while (pos < end && b[pos] === SPACE) pos++;
  return keyEnd;
}

function endsWithTokens(start: number, stop: number): boolean {
  if (stop - start < TOKENS_SUFFIX.length || b[stop - 1] !== 115) return false;
  return sameBytes(stop - TOKENS_SUFFIX.length, TOKENS_SUFFIX);
}

/**
 * A string of printable ASCII without escapes at `pos` (a quote); leaves `pos` past it and
 * `escaped` false. False for anything else (the caller is then unsure).
 */
function plainString(): boolean {
  let at = pos + 1;
  for (;;) {
    if (at >= end) return false;
    const code = b[at]!;
    if (code === QUOTE) break;
    if (code < 32 || code === BACKSLASH || code >= 128) return false;
    at++;
  }
  escaped = false;
  pos = at + 1;
  return true;
}

/** After a member: `,` (true, at the next key) or `}` (false, past it); -1 when malformed. */
function nextMember(): number {
  while (pos < end && b[pos] === SPACE) pos++;
  const code = b[pos];
  if (pos >= end) return -1;
  pos++;
  if (code === COMMA) {
    while (pos < end && b[pos] === SPACE) pos++;
    return b[pos] === QUOTE && pos < end ? 1 : -1;
  }
  return code === CLOSE_OBJECT ? 0 : -1;
}

/** Opens an object at `pos` (a `{`): 1 when a key follows, 0 when empty, -1 when malformed. */
function openObject(): number {
  pos++;
  while (pos < end && b[pos] === SPACE) pos++;
  if (pos >= end) return -1;
  if (b[pos] === CLOSE_OBJECT) {
    pos++;
    return 0;
  }
  return b[pos] === QUOTE ? 1 : -1;
}

function topObject(): boolean {
  let seen = 0;
  let more = openObject();
  while (more === 1) {
    const keyStart = pos + 1;
    const keyEnd = keyAndColon(true);
    if (keyEnd === -1) return false;
    const bit = knownKey(keyStart, keyEnd, TOP_NAMES);
    if ((seen & bit) !== 0) return false;
    seen |= bit;
    const code = b[pos];
    switch (bit) {
      case 0:
        if (!value(0)) return false;
        break;
      case TOP_MESSAGE:
        if (code !== OPEN_OBJECT || !messageObject()) return false;
        hasMessage = true;
        break;
      case TOP_TIMESTAMP:
        if (!textField()) return false;
        timestampStart = textStart;
        timestampEnd = pos - 1;
        break;
      case TOP_VERSION:
        if (!textField()) return false;
        versionStart = textStart;
        versionEnd = pos - 1;
        break;
      case TOP_SESSION:
        if (!textField()) return false;
        out.sessionIdStart = textStart;
        out.sessionIdEnd = pos - 1;
        break;
      case TOP_REQUEST:
        if (!textField()) return false;
        out.requestIdStart = textStart;
        out.requestIdEnd = pos - 1;
        break;
      case TOP_SIDECHAIN:
        // `"isSidechain":null` counts as not a sidechain in ccusage.
        if (literal(TRUE)) out.sidechain = true;
        else if (!literal(FALSE) && !literal(NULL)) return false;
        break;
      case TOP_API_ERROR:
        // An API error may carry a usage-limit reset time: the exact path reads it.
        if (!literal(FALSE)) return false;
        break;
      case TOP_COST:
        costStart = pos;
        if (!numberAt()) return false;
        costEnd = pos;
        break;
    }
    more = nextMember();
  }
  return more === 0;
}

/** Start of the last text field's content. */
let textStart = -1;

/** A plain (ASCII, no escape) string at `pos`; `textStart` and `pos - 1` bound its content. */
function textField(): boolean {
  if (b[pos] !== QUOTE || pos >= end) return false;
  textStart = pos + 1;
  return plainString();
}

function messageObject(): boolean {
  let seen = 0;
  let more = openObject();
  while (more === 1) {
    const keyStart = pos + 1;
    const keyEnd = keyAndColon(true);
    if (keyEnd === -1) return false;
    const bit = knownKey(keyStart, keyEnd, MESSAGE_NAMES);
    if ((seen & bit) !== 0) return false;
    seen |= bit;
    switch (bit) {
      case 0:
        if (!value(1)) return false;
        break;
      case MESSAGE_ID:
        if (!textField()) return false;
        out.messageIdStart = textStart;
        out.messageIdEnd = pos - 1;
        break;
      case MESSAGE_MODEL:
        if (!textField()) return false;
        out.modelStart = textStart;
        out.modelEnd = pos - 1;
        break;
      case MESSAGE_USAGE:
        if (b[pos] !== OPEN_OBJECT || !usageObject()) return false;
        hasUsage = true;
        break;
    }
    more = nextMember();
  }
  return more === 0;
}

function usageObject(): boolean {
  let seen = 0;
  let more = openObject();
  while (more === 1) {
    const keyStart = pos + 1;
    const keyEnd = keyAndColon(true);
    if (keyEnd === -1) return false;
    const bit = knownKey(keyStart, keyEnd, USAGE_NAMES);
    if ((seen & bit) !== 0) return false;
    seen |= bit;
    switch (bit) {
      case 0:
        if (!value(2)) return false;
        break;
      case USAGE_INPUT:
        out.input = tokenCount();
        if (out.input < 0) return false;
        hasInput = true;
        break;
      case USAGE_OUTPUT:
        out.output = tokenCount();
        if (out.output < 0) return false;
        hasOutput = true;
        break;
      case USAGE_CACHE_CREATION:
        cacheCreationTotal = tokenCount();
        if (cacheCreationTotal < 0) return false;
        break;
      case USAGE_CACHE_READ:
        out.cacheRead = tokenCount();
        if (out.cacheRead < 0) return false;
        break;
      case USAGE_SPEED: {
        if (!textField()) return false;
        const stop = pos - 1;
        if (stop - textStart === 8 && sameBytes(textStart, STANDARD)) out.speed = 1;
        else if (stop - textStart === 4 && sameBytes(textStart, FAST)) out.speed = 2;
        else return false;
        break;
      }
      case USAGE_BREAKDOWN:
        if (literal(NULL)) break;
        // The array form `[5m, 1h]` is rare: the exact path reads it.
        if (b[pos] !== OPEN_OBJECT || !cacheObject()) return false;
        hasBreakdown = true;
        break;
      default:
        // `iterations` may hold advisor usage: the exact path counts it.
        return false;
    }
    more = nextMember();
  }
  return more === 0;
}

function cacheObject(): boolean {
  let seen = 0;
  out.cacheWrite5m = 0;
  out.cacheWrite1h = 0;
  let more = openObject();
  while (more === 1) {
    const keyStart = pos + 1;
    const keyEnd = keyAndColon(true);
    if (keyEnd === -1) return false;
    const bit = knownKey(keyStart, keyEnd, CACHE_NAMES);
    if ((seen & bit) !== 0) return false;
    seen |= bit;
    if (bit === 0) {
      if (!value(3)) return false;
    } else {
      const count = tokenCount();
      if (count < 0) return false;
      if (bit === CACHE_5M) out.cacheWrite5m = count;
      else out.cacheWrite1h = count;
    }
    more = nextMember();
  }
  return more === 0;
}

/** A token count at `pos`: plain digits (at most 15), else -1. */
function tokenCount(): number {
  let count = 0;
  const start = pos;
  let code = b[pos]!;
  if (!isDigit(code) || pos >= end) return -1;
  if (code === 48) {
    pos++;
  } else {
    while (pos < end && isDigit(code)) {
      count = count * 10 + (code - 48);
      code = b[++pos]!;
    }
  }
  if (pos - start > MAX_DIGITS) return -1;
  // A fraction or exponent (JSON.parse could make an integer of `1.0`): the exact path decides.
  code = b[pos]!;
  if (pos < end && (code === 46 || code === 101 || code === 69 || isDigit(code))) return -1;
  return count;
}

const TRUE = encode("true");
const FALSE = encode("false");
const NULL = encode("null");

function literal(word: Uint8Array): boolean {
  // Compared inline: literals are frequent (`false`, `null`) and a call per byte shows.
  const length = word.length;
  if (
    pos + length > end || b[pos] !== word[0] || b[pos + 1] !== word[1] ||
    b[pos + 2] !== word[2] || b[pos + 3] !== word[3] ||
    (length === 5 && b[pos + 4] !== word[4])
  ) {
    return false;
  }
  pos += length;
  return true;
}

/** Any JSON value at `pos` (in no object ccusage reads); `depth` bounds the nesting. */
function value(depth: number): boolean {
  if (pos >= end) return false;
  const code = b[pos]!;
  if (code === QUOTE) return stringAt();
  if (code === OPEN_OBJECT) {
    if (depth >= MAX_DEPTH) return false;
    let more = openObject();
    while (more === 1) {
      if (keyAndColon(false) === -1 || !value(depth + 1)) return false;
      more = nextMember();
    }
    return more === 0;
  }
  if (code === OPEN_ARRAY) {
    if (depth >= MAX_DEPTH) return false;
    pos++;
    while (pos < end && b[pos] === SPACE) pos++;
    if (b[pos] === CLOSE_ARRAY && pos < end) {
      pos++;
      return true;
    }
    for (;;) {
      if (!value(depth + 1)) return false;
      while (pos < end && b[pos] === SPACE) pos++;
      if (pos >= end) return false;
      const next = b[pos++];
      if (next === CLOSE_ARRAY) return true;
      if (next !== COMMA) return false;
      while (pos < end && b[pos] === SPACE) pos++;
    }
  }
  if (code === 116) return literal(TRUE);
  if (code === 102) return literal(FALSE);
  if (code === 110) return literal(NULL);
  return numberAt();
}

/** A JSON number at `pos`. */
function numberAt(): boolean {
  if (b[pos] === MINUS) pos++;
  if (pos >= end) return false;
  if (b[pos] === 48) {
    pos++;
  } else {
    if (!isDigit(b[pos]!)) return false;
    while (pos < end && isDigit(b[pos]!)) pos++;
  }
  if (pos < end && b[pos] === 46) {
    pos++;
    if (pos >= end || !isDigit(b[pos]!)) return false;
    while (pos < end && isDigit(b[pos]!)) pos++;
  }
  if (pos < end && (b[pos] === 101 || b[pos] === 69)) {
    pos++;
    if (pos < end && (b[pos] === 43 || b[pos] === MINUS)) pos++;
    if (pos >= end || !isDigit(b[pos]!)) return false;
    while (pos < end && isDigit(b[pos]!)) pos++;
  }
  return true;
}

/**
 * A JSON string at `pos` (a quote); leaves `pos` past its closing quote and sets `escaped`. Raw control bytes and bad escapes make it false, as JSON.parse refuses them.
 */
function stringAt(): boolean {
  let at = pos + 1;
  escaped = false;
  for (;;) {
    at = specialByte(at);
    if (at >= end) return false;
    const code = b[at]!;
    if (code === QUOTE) break;
    if (code !== BACKSLASH) return false;
    escaped = true;
    const next = b[at + 1];
    if (
      next === QUOTE || next === BACKSLASH || next === 47 || next === 98 || next === 102 ||
      next === 110 || next === 114 || next === 116
    ) {
      at += 2;
    } else if (next === 117 && at + 6 <= end) {
      for (let offset = 2; offset < 6; offset++) if (!isHex(b[at + offset]!)) return false;
      at += 6;
    } else {
      return false;
    }
  }
  pos = at + 1;
  return true;
}

/** Index of the first quote, backslash or control byte in `[at, end)`, or `end`. */
function specialByte(from: number): number {
  let at = from;
  // Byte by byte up to a word boundary, then four bytes at a time (a word with none of the
  // three bytes is skipped with a few integer operations), then byte by byte inside the word.
  while (at < end && ((at + base) & 3) !== 0) {
    const code = b[at]!;
    if (code === QUOTE || code === BACKSLASH || code < 32) return at;
    at++;
  }
  let word = (at + base) >> 2;
  const lastWord = (end + base) >> 2;
  while (word < lastWord) {
    const x = words[word]!;
    const quote = x ^ 0x22222222;
    const slash = x ^ 0x5c5c5c5c;
    if (
      ((((x - 0x20202020) | 0) & ~x) | (((quote - 0x01010101) | 0) & ~quote) |
        (((slash - 0x01010101) | 0) & ~slash)) & 0x80808080
    ) {
      break;
    }
    word++;
  }
  at = (word << 2) - base;
  if (at < from) at = from;
  while (at < end) {
    const code = b[at]!;
    if (code === QUOTE || code === BACKSLASH || code < 32) return at;
    at++;
  }
  return end;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isHex(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/** `^\d+\.\d+\.\d` on the bytes. */
function isSemverPrefix(start: number, stop: number): boolean {
  let at = start;
  for (let part = 0; part < 2; part++) {
    const digits = at;
    while (at < stop && isDigit(b[at]!)) at++;
    if (at === digits || at >= stop || b[at] !== 46) return false;
    at++;
  }
  return at < stop && isDigit(b[at]!);
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch ms of the timestamp bytes, as the exact path's regex and `Date.parse` give it (NaN when
 * refused). The common `YYYY-MM-DDTHH:MM:SS.mmmZ` with ordinary values is computed directly
 * (V8's `Date.parse` takes any day 1-31 and rolls it over as `Date.UTC` does: `02-30` is
 * March 2).
 */
function timestampTime(start: number, stop: number): number {
  const length = stop - start;
  if (
    (length === 24 || length === 20) && b[stop - 1] === 90 && b[start + 4] === MINUS &&
    b[start + 7] === MINUS && b[start + 10] === 84 && b[start + 13] === COLON &&
    b[start + 16] === COLON && (length === 20 || b[start + 19] === 46)
  ) {
    const year = digitsAt(start, 4);
    const month = digitsAt(start + 5, 2);
    const day = digitsAt(start + 8, 2);
    const hour = digitsAt(start + 11, 2);
    const minute = digitsAt(start + 14, 2);
    const second = digitsAt(start + 17, 2);
    const ms = length === 24 ? digitsAt(start + 20, 3) : 0;
    if (
      year >= 1970 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 &&
      hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && ms >= 0
    ) {
      return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  const text = latin1(start, stop);
  return TIMESTAMP.test(text) ? Date.parse(text) : NaN;
}

/** The number written by `count` digits at `start`, or -1 when one is not a digit. */
function digitsAt(start: number, count: number): number {
  let result = 0;
  for (let index = start; index < start + count; index++) {
    const code = b[index]!;
    if (!isDigit(code)) return -1;
    result = result * 10 + code - 48;
  }
  return result;
}

/** The bytes `[start, stop)` as text (callers pass ASCII). */
function latin1(start: number, stop: number): string {
  return String.fromCharCode.apply(null, b.subarray(start, stop) as unknown as number[]);
}
