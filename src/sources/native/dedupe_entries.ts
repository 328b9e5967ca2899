/** De-duplication of usage entries across lines and files, as ccusage 20.0.24 resolves it. */

import {
  type EntryColumns,
  FLAG_MESSAGE_ID,
  FLAG_REQUEST_ID,
  FLAG_SIDECHAIN,
  FLAG_SPEED,
  type ModelNames,
  type SortedEntries,
} from "./entry_columns.ts";

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
    while (capacity < expected * 2) capacity *= 2;
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

  add(hi: number, lo: number, index: number): void {
    const found = this.find(hi, lo);
    if (found !== -1) {
      if (this.#first[found] === index) return;
      const more = this.#extra.get(found);
      if (more === undefined) this.#extra.set(found, [index]);
      else if (!more.includes(index)) more.push(index);
      return;
    }
    if ((this.#size + 1) * 2 > this.#mask + 1) this.#grow();
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

/** Surviving entries as (file index, row) pairs, in first-seen slot order. */
export interface Survivors {
  file: number[];
  row: number[];
}

/**
 * Merges duplicates of one API message across `files` (in sorted path order, rows in file order).
 *
 * A duplicate has the same `message.id` and `requestId` (both absent counts as equal), or the
 * same `message.id` and timestamp where either line is a sidechain replay. The survivor takes
 * the slot of the first line: a non-sidechain line beats a sidechain one, then the larger token
 * total, then the one that has `usage.speed`. Lines without `message.id` are never merged.
 *
 * @example
 * ```ts
 * const survivors = dedupeEntries(files);
 * ```
 */
export function dedupeEntries(files: readonly EntryColumns[]): Survivors {
  let rows = 0;
  for (const columns of files) rows += columns.length;
  const slots: Survivors = { file: [], row: [] };
  // Every slot that ever held a request id / message id. At most one slot holds a given
  // (message id, request id) pair at a time, so any superset of candidates finds the same slot.
  const byRequest = new FingerprintIndex(rows);
  const byMessage = new FingerprintIndex(rows);

  /** Whether slot `index` holds the same message (and, when `exact`, the same request) as the row. */
  const matches = (
    index: number,
    columns: EntryColumns,
    row: number,
    exact: boolean,
  ): boolean => {
    const other = files[slots.file[index]!]!;
    const otherRow = slots.row[index]!;
    const otherFlags = other.flags[otherRow]!;
    const ids = columns.ids;
    const otherIds = other.ids;
    if (
      (otherFlags & FLAG_MESSAGE_ID) === 0 || otherIds[otherRow * 4] !== ids[row * 4] ||
      otherIds[otherRow * 4 + 1] !== ids[row * 4 + 1]
    ) {
      return false;
    }
    const flags = columns.flags[row]!;
    if (exact) {
      const hasRequest = (flags & FLAG_REQUEST_ID) !== 0;
      if (((otherFlags & FLAG_REQUEST_ID) !== 0) !== hasRequest) return false;
      return !hasRequest ||
        (otherIds[otherRow * 4 + 2] === ids[row * 4 + 2] &&
          otherIds[otherRow * 4 + 3] === ids[row * 4 + 3]);
    }
    return other.time[otherRow] === columns.time[row] &&
      ((flags & FLAG_SIDECHAIN) !== 0 || (otherFlags & FLAG_SIDECHAIN) !== 0);
  };
  const search = (
    index: FingerprintIndex,
    hi: number,
    lo: number,
    columns: EntryColumns,
    row: number,
    exact: boolean,
  ): number => {
    const position = index.find(hi, lo);
    if (position === -1) return -1;
    const first = index.first(position);
    if (matches(first, columns, row, exact)) return first;
    for (const other of index.extra(position) ?? []) {
      if (matches(other, columns, row, exact)) return other;
    }
    return -1;
  };

  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    const columns = files[fileIndex]!;
    const ids = columns.ids;
    for (let row = 0; row < columns.length; row++) {
      const flags = columns.flags[row]!;
      if ((flags & FLAG_MESSAGE_ID) === 0) {
        slots.file.push(fileIndex);
        slots.row.push(row);
        continue;
      }
      const messageHi = ids[row * 4]!;
      const messageLo = ids[row * 4 + 1]!;
      const hasRequest = (flags & FLAG_REQUEST_ID) !== 0;
      const requestHi = ids[row * 4 + 2]!;
      const requestLo = ids[row * 4 + 3]!;
      let found = hasRequest
        ? search(byRequest, requestHi, requestLo, columns, row, true)
        : search(byMessage, messageHi, messageLo, columns, row, true);
      if (found === -1) found = search(byMessage, messageHi, messageLo, columns, row, false);
      if (found !== -1) {
        const other = files[slots.file[found]!]!;
        if (shouldReplace(columns, row, other, slots.row[found]!)) {
          slots.file[found] = fileIndex;
          slots.row[found] = row;
          if (hasRequest) byRequest.add(requestHi, requestLo, found);
        }
        continue;
      }
      const index = slots.file.length;
      slots.file.push(fileIndex);
      slots.row.push(row);
      if (hasRequest) byRequest.add(requestHi, requestLo, index);
      byMessage.add(messageHi, messageLo, index);
    }
  }
  return slots;
}

/**
 * Flattens survivors into columns sorted by time; equal times keep slot order, as ccusage's
 * stable sort does.
 */
export function sortSurvivors(
  files: readonly EntryColumns[],
  survivors: Survivors,
  models: ModelNames,
): SortedEntries {
  const count = survivors.file.length;
  const times = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    times[index] = files[survivors.file[index]!]!.time[survivors.row[index]!]!;
  }
  const order = sortOrder(times);
  const sorted: SortedEntries = {
    length: count,
    time: new Float64Array(count),
    input: new Float64Array(count),
    output: new Float64Array(count),
    cacheCreation: new Float64Array(count),
    cacheRead: new Float64Array(count),
    cost: new Float64Array(count),
    model: new Uint16Array(count),
    unpriced: new Uint16Array(count),
    resets: new Map(),
    models,
  };
  for (let index = 0; index < count; index++) {
    const slot = order[index]!;
    const columns = files[survivors.file[slot]!]!;
    const row = survivors.row[slot]!;
    sorted.time[index] = columns.time[row]!;
    sorted.input[index] = columns.input[row]!;
    sorted.output[index] = columns.output[row]!;
    sorted.cacheCreation[index] = columns.cacheCreation[row]!;
    sorted.cacheRead[index] = columns.cacheRead[row]!;
    sorted.cost[index] = columns.cost[row]!;
    sorted.model[index] = columns.model[row]!;
    sorted.unpriced[index] = columns.unpriced[row]!;
    const reset = columns.resets.get(row);
    if (reset !== undefined) sorted.resets.set(index, reset);
  }
  return sorted;
}

/** Indexes of `times` in ascending time order, equal times in index order (a stable sort). */
function sortOrder(times: Float64Array): Uint32Array {
  const count = times.length;
  const order = new Uint32Array(count);
  let min = Infinity;
  let max = -Infinity;
  for (const time of times) {
    if (time < min) min = time;
    if (time > max) max = time;
  }
  const scale = 2 ** Math.ceil(Math.log2(count + 1));
  if (count > 0 && Number.isInteger(max - min) && (max - min + 1) * scale < 2 ** 53) {
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
  return columns.input[row]! + columns.output[row]! + columns.cacheCreation[row]! +
    columns.cacheRead[row]!;
}

function shouldReplace(
  candidate: EntryColumns,
  candidateRow: number,
  existing: EntryColumns,
  existingRow: number,
): boolean {
  const candidateSide = (candidate.flags[candidateRow]! & FLAG_SIDECHAIN) !== 0;
  const existingSide = (existing.flags[existingRow]! & FLAG_SIDECHAIN) !== 0;
  if (candidateSide !== existingSide) return existingSide;
  const candidateTotal = tokenTotal(candidate, candidateRow);
  const existingTotal = tokenTotal(existing, existingRow);
  if (candidateTotal !== existingTotal) return candidateTotal > existingTotal;
  return (candidate.flags[candidateRow]! & FLAG_SPEED) !== 0 &&
    (existing.flags[existingRow]! & FLAG_SPEED) === 0;
}
