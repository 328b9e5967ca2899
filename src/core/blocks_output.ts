/** Renders blocks for `claude-monitor blocks`: ccusage-shaped JSON or a readable table (pure). */

import type { Block } from "./types.ts";

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
  return JSON.stringify({ blocks: blocks.map((block) => sortKeys(block)) }, null, 2);
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
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const header = ["Start", "Duration", "Status", "Entries", "Tokens", "Cost", "Models"];
  const rows = blocks.map((block) => {
    const start = Date.parse(block.startTime);
    if (block.isGap) {
      return [
        localTime(format, start),
        formatDuration(Date.parse(block.endTime) - start),
        "gap",
        "-",
        "-",
        "-",
        "-",
      ];
    }
    const last = block.actualEndTime === null ? start : Date.parse(block.actualEndTime);
    return [
      localTime(format, start),
      formatDuration(last - start),
      block.isActive ? "ACTIVE" : "",
      String(block.entries),
      formatNumber(block.totalTokens),
      `$${block.costUSD.toFixed(2)}`,
      block.models.join(", ") || "-",
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
    `${windows} windows, ${formatNumber(totalTokens)} tokens, $${
      totalCost.toFixed(2)
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

function localTime(format: Intl.DateTimeFormat, time: number): string {
  const parts = Object.fromEntries(
    format.formatToParts(time).map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  if (hours >= 24) return `${Math.floor(hours / 24)}d ${hours % 24}h`;
  return `${hours}h ${String(minutes % 60).padStart(2, "0")}m`;
}

function formatNumber(value: number): string {
  return Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
