/**
 * Checks on a usage line's raw text that JSON.parse cannot make: ccusage 20.0.24 rejects some
 * lines JSON.parse accepts. Every check is linear in the line's length (a hostile line must not
 * cost quadratic time).
 */

/**
 * Field names whose `:null` ccusage rejects anywhere in a line; the byte-level parser
 * (`fast_usage_line.ts`) uses the same list, so the two paths cannot drift apart.
 */
export const NULL_REJECTED_NAMES: readonly string[] = [
  "id",
  "cwd",
  "model",
  "speed",
  "costUSD",
  "version",
  "sessionId",
  "requestId",
  "isApiErrorMessage",
  "cache_read_input_tokens",
  "cache_creation_input_tokens",
];

const NULL_REJECTED_FIELDS = new Set(NULL_REJECTED_NAMES);

/** `u64::MAX`: ccusage reads token counts as unsigned 64-bit integers. */
const MAX_TOKENS = "18446744073709551615";

/**
 * ccusage rejects a line when a known field is `null` anywhere in it (found on the raw text),
 * except `"model":null` inside the `iterations` array of a `usage` object. The field name is the
 * text between the two quotes before `:null`, as ccusage reads it.
 *
 * @example
 * ```ts
 * hasRejectedNull('{"cwd":null}'); // true
 * ```
 */
export function hasRejectedNull(line: string): boolean {
  let offset = 0;
  let iterations: [number, number] | null | undefined;
  // The field of the previous `:null` is reused while no quote lies between the two, and the
  // first quote after it is found once: each stretch of the line is searched at most once (a
  // string holding many `:null` must not make this quadratic).
  let field = "";
  let nextQuote = -2;
  for (;;) {
    const nullIndex = line.indexOf(":null", offset);
    if (nullIndex === -1) return false;
    if (nextQuote === -2 || (nextQuote !== -1 && nextQuote < nullIndex)) {
      field = fieldBefore(line, nullIndex);
      nextQuote = line.indexOf('"', nullIndex + 5);
    }
    if (NULL_REJECTED_FIELDS.has(field)) {
      if (field !== "model") return true;
      if (iterations === undefined) iterations = iterationsSpan(line);
      if (iterations === null || nullIndex < iterations[0] || nullIndex >= iterations[1]) {
        return true;
      }
    }
    offset = nullIndex + 5;
  }
}

/** The text between the two quotes before `index` when they are at most 28 apart, else "". */
function fieldBefore(line: string, index: number): string {
  const end = index === 0 ? -1 : line.lastIndexOf('"', index - 1);
  if (end <= 0) return "";
  const start = line.lastIndexOf('"', end - 1);
  return start !== -1 && end - start <= 28 ? line.slice(start + 1, end) : "";
}

/**
 * Whether a token count is written in a way ccusage's unsigned 64-bit integers reject although
 * JSON.parse accepts it: a fraction or exponent (`10.0`, `1e3`), a minus sign (`-0`), or a value
 * above 2^64-1 (which JSON.parse would round to a representable number).
 */
export function hasInvalidTokenNumber(line: string): boolean {
  let offset = 0;
  for (;;) {
    const key = line.indexOf('_tokens":', offset);
    if (key === -1) return false;
    let index = key + 9;
    while (line.charCodeAt(index) === 32) index++;
    if (line.charCodeAt(index) === 45) return true;
    const digits = index;
    while (isDigitCode(line.charCodeAt(index))) index++;
    const next = line.charCodeAt(index);
    if (next === 46 || next === 101 || next === 69) return true;
    const length = index - digits;
    if (
      length > MAX_TOKENS.length ||
      (length === MAX_TOKENS.length && line.slice(digits, index) > MAX_TOKENS)
    ) {
      return true;
    }
    offset = key + 9;
  }
}

/** Known keys of the objects ccusage deserializes; a repeated one makes it reject the line. */
const TOP_KEYS = new Set([
  "message",
  "timestamp",
  "version",
  "sessionId",
  "requestId",
  "isSidechain",
  "isApiErrorMessage",
  "costUSD",
]);
const MESSAGE_KEYS = new Set(["id", "model", "usage"]);
const USAGE_KEYS = new Set([
  "input_tokens",
  "output_tokens",
  "cache_creation_input_tokens",
  "cache_read_input_tokens",
  "speed",
  "cache_creation",
]);
const CACHE_KEYS = new Set(["ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens"]);

/** Which nested known object a key opens, by the object it is in. */
const NESTED = new Map<Set<string>, Map<string, Set<string>>>([
  [TOP_KEYS, new Map([["message", MESSAGE_KEYS]])],
  [MESSAGE_KEYS, new Map([["usage", USAGE_KEYS]])],
  [USAGE_KEYS, new Map([["cache_creation", CACHE_KEYS]])],
  [CACHE_KEYS, new Map()],
]);

/**
 * Whether a known key repeats in the line's top-level object, its `message`, `message.usage` or
 * `usage.cache_creation` (JSON.parse keeps the last; ccusage rejects the line). Repeats in other
 * objects are allowed, as in ccusage. One pass over the line; false when the text is not JSON.
 * Callers first compare the line with `JSON.stringify` of its parse: a line written by
 * JSON.stringify (as Claude Code writes them) has no repeated key, and that test is cheaper.
 *
 * @example
 * ```ts
 * hasDuplicateKnownKey('{"message":{},"message":{}}'); // true
 * ```
 */
export function hasDuplicateKnownKey(line: string): boolean {
  const start = skipWhitespace(line, 0);
  if (line.charCodeAt(start) !== 123) return false;
  return objectEnd(line, start + 1, TOP_KEYS) === DUPLICATE;
}

const DUPLICATE = -2;

/** End index of the object whose body starts at `start`, -1 when malformed, DUPLICATE on a repeat. */
function objectEnd(line: string, start: number, known: Set<string>): number {
  const seen = new Set<string>();
  const nested = NESTED.get(known)!;
  let index = skipWhitespace(line, start);
  if (line.charCodeAt(index) === 125) return index;
  for (;;) {
    if (line.charCodeAt(index) !== 34) return -1;
    const keyEnd = stringEnd(line, index + 1);
    if (keyEnd === -1) return -1;
    const key = keyText(line, index + 1, keyEnd);
    if (known.has(key)) {
      if (seen.has(key)) return DUPLICATE;
      seen.add(key);
    }
    const colon = skipWhitespace(line, keyEnd + 1);
    if (line.charCodeAt(colon) !== 58) return -1;
    const value = skipWhitespace(line, colon + 1);
    const child = nested.get(key);
    const valueEnd = child !== undefined && line.charCodeAt(value) === 123
      ? objectEnd(line, value + 1, child)
      : valueEndAt(line, value);
    if (valueEnd < 0) return valueEnd;
    index = skipWhitespace(line, valueEnd + 1);
    const code = line.charCodeAt(index);
    if (code === 125) return index;
    if (code !== 44) return -1;
    index = skipWhitespace(line, index + 1);
  }
}

/** The key's text; escapes are decoded only when present (rare in keys). */
function keyText(line: string, start: number, end: number): string {
  const raw = line.slice(start, end);
  if (!raw.includes("\\")) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** Index of the last character of the value starting at `start`, or -1. */
function valueEndAt(line: string, start: number): number {
  const first = line.charCodeAt(start);
  if (first === 34) return stringEnd(line, start + 1);
  if (first === 123 || first === 91) return containerEnd(line, start + 1);
  let end = start;
  while (end < line.length) {
    const code = line.charCodeAt(end);
    if (code === 44 || code === 125 || code === 93 || code === 32 || code === 9 || code === 10) {
      break;
    }
    end++;
  }
  return end === start ? -1 : end - 1;
}

/** The body range of the first `iterations` array that is a direct member of a `usage` object. */
function iterationsSpan(line: string): [number, number] | null {
  let offset = 0;
  for (;;) {
    const found = line.indexOf('"usage"', offset);
    if (found === -1) return null;
    offset = found + 7;
    const colon = expectAfterWhitespace(line, offset, 58);
    const body = colon === -1 ? -1 : expectAfterWhitespace(line, colon, 123);
    if (body === -1) continue;
    const span = iterationsInObject(line, body);
    if (span !== null) return span;
  }
}

function iterationsInObject(line: string, start: number): [number, number] | null {
  let index = skipWhitespace(line, start);
  for (;;) {
    if (line.charCodeAt(index) !== 34) return null;
    const keyEnd = stringEnd(line, index + 1);
    if (keyEnd === -1) return null;
    const key = line.slice(index + 1, keyEnd);
    let value = expectAfterWhitespace(line, keyEnd + 1, 58);
    if (value === -1) return null;
    value = skipWhitespace(line, value);
    const first = line.charCodeAt(value);
    let valueEnd: number;
    if (first === 91 && key === "iterations") {
      const end = containerEnd(line, value + 1);
      return end === -1 ? null : [value + 1, end];
    } else if (first === 91 || first === 123) {
      valueEnd = containerEnd(line, value + 1);
    } else if (first === 34) {
      valueEnd = stringEnd(line, value + 1);
    } else {
      let end = value;
      while (end < line.length && line.charCodeAt(end) !== 44 && line.charCodeAt(end) !== 125) {
        end++;
      }
      valueEnd = end - 1;
    }
    if (valueEnd === -1 || Number.isNaN(first)) return null;
    index = skipWhitespace(line, valueEnd + 1);
    if (line.charCodeAt(index) !== 44) return null;
    index = skipWhitespace(line, index + 1);
  }
}

/** Index of the bracket closing the container whose body starts at `start`, or -1. */
function containerEnd(line: string, start: number): number {
  let depth = 1;
  for (let index = start; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (code === 34) {
      index = stringEnd(line, index + 1);
      if (index === -1) return -1;
    } else if (code === 91 || code === 123) {
      depth++;
    } else if (code === 93 || code === 125) {
      if (--depth === 0) return index;
    }
  }
  return -1;
}

/**
 * Index of the quote closing the string whose body starts at `start`, or -1. Jumps from quote
 * to quote; a quote preceded by an odd run of backslashes is escaped.
 */
function stringEnd(line: string, start: number): number {
  let from = start;
  for (;;) {
    const quote = line.indexOf('"', from);
    if (quote === -1) return -1;
    let slash = quote - 1;
    while (slash >= start && line.charCodeAt(slash) === 92) slash--;
    if ((quote - 1 - slash) % 2 === 0) return quote;
    from = quote + 1;
  }
}

function skipWhitespace(line: string, start: number): number {
  let index = start;
  for (;;) {
    const code = line.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return index;
    index++;
  }
}

function expectAfterWhitespace(line: string, start: number, expected: number): number {
  const index = skipWhitespace(line, start);
  return line.charCodeAt(index) === expected ? index + 1 : -1;
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}
