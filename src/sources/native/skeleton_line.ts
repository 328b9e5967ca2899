/**
 * Shrinks a very long line before it is decoded: long strings that no rule reads are emptied, so
 * a line of hundreds of MB costs about its own size in memory instead of several times it (the
 * decoded text and JSON.parse's copy of each string).
 */

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COLON = 58;
const COMMA = 44;

/** Strings shorter than this are kept as they are (emptying them saves little). */
const LONG_STRING = 4096;

/** Which object a container is, for the fields whose text the line rules read. */
const enum Known {
  None,
  Top,
  Message,
  /** `message.usage` and everything under it (its strings are all kept). */
  Usage,
}

/** Text fields read by the line rules, by the known object that holds them. */
const TEXT_FIELDS: Record<number, Set<string>> = {
  [Known.Top]: new Set(["timestamp", "version", "sessionId", "requestId"]),
  [Known.Message]: new Set(["id", "model"]),
};

const LIMIT_MARKER = new TextEncoder().encode("Claude AI usage limit reached");

/**
 * `bytes` (one line) with the content of every long string emptied, except keys, the text fields
 * the rules read, anything under `usage`, and strings holding the usage-limit text. Returns null
 * when an emptied string is not valid JSON text (a raw control character or a bad escape), which
 * JSON.parse would have refused: the line is then rejected as before. Linear in the line.
 *
 * @example
 * ```ts
 * const smaller = skeletonLine(bytes); // null: reject the line
 * ```
 */
export function skeletonLine(bytes: Uint8Array): Uint8Array | null {
  const out = new Uint8Array(bytes.length);
  let written = 0;
  let copied = 0;
  // Per open container: its kind, whether a key comes next, and the last key seen.
  const kinds: Known[] = [];
  const isObject: boolean[] = [];
  let expectKey = false;
  let lastKey = "";
  let nextBackslash = -2;
  let index = 0;
  while (index < bytes.length) {
    const code = bytes[index]!;
    if (code === QUOTE) {
      const start = index + 1;
      // Find the closing quote, checking each escape on the way.
      let at = start;
      let end = -1;
      for (;;) {
        const quote = bytes.indexOf(QUOTE, at);
        if (quote === -1) return bytes; // unterminated: JSON.parse reports it
        if (nextBackslash < at && nextBackslash !== -1) {
          nextBackslash = bytes.indexOf(BACKSLASH, at);
        }
        if (nextBackslash !== -1 && nextBackslash < quote) {
          const skip = escapeLength(bytes, nextBackslash);
          if (skip === 0) return null;
          at = nextBackslash + skip;
          continue;
        }
        end = quote;
        break;
      }
      const inObject = isObject[isObject.length - 1] === true;
      const kind = kinds[kinds.length - 1] ?? Known.None;
      if (inObject && expectKey) {
        lastKey = end - start <= 64 ? latin1(bytes, start, end) : "";
        expectKey = false;
      } else if (
        end - start >= LONG_STRING && kind !== Known.Usage &&
        !(inObject && TEXT_FIELDS[kind]?.has(lastKey)) && !holdsLimitText(bytes, start, end)
      ) {
        if (!validText(bytes, start, end)) return null;
        out.set(bytes.subarray(copied, start), written);
        written += start - copied;
        copied = end;
      }
      index = end + 1;
      continue;
    }
    if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      const parent = kinds[kinds.length - 1];
      const object = code === OPEN_OBJECT;
      let kind = Known.None;
      if (parent === undefined) kind = object ? Known.Top : Known.None;
      else if (parent === Known.Usage) kind = Known.Usage;
      else if (object && isObject[isObject.length - 1]) {
        if (parent === Known.Top && lastKey === "message") kind = Known.Message;
        else if (parent === Known.Message && lastKey === "usage") kind = Known.Usage;
      }
      kinds.push(kind);
      isObject.push(object);
      expectKey = object;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      kinds.pop();
      isObject.pop();
      expectKey = false;
    } else if (code === COMMA) {
      expectKey = isObject[isObject.length - 1] === true;
    } else if (code === COLON) {
      expectKey = false;
    }
    index++;
  }
  if (copied === 0) return bytes;
  out.set(bytes.subarray(copied), written);
  written += bytes.length - copied;
  return out.subarray(0, written);
}

/** Bytes taken by the escape at `at` (a backslash), or 0 when JSON does not allow it. */
function escapeLength(bytes: Uint8Array, at: number): number {
  const next = bytes[at + 1];
  // " \ / b f n r t
  if (
    next === 34 || next === 92 || next === 47 || next === 98 || next === 102 || next === 110 ||
    next === 114 || next === 116
  ) {
    return 2;
  }
  if (next !== 117) return 0;
  for (let offset = 2; offset < 6; offset++) {
    const hex = bytes[at + offset];
    if (hex === undefined) return 0;
    const ok = (hex >= 48 && hex <= 57) || (hex >= 65 && hex <= 70) || (hex >= 97 && hex <= 102);
    if (!ok) return 0;
  }
  return 6;
}

/** No raw control character (JSON strings must escape them). */
function validText(bytes: Uint8Array, start: number, end: number): boolean {
  for (let index = start; index < end; index++) if (bytes[index]! < 32) return false;
  return true;
}

function holdsLimitText(bytes: Uint8Array, start: number, end: number): boolean {
  // Searched inside the string only, so many long strings stay linear.
  const text = bytes.subarray(start, end);
  let at = text.indexOf(LIMIT_MARKER[0]!);
  while (at !== -1 && at + LIMIT_MARKER.length <= text.length) {
    let same = true;
    for (let offset = 1; offset < LIMIT_MARKER.length && same; offset++) {
      same = text[at + offset] === LIMIT_MARKER[offset];
    }
    if (same) return true;
    at = text.indexOf(LIMIT_MARKER[0]!, at + 1);
  }
  return false;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let index = start; index < end; index++) text += String.fromCharCode(bytes[index]!);
  return text;
}
