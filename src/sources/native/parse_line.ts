/** Turns one Claude Code transcript line into a usage entry, with ccusage 20.0.24's acceptance rules. */

import { hasDuplicateKnownKey, hasInvalidTokenNumber, hasRejectedNull } from "./line_checks.ts";
import { entryCost, type PriceTable } from "./pricing.ts";
import type { BlockEntry } from "../../core/identify_blocks.ts";

/**
 * One accepted usage line, reduced to what blocks and de-duplication need (no raw text kept):
 * the block rules' entry (`model` is `-fast` suffixed, null for `<synthetic>` and missing
 * models; `resetTime` from a "usage limit reached|<seconds>" API error) plus what
 * de-duplication and pricing warnings read.
 */
export interface UsageEntry extends BlockEntry {
  messageId: string | null;
  requestId: string | null;
  /** The line's `sessionId`; null or absent when it had none (the file path then names it). */
  sessionId?: string | null;
  sidechain: boolean;
  /** Whether `usage.speed` was present (a de-duplication tie-breaker). */
  hasSpeed: boolean;
  /** The model name when it had no price and no `costUSD`, else null. */
  unpricedModel: string | null;
}

/** The byte pattern a line must contain to be considered at all. */
export const USAGE_MARKER = '"usage":{';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?(?:Z|[+-]\d{2}:\d{2})$/;
const LIMIT_MARKER = "Claude AI usage limit reached";
const CANONICAL_CHECK_MAX = 1 << 20;

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
export function parseUsageLine(
  line: string,
  prices: PriceTable,
  invalidUtf8 = false,
): UsageEntry[] | null {
  if (hasRejectedNull(line) || hasInvalidTokenNumber(line)) return null;
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
  // ccusage does not read `cwd`: any type is fine (`"cwd":null` is refused by the null check).
  if (version === false || sessionId === false || requestId === false) return null;
  if (version !== null && !isSemverPrefix(version)) return null;
  if (sessionId === "" || requestId === "") return null;
  const costUSD = data.costUSD;
  if (costUSD !== undefined && typeof costUSD !== "number") return null;
  const apiError = optionalBoolean(data.isApiErrorMessage);
  // `"isSidechain":null` counts as not a sidechain in ccusage.
  const sidechain = data.isSidechain === null ? false : optionalBoolean(data.isSidechain);
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
  const checkText = invalidUtf8 || hasSurrogateEscape(line);
  if (checkText && !knownTextValid(data, message, usage, invalidUtf8)) return null;
  // Only a line that is not exactly what JSON.stringify writes can repeat a key. Very long lines
  // go straight to the (linear) key scan: stringifying hundreds of MB exhausts V8.
  const canonical = line.length <= CANONICAL_CHECK_MAX && JSON.stringify(data) === line;
  if (!canonical && hasDuplicateKnownKey(line)) return null;
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
    // ccusage also reads the breakdown written as an array `[5m, 1h]` (shorter means 0).
    const list = Array.isArray(breakdown) ? breakdown : null;
    if (list !== null && list.length > 2) return null;
    if (list === null && !isRecord(breakdown)) return null;
    const fiveMinutes = tokenCount(
      list === null ? (breakdown as Record<string, unknown>).ephemeral_5m_input_tokens : list[0],
      true,
    );
    const oneHour = tokenCount(
      list === null ? (breakdown as Record<string, unknown>).ephemeral_1h_input_tokens : list[1],
      true,
    );
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

/** Whether the line has a `\\uD800`-`\\uDFFF` escape (a possible lone surrogate). */
function hasSurrogateEscape(line: string): boolean {
  // One pass for any `\\u` escape (rare: Claude Code writes other characters as UTF-8).
  return line.includes("\\u");
}

/** String values of the known objects that ccusage reads as text. */
const TEXT_FIELDS: readonly [string, string[]][] = [
  ["top", ["timestamp", "version", "sessionId", "requestId"]],
  ["message", ["id", "model"]],
  ["usage", ["speed"]],
];

/**
 * ccusage decodes the keys of the objects it reads and the text fields it uses: a lone surrogate
 * or (when the line had invalid UTF-8, decoded as U+FFFD) a replacement character there makes it
 * drop the line; the same in any other string is ignored.
 */
function knownTextValid(
  data: Record<string, unknown>,
  message: Record<string, unknown>,
  usage: Record<string, unknown>,
  invalidUtf8: boolean,
): boolean {
  const valid = (text: string) => text.isWellFormed() && !(invalidUtf8 && text.includes("\uFFFD"));
  const breakdown = usage.cache_creation;
  const objects: Record<string, Record<string, unknown>> = { top: data, message, usage };
  for (const object of [data, message, usage, isRecord(breakdown) ? breakdown : {}]) {
    for (const key of Object.keys(object)) if (!valid(key)) return false;
  }
  for (const [name, fields] of TEXT_FIELDS) {
    for (const field of fields) {
      const value = objects[name]![field];
      if (typeof value === "string" && !valid(value)) return false;
    }
  }
  return true;
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
