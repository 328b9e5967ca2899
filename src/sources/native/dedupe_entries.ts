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

/** Slot indexes by id fingerprint; a single index is stored unboxed (the common case). */
type IndexMap = Map<number, number | number[]>;

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
  const slots: Survivors = { file: [], row: [] };
  // Every slot that ever held a request id / message id. At most one slot holds a given
  // (message id, request id) pair at a time, so any superset of candidates finds the same slot.
  const byRequest: IndexMap = new Map();
  const byMessage: IndexMap = new Map();
  const sameMessage = (f: number, r: number, columns: EntryColumns, row: number) => {
    const other = files[f];
    if (other === undefined || (other.flags[r]! & FLAG_MESSAGE_ID) === 0) return false;
    return other.ids[r * 4] === columns.ids[row * 4] &&
      other.ids[r * 4 + 1] === columns.ids[row * 4 + 1];
  };
  const sameRequest = (f: number, r: number, columns: EntryColumns, row: number) => {
    const other = files[f];
    if (other === undefined) return false;
    const hasRequest = (columns.flags[row]! & FLAG_REQUEST_ID) !== 0;
    if (((other.flags[r]! & FLAG_REQUEST_ID) !== 0) !== hasRequest) return false;
    return !hasRequest ||
      (other.ids[r * 4 + 2] === columns.ids[row * 4 + 2] &&
        other.ids[r * 4 + 3] === columns.ids[row * 4 + 3]);
  };
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    const columns = files[fileIndex];
    if (columns === undefined) continue;
    for (let row = 0; row < columns.length; row++) {
      const flags = columns.flags[row]!;
      if ((flags & FLAG_MESSAGE_ID) === 0) {
        slots.file.push(fileIndex);
        slots.row.push(row);
        continue;
      }
      const messageKey = mapKey(columns.ids, row * 4);
      const hasRequest = (flags & FLAG_REQUEST_ID) !== 0;
      const requestKey = hasRequest ? mapKey(columns.ids, row * 4 + 2) : 0;
      let found = findSlot(
        hasRequest ? byRequest.get(requestKey) : byMessage.get(messageKey),
        slots,
        (f, r) => sameMessage(f, r, columns, row) && sameRequest(f, r, columns, row),
      );
      if (found === -1) {
        const time = columns.time[row];
        const sidechain = (flags & FLAG_SIDECHAIN) !== 0;
        found = findSlot(byMessage.get(messageKey), slots, (f, r) => {
          const other = files[f];
          return other !== undefined && sameMessage(f, r, columns, row) &&
            other.time[r] === time && (sidechain || (other.flags[r]! & FLAG_SIDECHAIN) !== 0);
        });
      }
      if (found !== -1) {
        const other = files[slots.file[found]!];
        if (other !== undefined && shouldReplace(columns, row, other, slots.row[found]!)) {
          slots.file[found] = fileIndex;
          slots.row[found] = row;
          if (hasRequest) addIndex(byRequest, requestKey, found);
        }
        continue;
      }
      const index = slots.file.length;
      slots.file.push(fileIndex);
      slots.row.push(row);
      if (hasRequest) addIndex(byRequest, requestKey, index);
      addIndex(byMessage, messageKey, index);
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
  const order = new Uint32Array(count);
  for (let index = 0; index < count; index++) order[index] = index;
  order.sort((a, b) => times[a]! - times[b]! || a - b);
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

/** A map key from a 64-bit fingerprint (53 of its bits; full equality is checked on use). */
function mapKey(ids: Uint32Array, at: number): number {
  return ids[at]! * 2097152 + (ids[at + 1]! >>> 11);
}

function findSlot(
  candidates: number | number[] | undefined,
  slots: Survivors,
  matches: (file: number, row: number) => boolean,
): number {
  if (candidates === undefined) return -1;
  if (typeof candidates === "number") {
    return matches(slots.file[candidates]!, slots.row[candidates]!) ? candidates : -1;
  }
  for (const index of candidates) {
    if (matches(slots.file[index]!, slots.row[index]!)) return index;
  }
  return -1;
}

function addIndex(map: IndexMap, key: number, index: number): void {
  const existing = map.get(key);
  if (existing === undefined) map.set(key, index);
  else if (typeof existing === "number") {
    if (existing !== index) map.set(key, [existing, index]);
  } else if (!existing.includes(index)) existing.push(index);
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
