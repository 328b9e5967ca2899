/**
 * Adds rows appended after a restore to restored entries without de-duplicating everything
 * again. Rows only ever merge with rows of the same `message.id`, so only the messages the new
 * rows name (their rows old and new, in global order) go through a `Deduplicator`; every other
 * entry keeps its place. The result is what a full read gives.
 */

import { Deduplicator } from "./dedupe_entries.ts";
import {
  copyEntry,
  type EntryColumns,
  FLAG_MESSAGE_ID,
  ID_WORDS,
  type SortedEntries,
} from "./entry_columns.ts";

/** Mask of the message filter's index (low bits of a fingerprint's second word). */
const FILTER_MASK = (1 << 20) - 1;

/** Sorted entries with, per entry, where its row and its slot's first row are. */
export interface LocatedEntries {
  sorted: SortedEntries;
  /** Global row index (all files' rows end to end, files in path order) of each entry's row. */
  row: Uint32Array;
  /** Global row index of the row that created the entry's slot: equal times sort by it. */
  created: Uint32Array;
  /**
   * Elements free after every column of `sorted` in its buffer, used by nothing else: new
   * entries that all sort last are written there instead of copying every column.
   */
  room?: number;
}

/** The files now, and how the restored ones map onto them. */
export interface MergeLayout {
  /** Per current file (in path order), its row count. */
  lengths: readonly number[];
  /** Current file `index`'s columns; only files with new rows or old rows named are asked for. */
  columns: (index: number) => EntryColumns;
  paths: readonly string[];
  /** Per current file, its first new row (its old length; 0 for a new file). */
  from: readonly number[];
  /** Per restored file (in its old order), its index among the current files. */
  oldToNew: readonly number[];
  /** Per restored file, its row count when restored. */
  oldLengths: readonly number[];
  /**
   * Flags and id words of all restored rows end to end (restored order): old rows of the new
   * rows' messages are found here without asking for their files' columns.
   */
  oldIds?: { flags: Uint8Array; ids: Uint32Array };
}

/**
 * The restored entries with the new rows merged in, as a full read of the current files would
 * sort them.
 *
 * @example
 * ```ts
 * const merged = mergeNewRows(restored, { lengths, columns, paths, from, oldToNew, oldLengths });
 * ```
 */
export function mergeNewRows(
  restored: LocatedEntries,
  layout: MergeLayout,
): LocatedEntries & { unchanged: number } {
  const { lengths, from } = layout;
  const starts: number[] = [];
  let total = 0;
  for (const length of lengths) {
    starts.push(total);
    total += length;
  }
  // Only files with rows to de-duplicate are asked for; the others are never touched.
  const files: EntryColumns[] = [];
  const columnsOf = (file: number): EntryColumns => files[file] ??= layout.columns(file);
  // The messages the new rows name, by fingerprint (hi, lo); a 1 Mi-entry filter on the low
  // bits rejects almost every other row without touching the set.
  const named = new Set<string>();
  const filter = new Uint8Array(FILTER_MASK + 1);
  let anyNamed = false;
  for (const [file, length] of lengths.entries()) {
    if (from[file]! >= length) continue;
    const columns = columnsOf(file);
    for (let row = from[file]!; row < length; row++) {
      // Rows of small files may sit in a shared slab from `start` on.
      const at = columns.start + row;
      if ((columns.flags[at]! & FLAG_MESSAGE_ID) === 0) continue;
      anyNamed = true;
      filter[columns.ids[at * ID_WORDS + 1]! & FILTER_MASK] = 1;
      named.add(`${columns.ids[at * ID_WORDS]},${columns.ids[at * ID_WORDS + 1]}`);
    }
  }
  // Old rows of those messages, by current global row index: restored entries of these rows
  // give way to the de-duplicated ones (restored entries only ever name old rows).
  const namedOld = anyNamed ? new Uint8Array(total) : null;
  // Per current file, its old rows of those messages, in row order.
  const oldRows = new Map<number, number[]>();
  if (namedOld !== null) {
    const found = (file: number, row: number) => {
      namedOld[starts[file]! + row] = 1;
      const list = oldRows.get(file);
      if (list === undefined) oldRows.set(file, [row]);
      else list.push(row);
    };
    // These loops run over every row of the history: the filter comes first.
    const search = (
      file: number,
      flags: Uint8Array,
      ids: Uint32Array,
      from: number,
      end: number,
    ) => {
      for (let at = from; at < end; at++) {
        if (
          filter[ids[at * ID_WORDS + 1]! & FILTER_MASK] === 1 &&
          (flags[at]! & FLAG_MESSAGE_ID) !== 0 &&
          named.has(`${ids[at * ID_WORDS]},${ids[at * ID_WORDS + 1]}`)
        ) found(file, at - from);
      }
    };
    const oldIds = layout.oldIds;
    if (oldIds !== undefined) {
      let old = 0;
      for (const [oldFile, length] of layout.oldLengths.entries()) {
        search(layout.oldToNew[oldFile]!, oldIds.flags, oldIds.ids, old, old + length);
        old += length;
      }
    } else {
      for (const [file, length] of lengths.entries()) {
        const end = Math.min(from[file]!, length);
        if (end === 0) continue;
        const { flags, ids, start } = columnsOf(file);
        search(file, flags, ids, start, start + end);
      }
    }
  }

  // Those messages' rows, old and new, de-duplicated in global order.
  for (const file of oldRows.keys()) columnsOf(file);
  const dedup = new Deduplicator(files, layout.paths, 16);
  for (const [file, length] of lengths.entries()) {
    for (const row of oldRows.get(file) ?? []) dedup.add(file, row);
    for (let row = from[file]!; row < length; row++) dedup.add(file, row);
  }
  const fresh: { time: number; file: number; row: number; created: number }[] = [];
  for (let slot = 0; slot < dedup.slotCount; slot++) {
    const file = dedup.slotFile[slot]!;
    const row = dedup.slotRow[slot]!;
    fresh.push({
      time: files[file]!.time[files[file]!.start + row]!,
      file,
      row: starts[file]! + row,
      created: starts[dedup.createdFile[slot]!]! + dedup.createdRow[slot]!,
    });
  }
  fresh.sort((a, b) => a.time - b.time || a.created - b.created);

  // Restored entries of other messages keep their order; the two lists merge by (time, created).
  const { sorted } = restored;
  if (oldRows.size === 0) {
    const grown = growInPlace(restored, layout, fresh, files, starts);
    if (grown !== null) return grown;
  }
  const shift = oldShift(layout, starts);
  // Per kept entry its restored index (null: every restored entry is kept, in order) and its
  // row and creation row as current global indexes.
  let kept: Uint32Array | null = null;
  const keptRow = new Uint32Array(sorted.length);
  const keptCreated = new Uint32Array(sorted.length);
  let keptCount = 0;
  const oldRow = restored.row;
  const oldCreated = restored.created;
  if (oldRows.size === 0) {
    for (let index = 0; index < sorted.length; index++) {
      const row = oldRow[index]!;
      const created = oldCreated[index]!;
      keptRow[index] = row + shift[row]!;
      keptCreated[index] = created + shift[created]!;
    }
    keptCount = sorted.length;
  } else {
    kept = new Uint32Array(sorted.length);
    for (let index = 0; index < sorted.length; index++) {
      const global = oldRow[index]! + shift[oldRow[index]!]!;
      if (namedOld![global] === 1) continue;
      const created = oldCreated[index]!;
      kept[keptCount] = index;
      keptRow[keptCount] = global;
      keptCreated[keptCount] = created + shift[created]!;
      keptCount++;
    }
  }
  const keptTime = (at: number) => sorted.time[kept === null ? at : kept[at]!]!;
  const length = keptCount + fresh.length;
  const out = emptyLike(sorted, length);
  const row = new Uint32Array(length);
  const created = new Uint32Array(length);
  let k = 0;
  let f = 0;
  let index = 0;
  let firstFresh = length;
  while (index < length) {
    if (k < keptCount) {
      // Kept entries before the next fresh one (all of them when none is left): they sort by
      // (time, created) too, so a binary search finds where the fresh one goes.
      let end = keptCount;
      if (f < fresh.length) {
        const { time, created: freshCreated } = fresh[f]!;
        let low = k;
        while (low < end) {
          const middle = (low + end) >>> 1;
          const at = keptTime(middle);
          if (at < time || (at === time && keptCreated[middle]! < freshCreated)) low = middle + 1;
          else end = middle;
        }
      }
      row.set(keptRow.subarray(k, end), index);
      created.set(keptCreated.subarray(k, end), index);
      // A run of neighbouring restored entries is one copy per column (new rows are mostly the
      // newest: a whole history copied one entry at a time took tens of milliseconds).
      while (k < end) {
        let stop = k + 1;
        if (kept === null) stop = end;
        else while (stop < end && kept[stop]! === kept[stop - 1]! + 1) stop++;
        copyRun(out, index, sorted, kept === null ? k : kept[k]!, stop - k);
        index += stop - k;
        k = stop;
      }
      if (index >= length) break;
    }
    if (f === 0) firstFresh = index;
    const global = fresh[f]!.row;
    const file = fresh[f]!.file;
    const columns = files[file]!;
    copyEntry(out, index, columns, global - starts[file]!, columns.start);
    row[index] = global;
    created[index] = fresh[f]!.created;
    f++;
    index++;
  }
  // Leading entries as restored: up to the first fresh one or the first one taken away.
  let unchanged = Math.min(firstFresh, keptCount);
  if (kept !== null) {
    for (let at = 0; at < unchanged; at++) {
      if (kept[at] !== at) {
        unchanged = at;
        break;
      }
    }
  }
  return { sorted: out, row, created, unchanged };
}

/**
 * All restored entries kept and the fresh ones after them, written in the columns' room: the
 * restored columns are neither copied nor changed (only elements past their length are
 * written). Null when the fresh entries do not all sort last or do not fit.
 */
function growInPlace(
  restored: LocatedEntries,
  layout: MergeLayout,
  fresh: readonly { time: number; file: number; row: number; created: number }[],
  files: readonly EntryColumns[],
  starts: readonly number[],
): LocatedEntries & { unchanged: number } | null {
  const { sorted } = restored;
  const room = restored.room ?? 0;
  const count = sorted.length;
  if (fresh.length === 0 || fresh.length > room) return null;
  if (count > 0) {
    const lastTime = sorted.time[count - 1]!;
    const first = fresh[0]!;
    if (
      first.time < lastTime ||
      (first.time === lastTime &&
        first.created < toCurrent(layout, starts, restored.created[count - 1]!))
    ) {
      return null;
    }
  }
  const length = count + fresh.length;
  const grow = <T extends Float64Array | Uint16Array>(array: T): T =>
    new (array.constructor as new (buffer: ArrayBufferLike, offset: number, length: number) => T)(
      array.buffer,
      array.byteOffset,
      length,
    );
  const out: SortedEntries = identitySlots({
    length,
    time: grow(sorted.time),
    input: grow(sorted.input),
    output: grow(sorted.output),
    cacheCreation: grow(sorted.cacheCreation),
    cacheRead: grow(sorted.cacheRead),
    cost: grow(sorted.cost),
    model: grow(sorted.model),
    unpriced: grow(sorted.unpriced),
    resets: new Map(sorted.resets),
    models: sorted.models,
  });
  for (const [offset, entry] of fresh.entries()) {
    const columns = files[entry.file]!;
    copyEntry(out, count + offset, columns, entry.row - starts[entry.file]!, columns.start);
  }
  // The room now belongs to the result: the restored entries must never grow into it again.
  restored.room = 0;
  // Where each entry's rows are now: only a save asks (a run that saves nothing never does).
  let located: { row: Uint32Array; created: Uint32Array } | null = null;
  const locate = () => {
    if (located !== null) return located;
    const shift = oldShift(layout, starts);
    const row = new Uint32Array(length);
    const created = new Uint32Array(length);
    const oldRow = restored.row;
    const oldCreated = restored.created;
    for (let index = 0; index < count; index++) {
      row[index] = oldRow[index]! + shift[oldRow[index]!]!;
      created[index] = oldCreated[index]! + shift[oldCreated[index]!]!;
    }
    for (const [offset, entry] of fresh.entries()) {
      row[count + offset] = entry.row;
      created[count + offset] = entry.created;
    }
    located = { row, created };
    return located;
  };
  return {
    sorted: out,
    get row() {
      return locate().row;
    },
    get created() {
      return locate().created;
    },
    room: room - fresh.length,
    unchanged: count,
  };
}

/** The current global index of restored global row `old` (a search over the restored files). */
function toCurrent(layout: MergeLayout, starts: readonly number[], old: number): number {
  let at = 0;
  for (const [file, length] of layout.oldLengths.entries()) {
    if (old < at + length) return starts[layout.oldToNew[file]!]! + old - at;
    at += length;
  }
  return old;
}

/**
 * Per restored global row index, how far its file moved in the current global order (new files
 * may sit between old ones, and grown files push later ones on): one table, not a search.
 */
function oldShift(layout: MergeLayout, starts: readonly number[]): Int32Array {
  let total = 0;
  for (const length of layout.oldLengths) total += length;
  const shift = new Int32Array(total);
  let at = 0;
  for (const [file, length] of layout.oldLengths.entries()) {
    shift.fill(starts[layout.oldToNew[file]!]! - at, at, at + length);
    at += length;
  }
  return shift;
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

/**
 * Gives `entries` a `slots` column of 0, 1, 2, ... made on first use: only a de-duplicator
 * reads slots, and restored or merged entries have none (filling one cost a warm run ms).
 */
export function identitySlots<T extends Omit<SortedEntries, "slots">>(entries: T): T & {
  slots: Uint32Array;
} {
  let slots: Uint32Array | null = null;
  return Object.defineProperty(entries, "slots", {
    get(): Uint32Array {
      if (slots === null) {
        slots = new Uint32Array(entries.length);
        for (let index = 0; index < slots.length; index++) slots[index] = index;
      }
      return slots;
    },
    enumerable: true,
    configurable: true,
  }) as T & { slots: Uint32Array };
}

function emptyLike(sorted: SortedEntries, length: number): SortedEntries {
  return identitySlots({
    length,
    time: new Float64Array(length),
    input: new Float64Array(length),
    output: new Float64Array(length),
    cacheCreation: new Float64Array(length),
    cacheRead: new Float64Array(length),
    cost: new Float64Array(length),
    model: new Uint16Array(length),
    unpriced: new Uint16Array(length),
    resets: new Map(),
    models: sorted.models,
  });
}
