/** Turns one Claude Code transcript line into a usage entry, with ccusage 20.0.24's acceptance rules. */

import { entryCost, type PriceTable } from "./pricing.ts";

/** One accepted usage line, reduced to what blocks and de-duplication need (no raw text kept). */
export interface UsageEntry {
  /** Epoch milliseconds. */
  time: number;
  messageId: string | null;
  requestId: string | null;
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
 * Parses one line (already known to contain `"usage":{`); returns null when ccusage would skip it.
 *
 * @example
 * ```ts
 * const entry = parseUsageLine(line, bundledPrices);
 * if (entry === null) skipped++;
 * ```
 */
export function parseUsageLine(line: string, prices: PriceTable): UsageEntry | null {
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
  const input = tokenCount(usage.input_tokens, false);
  const output = tokenCount(usage.output_tokens, false);
  const cacheCreationTotal = tokenCount(usage.cache_creation_input_tokens, true);
  const cacheRead = tokenCount(usage.cache_read_input_tokens, true);
  if (input === null || output === null || cacheCreationTotal === null || cacheRead === null) {
    return null;
  }
  const speed = usage.speed;
  if (speed !== undefined && speed !== "standard" && speed !== "fast") return null;
  const fast = speed === "fast";

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

  let cost = 0;
  let unpricedModel: string | null = null;
  if (typeof costUSD === "number") {
    cost = costUSD;
  } else if (model !== null) {
    const price = prices.find(model);
    if (price === null) {
      if (model !== "<synthetic>") unpricedModel = model;
    } else {
      cost = entryCost(price, {
        input,
        output,
        cacheWrite5m,
        cacheWrite1h,
        cacheRead,
        fast,
      });
    }
  }

  return {
    time,
    messageId,
    requestId,
    sidechain: sidechain === true,
    hasSpeed: speed !== undefined,
    inputTokens: input,
    outputTokens: output,
    cacheCreationTokens: cacheWrite5m + cacheWrite1h,
    cacheReadTokens: cacheRead,
    costUSD: cost,
    model: model === null || model === "<synthetic>"
      ? null
      : intern(fast ? `${model}-fast` : model),
    unpricedModel: unpricedModel === null ? null : intern(unpricedModel),
    resetTime: apiError === true ? usageLimitResetTime(line) : null,
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

/** ccusage rejects a line when a known field is `null` anywhere in it (found on the raw text). */
function hasRejectedNull(line: string): boolean {
  let offset = 0;
  for (;;) {
    const nullIndex = line.indexOf(":null", offset);
    if (nullIndex === -1) return false;
    // The field name is the text between the two quotes before `:null`, as ccusage reads it.
    const fieldEnd = nullIndex === 0 ? -1 : line.lastIndexOf('"', nullIndex - 1);
    if (fieldEnd > 0) {
      const fieldStart = line.lastIndexOf('"', fieldEnd - 1);
      if (
        fieldStart !== -1 && fieldEnd - fieldStart <= 28 &&
        NULL_REJECTED_FIELDS.has(line.slice(fieldStart + 1, fieldEnd))
      ) {
        return true;
      }
    }
    offset = nullIndex + 5;
  }
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
