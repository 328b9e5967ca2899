/**
 * Turns what `fastUsageLine` recorded into a row of entry columns (ids fingerprinted straight
 * from the bytes, no strings made), or into the `UsageEntry` that `parseUsageLine` gives.
 */

import {
  type EntryColumns,
  FLAG_MESSAGE_ID,
  FLAG_REQUEST_ID,
  FLAG_SESSION_ID,
  FLAG_SIDECHAIN,
  FLAG_SPEED,
  ID_WORDS,
} from "./entry_columns.ts";
import type { FastLine } from "./fast_usage_line.ts";
import type { UsageEntry } from "./parse_line.ts";
import { type CostTokens, entryCost, type ModelPrice, type PriceTable } from "./pricing.ts";

/** A model name seen in lines, with its price and the names blocks list for it. */
interface ModelInfo {
  bytes: Uint8Array;
  prices: PriceTable;
  name: string;
  price: ModelPrice | null;
  /** The listed name without and with the `-fast` suffix (null for `<synthetic>`). */
  listed: string | null;
  listedFast: string | null;
}

// Few distinct models appear in a history; a short list compared byte by byte avoids making a
// string per line.
const models: ModelInfo[] = [];
const MAX_MODELS = 64;
const tokens: CostTokens = {
  input: 0,
  output: 0,
  cacheWrite5m: 0,
  cacheWrite1h: 0,
  cacheRead: 0,
  fast: false,
};

function modelInfo(bytes: Uint8Array, start: number, stop: number, prices: PriceTable): ModelInfo {
  const length = stop - start;
  search: for (let index = 0; index < models.length; index++) {
    const info = models[index]!;
    if (info.prices !== prices || info.bytes.length !== length) continue;
    for (let offset = 0; offset < length; offset++) {
      if (info.bytes[offset] !== bytes[start + offset]) continue search;
    }
    return info;
  }
  const name = String.fromCharCode(...bytes.subarray(start, stop));
  const synthetic = name === "<synthetic>";
  const info: ModelInfo = {
    bytes: bytes.slice(start, stop),
    prices,
    name,
    price: prices.find(name),
    listed: synthetic ? null : name,
    listedFast: synthetic ? null : `${name}-fast`,
  };
  if (models.length >= MAX_MODELS) models.shift();
  models.push(info);
  return info;
}

/** Cost, listed model and unpriced model of a line, as `parseUsageLine` computes them. */
interface Priced {
  cost: number;
  listed: string | null;
  unpriced: string | null;
}

const priced: Priced = { cost: 0, listed: null, unpriced: null };

function price(bytes: Uint8Array, line: FastLine, prices: PriceTable): Priced {
  const fast = line.speed === 2;
  priced.cost = 0;
  priced.listed = null;
  priced.unpriced = null;
  const info = line.modelStart === -1
    ? null
    : modelInfo(bytes, line.modelStart, line.modelEnd, prices);
  if (line.costUSD !== null) {
    priced.cost = line.costUSD;
  } else if (info !== null) {
    if (info.price === null) {
      if (info.listed !== null) priced.unpriced = info.name;
    } else {
      tokens.input = line.input;
      tokens.output = line.output;
      tokens.cacheWrite5m = line.cacheWrite5m;
      tokens.cacheWrite1h = line.cacheWrite1h;
      tokens.cacheRead = line.cacheRead;
      tokens.fast = fast;
      priced.cost = entryCost(info.price, tokens);
    }
  }
  if (info !== null) priced.listed = fast ? info.listedFast : info.listed;
  return priced;
}

/**
 * Appends the line's entry to `columns`; the same row `columns.push(parseUsageLine(...)[0])`
 * writes.
 *
 * @example
 * ```ts
 * if (fastUsageLine(bytes, start, stop, line)) pushFastLine(columns, bytes, line, prices);
 * ```
 */
export function pushFastLine(
  columns: EntryColumns,
  bytes: Uint8Array,
  line: FastLine,
  prices: PriceTable,
): void {
  const { cost, listed, unpriced } = price(bytes, line, prices);
  const row = columns.addRow();
  columns.time[row] = line.time;
  columns.input[row] = line.input;
  columns.output[row] = line.output;
  columns.cacheCreation[row] = line.cacheWrite5m + line.cacheWrite1h;
  columns.cacheRead[row] = line.cacheRead;
  columns.cost[row] = cost;
  let flags = (line.sidechain ? FLAG_SIDECHAIN : 0) | (line.speed !== 0 ? FLAG_SPEED : 0);
  const ids = columns.ids;
  const at = row * ID_WORDS;
  if (line.messageIdStart !== -1) {
    flags |= FLAG_MESSAGE_ID;
    fingerprintBytes(bytes, line.messageIdStart, line.messageIdEnd, ids, at);
  }
  if (line.requestIdStart !== -1) {
    flags |= FLAG_REQUEST_ID;
    fingerprintBytes(bytes, line.requestIdStart, line.requestIdEnd, ids, at + 2);
  }
  if (line.sessionIdStart !== -1) {
    flags |= FLAG_SESSION_ID;
    fingerprintBytes(bytes, line.sessionIdStart, line.sessionIdEnd, ids, at + 4);
  }
  columns.flags[row] = flags;
  columns.model[row] = columns.modelId(listed);
  columns.unpriced[row] = columns.modelId(unpriced);
}

/** The `UsageEntry` of a line the fast path accepted (for tests comparing with the exact path). */
export function fastLineEntry(bytes: Uint8Array, line: FastLine, prices: PriceTable): UsageEntry {
  const { cost, listed, unpriced } = price(bytes, line, prices);
  const text = (start: number, stop: number) =>
    start === -1 ? null : String.fromCharCode(...bytes.subarray(start, stop));
  return {
    time: line.time,
    messageId: text(line.messageIdStart, line.messageIdEnd),
    requestId: text(line.requestIdStart, line.requestIdEnd),
    sessionId: text(line.sessionIdStart, line.sessionIdEnd),
    sidechain: line.sidechain,
    hasSpeed: line.speed !== 0,
    inputTokens: line.input,
    outputTokens: line.output,
    cacheCreationTokens: line.cacheWrite5m + line.cacheWrite1h,
    cacheReadTokens: line.cacheRead,
    costUSD: cost,
    model: listed,
    unpricedModel: unpriced,
    resetTime: null,
  };
}

/**
 * `fingerprint` of the ASCII text `bytes[start, stop)`: the same two words the string gives
 * (each byte is its character's code).
 */
export function fingerprintBytes(
  bytes: Uint8Array,
  start: number,
  stop: number,
  out: Uint32Array,
  at: number,
): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ (stop - start);
  for (let index = start; index < stop; index++) {
    const code = bytes[index]!;
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 13;
  }
  b = Math.imul(b ^ (b >>> 15), 0x27d4eb2d);
  out[at] = a >>> 0;
  out[at + 1] = (b ^ (b >>> 16)) >>> 0;
}
