/** Builders of ccusage-shaped blocks for unit tests. */

import type { Block } from "../../src/core/types.ts";

/** A non-gap block starting at `start` (ISO) with the given totals; the rest derived. */
export function makeBlock(
  start: string,
  options: {
    tokens?: number;
    cost?: number;
    lastMinutes?: number;
    burn?: { tokensPerMinute: number; costPerHour: number };
    models?: string[];
  } = {},
): Block {
  const startMs = Date.parse(start);
  const tokens = options.tokens ?? 1000;
  const input = Math.floor(tokens / 4);
  const output = Math.floor(tokens / 4);
  const cacheCreation = Math.floor(tokens / 4);
  const cacheRead = tokens - input - output - cacheCreation;
  return {
    id: new Date(startMs).toISOString(),
    startTime: new Date(startMs).toISOString(),
    endTime: new Date(startMs + 5 * 3_600_000).toISOString(),
    actualEndTime: new Date(startMs + (options.lastMinutes ?? 30) * 60_000).toISOString(),
    isActive: false,
    isGap: false,
    entries: 3,
    tokenCounts: {
      inputTokens: input,
      outputTokens: output,
      cacheCreationInputTokens: cacheCreation,
      cacheReadInputTokens: cacheRead,
    },
    totalTokens: tokens,
    costUSD: options.cost ?? 1,
    models: options.models ?? ["claude-sonnet-4-20250514"],
    burnRate: options.burn
      ? { ...options.burn, tokensPerMinuteForIndicator: options.burn.tokensPerMinute }
      : null,
    projection: null,
  };
}

/** A gap block between two instants (ISO). */
export function makeGap(start: string, end: string): Block {
  return {
    id: `gap-${new Date(Date.parse(start)).toISOString()}`,
    startTime: new Date(Date.parse(start)).toISOString(),
    endTime: new Date(Date.parse(end)).toISOString(),
    actualEndTime: null,
    isActive: false,
    isGap: true,
    entries: 0,
    tokenCounts: {
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
    },
    totalTokens: 0,
    costUSD: 0,
    models: [],
    burnRate: null,
    projection: null,
  };
}
