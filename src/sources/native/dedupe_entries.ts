/** De-duplication of usage entries across lines and files, as ccusage 20.0.24 resolves it. */

import {
  copyEntry,
  type EntryColumns,
  fingerprint,
  FLAG_MESSAGE_ID,
  FLAG_REQUEST_ID,
  FLAG_SESSION_ID,
  FLAG_SIDECHAIN,
  FLAG_SPEED,
  ID_WORDS,
  type ModelNames,
  type SortedEntries,
} from "./entry_columns.ts";
import { pathSession } from "./path_session.ts";

/**
 * Slot indexes by 64-bit id fingerprint: an open-addressing table over typed arrays (a Map with
 * number keys was the slowest part of a refresh). A key rarely has more than one index; the
 * extra ones live in a side map.
 */
class FingerprintIndex {
  #mask: number;
  #hi: Uint32Array;
  #lo: Uint32Array;
  #first: Int32Array;
  #size = 0;
  readonly #extra = new Map<number, number[]>();

  constructor(expected: number) {
    let capacity = 16;
    while (capacity * 3 < expected * 4) capacity *= 2;
    this.#mask = capacity - 1;
    this.#hi = new Uint32Array(capacity);
    this.#lo = new Uint32Array(capacity);
    this.#first = new Int32Array(capacity).fill(-1);
  }

  /** The table position of the key, or -1 when absent. */
  find(hi: number, lo: number): number {
    let position = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.#mask;
    while (this.#first[position] !== -1) {
      if (this.#hi[position] === hi && this.#lo[position] === lo) return position;
      position = (position + 1) & this.#mask;
    }
    return -1;
  }

  /** The first index stored at a position. */
  first(position: number): number {
    return this.#first[position]!;
  }

  /** Further indexes stored at a position, if any. */
  extra(position: number): number[] | undefined {
    return this.#extra.get(position);
  }

  /** Stores `value` as the only index of the key. */
  set(hi: number, lo: number, value: number): void {
    const found = this.find(hi, lo);
    if (found === -1) this.add(hi, lo, value);
    else {
      this.#first[found] = value;
      this.#extra.delete(found);
    }
  }

  add(hi: number, lo: number, index: number): void {
    const found = this.find(hi, lo);
    if (found !== -1) {
      if (this.#first[found] === index) return;
      const more = this.#extra.get(found);
      if (more === undefined) this.#extra.set(found, [index]);
      else if (!more.includes(index)) more.push(index);
      return;
    }
    if ((this.#size + 1) * 4 > (this.#mask + 1) * 3) this.#grow();
    let position = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.#mask;
    while (this.#first[position] !== -1) position = (position + 1) & this.#mask;
    this.#hi[position] = hi;
    this.#lo[position] = lo;
    this.#first[position] = index;
    this.#size++;
  }

  #grow(): void {
    const hi = this.#hi;
    const lo = this.#lo;
    const first = this.#first;
    const extra = new Map(this.#extra);
    const capacity = (this.#mask + 1) * 2;
    this.#mask = capacity - 1;
    this.#hi = new Uint32Array(capacity);
    this.#lo = new Uint32Array(capacity);
    this.#first = new Int32Array(capacity).fill(-1);
    this.#extra.clear();
    this.#size = 0;
    for (let position = 0; position < first.length; position++) {
      if (first[position] === -1) continue;
      this.add(hi[position]!, lo[position]!, first[position]!);
      for (const index of extra.get(position) ?? []) this.add(hi[position]!, lo[position]!, index);
    }
  }
}

/** The index returned by `Deduplicator.add` when a row arrives before an existing duplicate. */
export const OUT_OF_ORDER = -2;

/**
 * De-duplicates rows fed in global order (files in sorted path order, rows in file order), and
 * keeps its state so that rows appended later can be added without starting over.
 *
 * A duplicate has the same `message.id` and `requestId` (in any session); or the same
 * `message.id`, no `requestId` on either line and the same session; or the same `message.id`,
 * timestamp and session where either line is a sidechain replay. A line's session is its
 * `sessionId`, else the one its file path names (see `pathSession`). The survivor takes
 * the slot of the first line: a non-sidechain line beats a sidechain one, then the larger token
 * total, then the one that has `usage.speed`. Lines without `message.id` are never merged.
 *
 * @example
 * ```ts
 * const dedup = new Deduplicator(files, paths, rowCount);
 * for (const [id, columns] of files.entries()) for (let row = 0; row < columns.length; row++) dedup.add(id, row);
 * ```
 */
export class Deduplicator {
  /** Number of slots (the used length of the four slot columns). */
  slotCount = 0;
  // Typed columns, not arrays of numbers: five JS arrays of a slot each cost ~30 MB of heap (with
  // their growth copies) at the end of a 1 GiB cold read, the run's peak.
  /** Occupant of each slot: file id and row. */
  slotFile: Uint32Array;
  slotRow: Uint32Array;
  /** Where each slot was created: its position in global order for stable sorting. */
  createdFile: Uint32Array;
  createdRow: Uint32Array;
  /** Earliest time among entries added, replaced or displaced since the last `resetTouched`. */
  minTouchedTime = Infinity;
  /** Slots are created in order: those from here on are new since the last `resetTouched`. */
  #newFrom = 0;
  readonly #files: readonly EntryColumns[];
  readonly #paths: readonly string[];
  // Every slot that ever held a request id / message id. At most one slot holds a given
  // (message id, request id) pair at a time, so any superset of candidates finds the same slot.
  #byRequest: FingerprintIndex;
  #byMessage: FingerprintIndex;
  /** Per message id, the file of its latest row in global order. */
  #lastFile: FingerprintIndex;
  /** Fingerprint of the session each file's path names, by file id (filled on first use). */
  readonly #pathSessions: Uint32Array[] = [];

  /** Creates an empty de-duplicator over columns and paths indexed by file id (both live). */
  constructor(files: readonly EntryColumns[], paths: readonly string[], expectedRows: number) {
    this.#files = files;
    this.#paths = paths;
    // Duplicates make rows outnumber messages about two to one; the tables grow when needed.
    this.#byRequest = new FingerprintIndex(expectedRows / 2);
    this.#byMessage = new FingerprintIndex(expectedRows / 2);
    this.#lastFile = new FingerprintIndex(expectedRows / 2);
    // Slots never outnumber rows: a one-pass build never grows these.
    const capacity = Math.max(16, Math.ceil(expectedRows));
    this.slotFile = new Uint32Array(capacity);
    this.slotRow = new Uint32Array(capacity);
    this.createdFile = new Uint32Array(capacity);
    this.createdRow = new Uint32Array(capacity);
  }

  /** False after `dropIndexes`: the slots are still right, but no row may be added. */
  indexed = true;

  /**
   * Lets go of the id indexes (most of this object's memory), keeping the slots: for a run that
   * merges once and exits, so the sorted columns reuse that memory (lower peak RSS).
   */
  dropIndexes(): void {
    this.indexed = false;
    this.#byRequest = this.#byMessage = this.#lastFile = new FingerprintIndex(0);
  }

  /** Slots created since the last `resetTouched`. */
  get newSlots(): number[] {
    const slots: number[] = [];
    for (let slot = this.#newFrom; slot < this.slotCount; slot++) slots.push(slot);
    return slots;
  }

  /** Forgets the touched-time and new-slot bookkeeping. */
  resetTouched(): void {
    this.minTouchedTime = Infinity;
    this.#newFrom = this.slotCount;
  }

  /**
   * Adds one row; returns the slot it created or now occupies, -1 when an existing survivor
   * stays, or OUT_OF_ORDER when a duplicate of it already exists later in global order (only
   * a full rebuild can then reproduce a full read).
   */
  add(fileId: number, row: number): number {
    if (!this.indexed) throw new Error("Cannot add a row: the indexes were dropped");
    const columns = this.#files[fileId]!;
    // Rows of small files may sit in a shared slab from `start` on.
    const at = columns.start + row;
    const flags = columns.flags[at]!;
    const time = columns.time[at]!;
    if ((flags & FLAG_MESSAGE_ID) === 0) return this.#create(fileId, row, time);
    const ids = columns.ids;
    const messageHi = ids[at * ID_WORDS]!;
    const messageLo = ids[at * ID_WORDS + 1]!;
    const last = this.#lastFile.find(messageHi, messageLo);
    if (last !== -1) {
      const lastFile = this.#lastFile.first(last);
      if (lastFile !== fileId && this.#paths[lastFile]! > this.#paths[fileId]!) return OUT_OF_ORDER;
    }
    this.#lastFile.set(messageHi, messageLo, fileId);
    const hasRequest = (flags & FLAG_REQUEST_ID) !== 0;
    const requestHi = ids[at * ID_WORDS + 2]!;
    const requestLo = ids[at * ID_WORDS + 3]!;
    let found = hasRequest
      ? this.#search(this.#byRequest, requestHi, requestLo, fileId, row, true)
      : this.#search(this.#byMessage, messageHi, messageLo, fileId, row, true);
    if (found === -1) {
      found = this.#search(this.#byMessage, messageHi, messageLo, fileId, row, false);
    }
    if (found !== -1) {
      const other = this.#files[this.slotFile[found]!]!;
      const otherRow = this.slotRow[found]!;
      if (!shouldReplace(columns, row, other, otherRow)) return -1;
      this.minTouchedTime = Math.min(
        this.minTouchedTime,
        other.time[other.start + otherRow]!,
        time,
      );
      this.slotFile[found] = fileId;
      this.slotRow[found] = row;
      if (hasRequest) this.#byRequest.add(requestHi, requestLo, found);
      return found;
    }
    const index = this.#create(fileId, row, time);
    if (hasRequest) this.#byRequest.add(requestHi, requestLo, index);
    this.#byMessage.add(messageHi, messageLo, index);
    return index;
  }

  #create(fileId: number, row: number, time: number): number {
    const index = this.slotCount++;
    if (index === this.slotFile.length) this.#grow();
    this.slotFile[index] = fileId;
    this.slotRow[index] = row;
    this.createdFile[index] = fileId;
    this.createdRow[index] = row;
    this.minTouchedTime = Math.min(this.minTouchedTime, time);
    return index;
  }

  #grow(): void {
    const grown = (old: Uint32Array) => {
      const next = new Uint32Array(old.length * 2);
      next.set(old);
      return next;
    };
    this.slotFile = grown(this.slotFile);
    this.slotRow = grown(this.slotRow);
    this.createdFile = grown(this.createdFile);
    this.createdRow = grown(this.createdRow);
  }

  /**
   * Whether slot `index` holds a duplicate of the row: with `exact`, the same message and
   * request (or, without a request id, the same message in the same session); else a sidechain
   * replay of the same message at the same time in the same session.
   */
  #matches(index: number, fileId: number, row: number, exact: boolean): boolean {
    const columns = this.#files[fileId]!;
    const otherFile = this.slotFile[index]!;
    const other = this.#files[otherFile]!;
    const otherRow = this.slotRow[index]!;
    const otherFlags = other.flags[other.start + otherRow]!;
    const ids = columns.ids;
    const otherIds = other.ids;
    const at = (columns.start + row) * ID_WORDS;
    const otherAt = (other.start + otherRow) * ID_WORDS;
    if (
      (otherFlags & FLAG_MESSAGE_ID) === 0 || otherIds[otherAt] !== ids[at] ||
      otherIds[otherAt + 1] !== ids[at + 1]
    ) {
      return false;
    }
    const flags = columns.flags[columns.start + row]!;
    if (exact) {
      const hasRequest = (flags & FLAG_REQUEST_ID) !== 0;
      if (((otherFlags & FLAG_REQUEST_ID) !== 0) !== hasRequest) return false;
      if (hasRequest) {
        return otherIds[otherAt + 2] === ids[at + 2] && otherIds[otherAt + 3] === ids[at + 3];
      }
    } else if (
      other.time[other.start + otherRow] !== columns.time[columns.start + row] ||
      ((flags & FLAG_SIDECHAIN) === 0 && (otherFlags & FLAG_SIDECHAIN) === 0)
    ) {
      return false;
    }
    return this.#sameSession(fileId, row, otherFile, otherRow);
  }

  #sameSession(fileId: number, row: number, otherFile: number, otherRow: number): boolean {
    const [hi, lo] = this.#session(fileId, row);
    const [otherHi, otherLo] = this.#session(otherFile, otherRow);
    return hi === otherHi && lo === otherLo;
  }

  /** A row's session fingerprint: its `sessionId`, else the one its file path names. */
  #session(fileId: number, row: number): [number, number] {
    const columns = this.#files[fileId]!;
    const at = columns.start + row;
    if ((columns.flags[at]! & FLAG_SESSION_ID) !== 0) {
      return [columns.ids[at * ID_WORDS + 4]!, columns.ids[at * ID_WORDS + 5]!];
    }
    let named = this.#pathSessions[fileId];
    if (named === undefined) {
      named = new Uint32Array(2);
      fingerprint(pathSession(this.#paths[fileId]!), named, 0);
      this.#pathSessions[fileId] = named;
    }
    return [named[0]!, named[1]!];
  }

  #search(
    index: FingerprintIndex,
    hi: number,
    lo: number,
    fileId: number,
    row: number,
    exact: boolean,
  ): number {
    const position = index.find(hi, lo);
    if (position === -1) return -1;
    const first = index.first(position);
    if (this.#matches(first, fileId, row, exact)) return first;
    for (const other of index.extra(position) ?? []) {
      if (this.#matches(other, fileId, row, exact)) return other;
    }
    return -1;
  }
}

/** De-duplicates `files` (in sorted path order) in one pass. */
export function dedupeEntries(
  files: readonly EntryColumns[],
  paths: readonly string[],
): Deduplicator {
  let rows = 0;
  for (const columns of files) rows += columns.length;
  const dedup = new Deduplicator(files, paths, rows);
  for (let fileId = 0; fileId < files.length; fileId++) {
    const columns = files[fileId]!;
    for (let row = 0; row < columns.length; row++) dedup.add(fileId, row);
  }
  dedup.resetTouched();
  return dedup;
}

/**
 * Flattens survivors into columns sorted by time; equal times keep slot (creation) order, as
 * ccusage's stable sort does.
 */
export function sortSurvivors(
  files: readonly EntryColumns[],
  dedup: Deduplicator,
  models: ModelNames,
): SortedEntries {
  const count = dedup.slotCount;
  const times = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    const columns = files[dedup.slotFile[index]!]!;
    times[index] = columns.time[columns.start + dedup.slotRow[index]!]!;
  }
  const sorted = emptySorted(count, models);
  fillSorted(sorted, 0, sortOrder(times), files, dedup);
  return sorted;
}

/**
 * Re-sorts only what changed since `previous`: entries earlier than `dedup.minTouchedTime`
 * keep their place, the rest (including new and replaced slots) are sorted again. Returns the
 * new columns and how many leading entries are unchanged.
 */
export function resortTail(
  previous: SortedEntries,
  files: readonly EntryColumns[],
  paths: readonly string[],
  dedup: Deduplicator,
): { sorted: SortedEntries; unchanged: number } {
  const threshold = dedup.minTouchedTime;
  let keep = 0;
  let high = previous.length;
  while (keep < high) {
    const middle = (keep + high) >>> 1;
    if (previous.time[middle]! < threshold) keep = middle + 1;
    else high = middle;
  }
  const tail: number[] = [];
  for (let index = keep; index < previous.length; index++) tail.push(previous.slots[index]!);
  for (const slot of dedup.newSlots) tail.push(slot);
  const time = (slot: number) => {
    const columns = files[dedup.slotFile[slot]!]!;
    return columns.time[columns.start + dedup.slotRow[slot]!]!;
  };
  tail.sort((a, b) => {
    const byTime = time(a) - time(b);
    if (byTime !== 0) return byTime;
    const fileA = dedup.createdFile[a]!;
    const fileB = dedup.createdFile[b]!;
    if (fileA !== fileB) return paths[fileA]! < paths[fileB]! ? -1 : 1;
    return dedup.createdRow[a]! - dedup.createdRow[b]!;
  });
  const sorted = emptySorted(keep + tail.length, previous.models);
  for (const key of ["time", "input", "output", "cacheCreation", "cacheRead", "cost"] as const) {
    sorted[key].set(previous[key].subarray(0, keep));
  }
  sorted.model.set(previous.model.subarray(0, keep));
  sorted.unpriced.set(previous.unpriced.subarray(0, keep));
  sorted.slots.set(previous.slots.subarray(0, keep));
  for (const [index, reset] of previous.resets) if (index < keep) sorted.resets.set(index, reset);
  fillSorted(sorted, keep, tail, files, dedup);
  return { sorted, unchanged: keep };
}

function emptySorted(count: number, models: ModelNames): SortedEntries {
  return {
    length: count,
    time: new Float64Array(count),
    input: new Float64Array(count),
    output: new Float64Array(count),
    cacheCreation: new Float64Array(count),
    cacheRead: new Float64Array(count),
    cost: new Float64Array(count),
    model: new Uint16Array(count),
    unpriced: new Uint16Array(count),
    slots: new Uint32Array(count),
    resets: new Map(),
    models,
  };
}

/** Writes the entries of `order` (slot indexes) into `sorted` from index `from` on. */
function fillSorted(
  sorted: SortedEntries,
  from: number,
  order: ArrayLike<number>,
  files: readonly EntryColumns[],
  dedup: Deduplicator,
): void {
  for (let offset = 0; offset < order.length; offset++) {
    const index = from + offset;
    const slot = order[offset]!;
    const columns = files[dedup.slotFile[slot]!]!;
    copyEntry(sorted, index, columns, dedup.slotRow[slot]!, columns.start);
    sorted.slots[index] = slot;
  }
}

/** Indexes of `times` in ascending time order, equal times in index order (a stable sort). */
function sortOrder(times: Float64Array): Uint32Array {
  const count = times.length;
  const order = new Uint32Array(count);
  let min = Infinity;
  let max = -Infinity;
  // The packed sort is exact only for whole milliseconds (as transcripts have); a fractional
  // time (a caller's own entries) would corrupt the index part of the key.
  let whole = true;
  for (const time of times) {
    if (time < min) min = time;
    if (time > max) max = time;
    if (!Number.isInteger(time)) whole = false;
  }
  const scale = 2 ** Math.ceil(Math.log2(count + 1));
  if (count > 0 && whole && (max - min + 1) * scale < 2 ** 53) {
    // Time and index packed into one exact double: the native numeric sort needs no callback.
    const keys = new Float64Array(count);
    for (let index = 0; index < count; index++) keys[index] = (times[index]! - min) * scale + index;
    keys.sort();
    for (let index = 0; index < count; index++) order[index] = keys[index]! % scale;
    return order;
  }
  for (let index = 0; index < count; index++) order[index] = index;
  return order.sort((a, b) => times[a]! - times[b]! || a - b);
}

function tokenTotal(columns: EntryColumns, row: number): number {
  const at = columns.start + row;
  return columns.input[at]! + columns.output[at]! + columns.cacheCreation[at]! +
    columns.cacheRead[at]!;
}

function shouldReplace(
  candidate: EntryColumns,
  candidateRow: number,
  existing: EntryColumns,
  existingRow: number,
): boolean {
  const candidateFlags = candidate.flags[candidate.start + candidateRow]!;
  const existingFlags = existing.flags[existing.start + existingRow]!;
  const candidateSide = (candidateFlags & FLAG_SIDECHAIN) !== 0;
  const existingSide = (existingFlags & FLAG_SIDECHAIN) !== 0;
  if (candidateSide !== existingSide) return existingSide;
  const candidateTotal = tokenTotal(candidate, candidateRow);
  const existingTotal = tokenTotal(existing, existingRow);
  if (candidateTotal !== existingTotal) return candidateTotal > existingTotal;
  return (candidateFlags & FLAG_SPEED) !== 0 && (existingFlags & FLAG_SPEED) === 0;
}
