/**
 * The ccusage decoder: validates `ccusage blocks --json` output into typed blocks (parse, never
 * compare bytes); ccusage's ISO times become epoch ms here, the only place they are read.
 */

import type { Block, BurnRate, Projection, TokenCounts } from "../core/types.ts";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Epoch ms of an ISO time string, or NaN when `v` is not one. */
function isoTime(v: unknown): number {
  return typeof v === "string" ? Date.parse(v) : NaN;
}

function fail(where: string, what: string): never {
  throw new TypeError(`${where}: ${what}`);
}

/**
 * The largest count or amount taken from ccusage: no real window comes near it, and sums of many
 * such values stay finite, so an absurd figure can never turn a total into Infinity (which the
 * state file would write as null).
 */
export const MAX_VALUE = Number.MAX_SAFE_INTEGER;

/** A finite number from 0 to MAX_VALUE (every figure in ccusage's blocks is one). */
function num(o: Obj, key: string, where: string, whole = false): number {
  const v = o[key];
  if (typeof v !== "number") fail(where, `"${key}" is not a number`);
  if (!Number.isFinite(v) || v < 0 || v > MAX_VALUE || (whole && !Number.isInteger(v))) {
    fail(
      where,
      `"${key}" is ${v}: expected a ${whole ? "whole number" : "number"} from 0 to ${MAX_VALUE}`,
    );
  }
  return v;
}

/** A token or entry count: a whole number from 0 to MAX_VALUE. */
function count(o: Obj, key: string, where: string): number {
  return num(o, key, where, true);
}

function tokenCounts(v: unknown, where: string): TokenCounts {
  if (!isObj(v)) fail(where, `"tokenCounts" is not an object`);
  return {
    inputTokens: count(v, "inputTokens", where),
    outputTokens: count(v, "outputTokens", where),
    cacheCreationInputTokens: count(v, "cacheCreationInputTokens", where),
    cacheReadInputTokens: count(v, "cacheReadInputTokens", where),
  };
}

function burnRate(v: unknown, where: string): BurnRate | null {
  if (v === null || v === undefined) return null;
  if (!isObj(v)) fail(where, `"burnRate" is not an object`);
  return {
    tokensPerMinute: num(v, "tokensPerMinute", where),
    tokensPerMinuteForIndicator: v["tokensPerMinuteForIndicator"] === undefined
      ? num(v, "tokensPerMinute", where)
      : num(v, "tokensPerMinuteForIndicator", where),
    costPerHour: num(v, "costPerHour", where),
  };
}

function projection(v: unknown, where: string): Projection | null {
  if (v === null || v === undefined) return null;
  if (!isObj(v)) fail(where, `"projection" is not an object`);
  return {
    totalTokens: num(v, "totalTokens", where),
    totalCost: num(v, "totalCost", where),
    remainingMinutes: num(v, "remainingMinutes", where),
  };
}

function block(v: unknown, index: number): Block {
  const where = `blocks[${index}]`;
  if (!isObj(v)) fail(where, "is not an object");
  const id = v["id"];
  if (typeof id !== "string" || id === "") fail(where, `"id" is not a string`);
  const time = (key: string): number => {
    const ms = isoTime(v[key]);
    if (Number.isNaN(ms)) fail(where, `"${key}" is not an ISO time`);
    return ms;
  };
  const startTime = time("startTime");
  const endTime = time("endTime");
  const actualEnd = v["actualEndTime"];
  const actualEndTime = actualEnd === null || actualEnd === undefined ? null : isoTime(actualEnd);
  if (actualEndTime !== null && Number.isNaN(actualEndTime)) {
    fail(where, `"actualEndTime" is not an ISO time or null`);
  }
  if (typeof v["isActive"] !== "boolean") fail(where, `"isActive" is not a boolean`);
  if (typeof v["isGap"] !== "boolean") fail(where, `"isGap" is not a boolean`);
  const models = v["models"];
  if (!Array.isArray(models) || !models.every((m) => typeof m === "string")) {
    fail(where, `"models" is not a list of strings`);
  }
  if (endTime < startTime) fail(where, `"endTime" is before "startTime"`);
  const counts = tokenCounts(v["tokenCounts"], where);
  const totalTokens = count(v, "totalTokens", where);
  const sum = counts.inputTokens + counts.outputTokens + counts.cacheCreationInputTokens +
    counts.cacheReadInputTokens;
  if (totalTokens !== sum) {
    fail(where, `"totalTokens" is ${totalTokens}, not the sum of "tokenCounts" (${sum})`);
  }
  const out: Block = {
    id,
    startTime,
    endTime,
    actualEndTime,
    isActive: v["isActive"],
    isGap: v["isGap"],
    entries: count(v, "entries", where),
    tokenCounts: counts,
    totalTokens,
    costUSD: num(v, "costUSD", where),
    models: models as string[],
    burnRate: burnRate(v["burnRate"], where),
    projection: projection(v["projection"], where),
  };
  const resetTime = isoTime(v["usageLimitResetTime"]);
  if (!Number.isNaN(resetTime)) out.usageLimitResetTime = resetTime;
  return out;
}

/**
 * Parses and validates ccusage's `{"blocks":[...]}` text. Throws TypeError naming the first
 * problem (`blocks[3]: "costUSD" is not a number`).
 *
 * @example
 * ```ts
 * parseBlocksJson('{"blocks":[]}'); // []
 * ```
 */
export function parseBlocksJson(text: string): Block[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const head = text.trim().slice(0, 60).replace(/\s+/g, " ");
    throw new TypeError(head === "" ? "empty output" : `not JSON (starts with "${head}")`);
  }
  if (!isObj(data) || !Array.isArray(data["blocks"])) {
    throw new TypeError(`expected an object with a "blocks" list`);
  }
  return data["blocks"].map(block);
}
