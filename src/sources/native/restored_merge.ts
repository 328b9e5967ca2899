/**
 * Adds rows appended after a restore to restored entries without de-duplicating everything
 * again. Rows only ever merge with rows of the same `message.id`, so only the messages the new
 * rows name (their rows old and new, in global order) go through a `Deduplicator`; every other
 * entry keeps its place. The result is what a full read gives.
 */

import { Deduplicator } from "./dedupe_entries.ts";
import {
  type EntryColumns,
  FLAG_MESSAGE_ID,
  ID_WORDS,
  type SortedEntries,
} from "./entry_columns.ts";

/** Sorted entries with, per entry, where its row and its slot's first row are. */
export interface LocatedEntries {
  sorted: SortedEntries;
  /** Global row index (all files' rows end to end, files in path order) of each entry's row. */
  row: Uint32Array;
  /** Global row index of the row that created the entry's slot: equal times sort by it. */
  created: Uint32Array;
}

/** The files now, and how the restored ones map onto them. */
export interface MergeLayout {
  /** Current files' columns, in path order. */
  files: readonly EntryColumns[];
  paths: readonly string[];
  /** Per current file, its first new row (its old length; 0 for a new file). */
  from: readonly number[];
  /** Per restored file (in its old order), its index among the current files. */
  oldToNew: readonly number[];
  /** Per restored file, its row count when restored. */
  oldLengths: readonly number[];
}

/**
 * The restored entries with the new rows merged in, as a full read of the current files would
 * sort them.
 *
 * @example
 * ```ts
 * const merged = mergeNewRows(restored, { files, paths, from, oldToNew, oldLengths });
 * ```
 */
export function mergeNewRows(restored: LocatedEntries, layout: MergeLayout): LocatedEntries {
  const { files, from } = layout;
  const starts: number[] = [];
  let total = 0;
  for (const columns of files) {
    starts.push(total);
    total += columns.length;
  }
  const toGlobal = oldToGlobal(layout, starts);
  // The file of every current global row index, so no lookup needs a search.
  const fileOfRow = new Uint32Array(total);
  for (const [file, columns] of files.entries()) {
    fileOfRow.fill(file, starts[file]!, starts[file]! + columns.length);
  }
  // The messages the new rows name, by fingerprint (hi, lo); a 64 Ki-entry filter on the low
  // bits rejects almost every other row without touching the set.
  const named = new Set<string>();
  const filter = new Uint8Array(65536);
  let anyNamed = false;
  for (const [file, columns] of files.entries()) {
    for (let row = from[file]!; row < columns.length; row++) {
      // Rows of small files may sit in a shared slab from `start` on.
      const at = columns.start + row;
      if ((columns.flags[at]! & FLAG_MESSAGE_ID) === 0) continue;
      anyNamed = true;
      filter[columns.ids[at * ID_WORDS + 1]! & 0xffff] = 1;
      named.add(`${columns.ids[at * ID_WORDS]},${columns.ids[at * ID_WORDS + 1]}`);
    }
  }
  // Old rows of those messages, by current global row index: restored entries of these rows
  // give way to the de-duplicated ones (restored entries only ever name old rows).
  const namedOld = anyNamed ? new Uint8Array(total) : null;

  // Those messages' rows, old and new, de-duplicated in global order.
  const dedup = new Deduplicator(files, layout.paths, 16);
  for (const [file, columns] of files.entries()) {
    if (namedOld !== null) {
      const { flags, ids } = columns;
      const end = from[file]!;
      const start = starts[file]!;
      const base = columns.start;
      for (let row = 0; row < end; row++) {
        // This loop runs over every row of the history: the filter rejects most rows.
        const at = base + row;
        if (
          (flags[at]! & FLAG_MESSAGE_ID) !== 0 &&
          filter[ids[at * ID_WORDS + 1]! & 0xffff] === 1 &&
          named.has(`${ids[at * ID_WORDS]},${ids[at * ID_WORDS + 1]}`)
        ) {
          namedOld[start + row] = 1;
          dedup.add(file, row);
        }
      }
    }
    for (let row = from[file]!; row < columns.length; row++) dedup.add(file, row);
  }
  const fresh: { time: number; row: number; created: number }[] = [];
  for (let slot = 0; slot < dedup.slotCount; slot++) {
    const file = dedup.slotFile[slot]!;
    const row = dedup.slotRow[slot]!;
    fresh.push({
      time: files[file]!.time[files[file]!.start + row]!,
      row: starts[file]! + row,
      created: starts[dedup.createdFile[slot]!]! + dedup.createdRow[slot]!,
    });
  }
  fresh.sort((a, b) => a.time - b.time || a.created - b.created);

  // Restored entries of other messages keep their order; the two lists merge by (time, created).
  const { sorted } = restored;
  const kept = new Uint32Array(sorted.length);
  const keptRow = new Uint32Array(sorted.length);
  const keptCreated = new Uint32Array(sorted.length);
  let keptCount = 0;
  for (let index = 0; index < sorted.length; index++) {
    const global = toGlobal(restored.row[index]!);
    if (namedOld !== null && namedOld[global] === 1) continue;
    kept[keptCount] = index;
    keptRow[keptCount] = global;
    keptCreated[keptCount] = toGlobal(restored.created[index]!);
    keptCount++;
  }
  const length = keptCount + fresh.length;
  const out = emptyLike(sorted, length);
  const row = new Uint32Array(length);
  const created = new Uint32Array(length);
  let k = 0;
  let f = 0;
  for (let index = 0; index < length; index++) {
    const takeKept = f >= fresh.length ||
      (k < keptCount &&
        (sorted.time[kept[k]!]! < fresh[f]!.time ||
          (sorted.time[kept[k]!]! === fresh[f]!.time && keptCreated[k]! < fresh[f]!.created)));
    out.slots[index] = index;
    if (takeKept) {
      // A kept entry's values are those restored: copied from flat columns, not per file, and
      // a run of neighbouring kept entries before the next fresh one in one copy per column
      // (new rows are mostly the newest: a whole history copied one entry at a time took
      // tens of milliseconds).
      let end = k + 1;
      while (
        end < keptCount && kept[end]! === kept[end - 1]! + 1 &&
        (f >= fresh.length || sorted.time[kept[end]!]! < fresh[f]!.time ||
          (sorted.time[kept[end]!]! === fresh[f]!.time && keptCreated[end]! < fresh[f]!.created))
      ) end++;
      copyRun(out, index, sorted, kept[k]!, end - k);
      row.set(keptRow.subarray(k, end), index);
      created.set(keptCreated.subarray(k, end), index);
      for (let next = index + 1; next < index + end - k; next++) out.slots[next] = next;
      index += end - k - 1;
      k = end;
      continue;
    }
    const global = fresh[f]!.row;
    const file = fileOfRow[global]!;
    const columns = files[file]!;
    copyEntry(out, index, columns, global - starts[file]!, columns.start);
    row[index] = global;
    created[index] = fresh[f]!.created;
    f++;
  }
  return { sorted: out, row, created };
}

/** Maps a restored global row index to the current one (new files may sit between old ones). */
function oldToGlobal(layout: MergeLayout, starts: readonly number[]): (old: number) => number {
  let total = 0;
  for (const length of layout.oldLengths) total += length;
  // Per restored row, how far its file moved: one table instead of a search per lookup.
  const shift = new Int32Array(total);
  let at = 0;
  for (const [file, length] of layout.oldLengths.entries()) {
    shift.fill(starts[layout.oldToNew[file]!]! - at, at, at + length);
    at += length;
  }
  return (old) => old + shift[old]!;
}

/** The values of one entry, alike in restored sorted entries and in a file's columns. */
type EntryValues =
  & Pick<
    SortedEntries,
    "time" | "input" | "output" | "cacheCreation" | "cacheRead" | "cost" | "model" | "unpriced"
  >
  & { resets: ReadonlyMap<number, number> };

/**
 * Copies entry `from` of `source` to sorted index `index` of `out`; its values are at
 * `base + from` (a file's columns may be parked in a slab from `start` on), its reset at `from`.
 */
function copyEntry(
  out: SortedEntries,
  index: number,
  source: EntryValues,
  from: number,
  base = 0,
): void {
  const at = base + from;
  out.time[index] = source.time[at]!;
  out.input[index] = source.input[at]!;
  out.output[index] = source.output[at]!;
  out.cacheCreation[index] = source.cacheCreation[at]!;
  out.cacheRead[index] = source.cacheRead[at]!;
  out.cost[index] = source.cost[at]!;
  out.model[index] = source.model[at]!;
  out.unpriced[index] = source.unpriced[at]!;
  const reset = source.resets.size > 0 ? source.resets.get(from) : undefined;
  if (reset !== undefined) out.resets.set(index, reset);
}

/** Copies `count` entries of `source` from `from` on to sorted index `index` of `out`. */
function copyRun(
  out: SortedEntries,
  index: number,
  source: SortedEntries,
  from: number,
  count: number,
): void {
  if (count === 1) return copyEntry(out, index, source, from);
  const to = from + count;
  out.time.set(source.time.subarray(from, to), index);
  out.input.set(source.input.subarray(from, to), index);
  out.output.set(source.output.subarray(from, to), index);
  out.cacheCreation.set(source.cacheCreation.subarray(from, to), index);
  out.cacheRead.set(source.cacheRead.subarray(from, to), index);
  out.cost.set(source.cost.subarray(from, to), index);
  out.model.set(source.model.subarray(from, to), index);
  out.unpriced.set(source.unpriced.subarray(from, to), index);
  if (source.resets.size === 0) return;
  // In index order, as entry-by-entry copying adds them.
  const moved = [...source.resets.keys()].filter((at) => at >= from && at < to).sort((a, b) =>
    a - b
  );
  for (const at of moved) out.resets.set(index + at - from, source.resets.get(at)!);
}

function emptyLike(sorted: SortedEntries, length: number): SortedEntries {
  return {
    length,
    time: new Float64Array(length),
    input: new Float64Array(length),
    output: new Float64Array(length),
    cacheCreation: new Float64Array(length),
    cacheRead: new Float64Array(length),
    cost: new Float64Array(length),
    model: new Uint16Array(length),
    unpriced: new Uint16Array(length),
    slots: new Uint32Array(length),
    resets: new Map(),
    models: sorted.models,
  };
}
