/** Renders blocks for `claude-session-monitor blocks`: ccusage-shaped JSON or a readable table (pure). */

import { terminalSafe } from "./terminal_safe.ts";
import type { Block } from "./types.ts";
import { formatCount, formatDuration as formatMinutesSpan, formatUsd } from "./format.ts";
import { localDateTime } from "./zoned_time.ts";

/** One block in the exact shape of `ccusage blocks --json` (times are ISO UTC strings). */
export type BlockJson =
  & Omit<Block, "startTime" | "endTime" | "actualEndTime" | "usageLimitResetTime">
  & {
    startTime: string;
    endTime: string;
    actualEndTime: string | null;
    usageLimitResetTime?: string;
  };

/**
 * A block in ccusage's JSON shape: epoch-ms times become ISO UTC strings.
 *
 * @example
 * ```ts
 * blockToJson(block).startTime; // "2026-11-25T08:00:00.000Z"
 * ```
 */
export function blockToJson(block: Block): BlockJson {
  const { startTime, endTime, actualEndTime, usageLimitResetTime, ...rest } = block;
  const json: BlockJson = {
    ...rest,
    startTime: iso(startTime),
    endTime: iso(endTime),
    actualEndTime: actualEndTime === null ? null : iso(actualEndTime),
  };
  if (usageLimitResetTime !== undefined) json.usageLimitResetTime = iso(usageLimitResetTime);
  return json;
}

/**
 * Prints `{"blocks":[...]}` in ccusage's schema: the same keys, sorted alphabetically at every
 * level as ccusage 20 prints them, indented by 2 spaces.
 *
 * @example
 * ```ts
 * blocksToJson([]); // '{\n  "blocks": []\n}'
 * ```
 */
export function blocksToJson(blocks: readonly Block[]): string {
  return JSON.stringify({ blocks: blocks.map((block) => sortKeys(blockToJson(block))) }, null, 2);
}

function iso(time: number): string {
  return new Date(time).toISOString();
}

/**
 * A table with one row per block: local start, duration (or status), entries, tokens, cost and
 * models; the active block is marked and gaps are shown as such.
 *
 * @example
 * ```ts
 * blocksToTable(blocks, "Europe/Warsaw");
 * ```
 */
export function blocksToTable(blocks: readonly Block[], timeZone: string): string {
  const header = ["Start", "Duration", "Status", "Entries", "Tokens", "Cost", "Models"];
  const rows = blocks.map((block) => {
    const start = block.startTime;
    if (block.isGap) {
      return [
        localDateTime(start, timeZone),
        formatDuration(block.endTime - start),
        "gap",
        "-",
        "-",
        "-",
        "-",
      ];
    }
    const last = block.actualEndTime ?? start;
    return [
      localDateTime(start, timeZone),
      formatDuration(last - start),
      block.isActive ? "ACTIVE" : "",
      String(block.entries),
      formatCount(block.totalTokens),
      formatUsd(block.costUSD),
      block.models.map(terminalSafe).join(", ") || "-",
    ];
  });
  const numeric = new Set([3, 4, 5]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length))
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => {
      const width = widths[column] ?? 0;
      return numeric.has(column) ? cell.padStart(width) : cell.padEnd(width);
    }).join("  ").trimEnd();
  const totalTokens = blocks.reduce((sum, block) => sum + block.totalTokens, 0);
  const totalCost = blocks.reduce((sum, block) => sum + block.costUSD, 0);
  const windows = blocks.filter((block) => !block.isGap).length;
  return [
    line(header),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map(line),
    "",
    `${windows} windows, ${formatCount(totalTokens)} tokens, ${
      formatUsd(totalCost)
    } (times in ${timeZone})`,
  ].join("\n");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record).sort().map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
}

/** Like the dashboard's durations, but gaps of a day or more read as days and hours. */
function formatDuration(ms: number): string {
  const hours = Math.floor(Math.max(0, ms) / 3_600_000);
  return hours >= 24 ? `${Math.floor(hours / 24)}d ${hours % 24}h` : formatMinutesSpan(ms);
}
