/** The native reader's entries to blocks: ccusage's de-duplication, then the core block rules. */

import type { Block } from "../../core/types.ts";
import { draftBlocks, finishBlocks } from "../../core/identify_blocks.ts";
import { EntryColumns, ModelNames } from "./entry_columns.ts";
import { dedupeEntries, sortSurvivors } from "./dedupe_entries.ts";
import type { UsageEntry } from "./parse_line.ts";

/**
 * Blocks from parsed entries of one file, de-duplicated in the given order first (for tests
 * and callers holding their own entries; the native source reads incrementally instead).
 *
 * @example
 * ```ts
 * const blocks = identifyUsageBlocks(entries, now);
 * ```
 */
export function identifyUsageBlocks(entries: readonly UsageEntry[], now: number): Block[] {
  const models = new ModelNames();
  const columns = new EntryColumns(models, entries.length);
  for (const entry of entries) columns.push(entry);
  const files = [columns];
  const sorted = sortSurvivors(files, dedupeEntries(files, [""]), models);
  return finishBlocks(draftBlocks(sorted), now);
}
