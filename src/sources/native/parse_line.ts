/** Turns one Claude Code transcript line into a usage entry, with ccusage 20.0.24's acceptance rules. */

import { entryCost, type PriceTable } from "./pricing.ts";

/** One accepted usage line, reduced to what blocks and de-duplication need (no raw text kept). */
export interface UsageEntry {
  /** Epoch milliseconds. */
  time: number;
  messageId: string | null;
  requestId: string | null;
  /** The line's `sessionId`; null or absent when it had none (the file path then names it). */
  sessionId?: string | null;
  sidechain: boolean;
  /** Whether `usage.speed` was present (a de-duplication tie-breaker). */
  hasSpeed: boolean;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUSD: number;
  /** The model as blocks list it (`-fast` suffixed), or null for `<synthetic>` and missing models. */
  model: string | null;
  /** The model name when it had no price and no `costUSD`, else null. */
  unpricedModel: string | null;
  /** Epoch milliseconds of a "usage limit reached|<seconds>" API error, else null. */
  resetTime: number | null;
}

/** The byte pattern a line must contain to be considered at all. */
export const USAGE_MARKER = '"usage":{';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?(?:Z|[+-]\d{2}:\d{2})$/;
const LIMIT_MARKER = "Claude AI usage limit reached";
const NULL_REJECTED_FIELDS = new Set([
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
]);

/**
 * Parses one line (already known to contain `"usage":{`); returns null when ccusage would skip
 * it, else the entry followed by one entry per advisor iteration
 * (`message.usage.iterations[]` of type `advisor_message`), as ccusage 20.0.24 counts them.
 *
 * @example
 * ```ts
 * const entries = parseUsageLine(line, bundledPrices);
 * if (entries === null) skipped++;
 * ```
 */
export function parseUsageLine(line: string, prices: PriceTable): UsageEntry[] | null {
  if (hasRejectedNull(line) || hasNonIntegerTokens(line)) return null;
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isRecord(data)) return null;
  const timestamp = data.timestamp;
  if (typeof timestamp !== "string" || !TIMESTAMP.test(timestamp)) return null;
  const time = Date.parse(timestamp);
  if (Number.isNaN(time)) return null;

  const version = optionalString(data.version);
  const sessionId = optionalString(data.sessionId);
  const requestId = optionalString(data.requestId);
  const cwd = optionalString(data.cwd);
  if (version === false || sessionId === false || requestId === false || cwd === false) return null;
  if (version !== null && !isSemverPrefix(version)) return null;
  if (sessionId === "" || requestId === "") return null;
  const costUSD = data.costUSD;
  if (costUSD !== undefined && typeof costUSD !== "number") return null;
  const apiError = optionalBoolean(data.isApiErrorMessage);
  const sidechain = optionalBoolean(data.isSidechain);
  if (apiError === undefined || sidechain === undefined) return null;

  const message = data.message;
  if (!isRecord(message)) return null;
  const messageId = optionalString(message.id);
  const model = optionalString(message.model);
  if (messageId === false || model === false || messageId === "" || model === "") return null;
  const usage = message.usage;
  if (!isRecord(usage)) return null;
  const tokens = usageTokens(usage);
  if (tokens === null) return null;
  const resetTime = apiError === true ? usageLimitResetTime(line) : null;
  const ids = { messageId, requestId, sessionId };
  const entry = buildEntry(time, ids, sidechain === true, model, tokens, prices, {
    costUSD: typeof costUSD === "number" ? costUSD : null,
    fastSuffix: true,
    resetTime,
  });
  const entries = [entry];
  if (line.includes('"advisor_message"')) {
    for (const [index, advisor] of advisorUsages(usage).entries()) {
      entries.push(buildEntry(
        time,
        { ...ids, messageId: messageId === null ? null : `${messageId}:advisor:${index}` },
        sidechain === true,
        advisor.model,
        advisor.tokens,
        prices,
        { costUSD: null, fastSuffix: false, resetTime },
      ));
    }
  }
  return entries;
}

/** Token fields of one usage object. */
interface UsageTokens {
  input: number;
  output: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  /** `usage.speed` when present. */
  speed: "standard" | "fast" | null;
}

/** Reads a usage object with ccusage's types; null when a field has the wrong type. */
function usageTokens(usage: Record<string, unknown>): UsageTokens | null {
  const input = tokenCount(usage.input_tokens, false);
  const output = tokenCount(usage.output_tokens, false);
  const cacheCreationTotal = tokenCount(usage.cache_creation_input_tokens, true);
  const cacheRead = tokenCount(usage.cache_read_input_tokens, true);
  if (input === null || output === null || cacheCreationTotal === null || cacheRead === null) {
    return null;
  }
  const speed = usage.speed;
  if (speed !== undefined && speed !== "standard" && speed !== "fast") return null;
  let cacheWrite5m = cacheCreationTotal;
  let cacheWrite1h = 0;
  const breakdown = usage.cache_creation;
  if (breakdown !== undefined && breakdown !== null) {
    if (!isRecord(breakdown)) return null;
    const fiveMinutes = tokenCount(breakdown.ephemeral_5m_input_tokens, true);
    const oneHour = tokenCount(breakdown.ephemeral_1h_input_tokens, true);
    if (fiveMinutes === null || oneHour === null) return null;
    cacheWrite5m = fiveMinutes;
    cacheWrite1h = oneHour;
  }
  return { input, output, cacheWrite5m, cacheWrite1h, cacheRead, speed: speed ?? null };
}

/** Advisor iterations with a model; none when the iterations list does not have ccusage's shape. */
function advisorUsages(usage: Record<string, unknown>): { model: string; tokens: UsageTokens }[] {
  const iterations = usage.iterations;
  if (iterations === undefined) return [];
  if (!Array.isArray(iterations)) return [];
  const parsed: { kind: unknown; model: unknown; tokens: UsageTokens | null }[] = [];
  for (const iteration of iterations) {
    if (!isRecord(iteration)) return [];
    const tokens = usageTokens(iteration);
    const model = iteration.model;
    // ccusage drops the whole list when any iteration fails to deserialize.
    if (tokens === null || typeof iteration.type !== "string") return [];
    if (model !== undefined && model !== null && typeof model !== "string") return [];
    parsed.push({ kind: iteration.type, model, tokens });
  }
  const advisors: { model: string; tokens: UsageTokens }[] = [];
  for (const { kind, model, tokens } of parsed) {
    if (
      kind === "advisor_message" && typeof model === "string" && model !== "" && tokens !== null
    ) {
      advisors.push({ model, tokens });
    }
  }
  return advisors;
}

/** The ids of one line that de-duplication compares. */
interface LineIds {
  messageId: string | null;
  requestId: string | null;
  sessionId: string | null;
}

function buildEntry(
  time: number,
  ids: LineIds,
  sidechain: boolean,
  model: string | null,
  tokens: UsageTokens,
  prices: PriceTable,
  options: { costUSD: number | null; fastSuffix: boolean; resetTime: number | null },
): UsageEntry {
  const fast = tokens.speed === "fast";
  let cost = 0;
  let unpricedModel: string | null = null;
  if (options.costUSD !== null) {
    cost = options.costUSD;
  } else if (model !== null) {
    const price = prices.find(model);
    if (price === null) {
      if (model !== "<synthetic>") unpricedModel = model;
    } else {
      cost = entryCost(price, { ...tokens, fast });
    }
  }
  const listed = model === null || model === "<synthetic>"
    ? null
    : intern(fast && options.fastSuffix ? `${model}-fast` : model);
  return {
    time,
    messageId: ids.messageId,
    requestId: ids.requestId,
    sessionId: ids.sessionId,
    sidechain,
    hasSpeed: tokens.speed !== null,
    inputTokens: tokens.input,
    outputTokens: tokens.output,
    cacheCreationTokens: tokens.cacheWrite5m + tokens.cacheWrite1h,
    cacheReadTokens: tokens.cacheRead,
    costUSD: cost,
    model: listed,
    unpricedModel: unpricedModel === null ? null : intern(unpricedModel),
    resetTime: options.resetTime,
  };
}

// JSON.parse makes a new string per line; sharing one per model name saves memory per entry.
const interned = new Map<string, string>();

function intern(value: string): string {
  const existing = interned.get(value);
  if (existing !== undefined) return existing;
  interned.set(value, value);
  return value;
}

/**
 * ccusage rejects a line when a known field is `null` anywhere in it (found on the raw text),
 * except `"model":null` inside the `iterations` array of a `usage` object.
 */
function hasRejectedNull(line: string): boolean {
  let offset = 0;
  let iterations: [number, number] | null | undefined;
  for (;;) {
    const nullIndex = line.indexOf(":null", offset);
    if (nullIndex === -1) return false;
    // The field name is the text between the two quotes before `:null`, as ccusage reads it.
    const fieldEnd = nullIndex === 0 ? -1 : line.lastIndexOf('"', nullIndex - 1);
    if (fieldEnd > 0) {
      const fieldStart = line.lastIndexOf('"', fieldEnd - 1);
      const field = fieldStart !== -1 && fieldEnd - fieldStart <= 28
        ? line.slice(fieldStart + 1, fieldEnd)
        : "";
      if (NULL_REJECTED_FIELDS.has(field)) {
        if (field !== "model") return true;
        if (iterations === undefined) iterations = iterationsSpan(line);
        if (iterations === null || nullIndex < iterations[0] || nullIndex >= iterations[1]) {
          return true;
        }
      }
    }
    offset = nullIndex + 5;
  }
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

function stringEnd(line: string, start: number): number {
  for (let index = start; index < line.length; index++) {
    const code = line.charCodeAt(index);
    if (code === 92) index++;
    else if (code === 34) return index;
  }
  return -1;
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

/** JSON.parse turns 10.0 into 10, but ccusage's integer token fields reject it. */
function hasNonIntegerTokens(line: string): boolean {
  let offset = 0;
  for (;;) {
    const key = line.indexOf('_tokens":', offset);
    if (key === -1) return false;
    let index = key + 9;
    while (line.charCodeAt(index) === 32) index++;
    if (line.charCodeAt(index) === 45) index++;
    while (isDigitCode(line.charCodeAt(index))) index++;
    const next = line.charCodeAt(index);
    if (next === 46 || next === 101 || next === 69) return true;
    offset = key + 9;
  }
}

function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

function usageLimitResetTime(line: string): number | null {
  const markerStart = line.indexOf(LIMIT_MARKER);
  if (markerStart === -1) return null;
  const bar = line.indexOf("|", markerStart);
  if (bar === -1) return null;
  let end = bar + 1;
  while (end < line.length && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) end++;
  if (end === bar + 1) return null;
  const seconds = Number(line.slice(bar + 1, end));
  if (!Number.isSafeInteger(seconds) || seconds <= 0) return null;
  return seconds * 1000;
}

function isSemverPrefix(value: string): boolean {
  return /^\d+\.\d+\.\d/.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The string, null when absent, or false when present with another type. */
function optionalString(value: unknown): string | null | false {
  if (value === undefined) return null;
  return typeof value === "string" ? value : false;
}

/** The boolean, null when absent, or undefined when present with another type. */
function optionalBoolean(value: unknown): boolean | null | undefined {
  if (value === undefined) return null;
  return typeof value === "boolean" ? value : undefined;
}

/** A non-negative integer token count; absent counts as 0 when `optional`; null when invalid. */
function tokenCount(value: unknown, optional: boolean): number | null {
  if (value === undefined) return optional ? 0 : null;
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : null;
}
