/** Builders of ccusage-shaped blocks for unit tests. */

import type { Block } from "../../src/core/types.ts";
import { gapBlock } from "../../src/core/identify_blocks.ts";

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
    startTime: startMs,
    endTime: startMs + 5 * 3_600_000,
    actualEndTime: startMs + (options.lastMinutes ?? 30) * 60_000,
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

/** A gap block between two instants (ISO), built as the native reader builds them. */
export function makeGap(start: string, end: string): Block {
  return gapBlock(Date.parse(start), Date.parse(end));
}
