/** De-duplication of usage entries across lines and files, as ccusage 20.0.24 resolves it. */

import type { UsageEntry } from "./parse_line.ts";

/** Slot indexes by key; a single index is stored unboxed because that is the common case. */
type IndexMap = Map<string, number | number[]>;

/**
 * Merges duplicates of one API message and returns the survivors in first-seen order.
 *
 * A duplicate has the same `message.id` and `requestId` (both absent counts as equal), or the
 * same `message.id` and timestamp where either line is a sidechain replay. The survivor takes
 * the slot of the first line: a non-sidechain line beats a sidechain one, then the larger token
 * total, then the one that has `usage.speed`. Lines without `message.id` are never merged.
 * Feed entries in sorted-path, in-file order so the result equals a full read.
 *
 * @example
 * ```ts
 * const unique = dedupeEntries(files.flatMap((file) => file.entries));
 * ```
 */
export function dedupeEntries(entries: Iterable<UsageEntry>): UsageEntry[] {
  const slots: UsageEntry[] = [];
  // Every slot that ever held a request id / message id. At most one slot holds a given
  // (message id, request id) pair at a time, so any superset of candidates finds the same slot.
  const byRequest: IndexMap = new Map();
  const byMessage: IndexMap = new Map();
  for (const entry of entries) {
    const messageId = entry.messageId;
    if (messageId === null) {
      slots.push(entry);
      continue;
    }
    const requestId = entry.requestId;
    let found = findIndex(
      requestId === null ? byMessage.get(messageId) : byRequest.get(requestId),
      slots,
      (other) => other.messageId === messageId && other.requestId === requestId,
    );
    if (found === -1) {
      found = findIndex(
        byMessage.get(messageId),
        slots,
        (other) =>
          other.messageId === messageId && other.time === entry.time &&
          (entry.sidechain || other.sidechain),
      );
    }
    if (found !== -1) {
      const existing = slots[found];
      if (existing !== undefined && shouldReplace(entry, existing)) {
        slots[found] = entry;
        if (requestId !== null) addIndex(byRequest, requestId, found);
      }
      continue;
    }
    const index = slots.length;
    slots.push(entry);
    if (requestId !== null) addIndex(byRequest, requestId, index);
    addIndex(byMessage, messageId, index);
  }
  return slots;
}

function findIndex(
  candidates: number | number[] | undefined,
  slots: readonly UsageEntry[],
  matches: (other: UsageEntry) => boolean,
): number {
  if (candidates === undefined) return -1;
  if (typeof candidates === "number") {
    const other = slots[candidates];
    return other !== undefined && matches(other) ? candidates : -1;
  }
  for (const index of candidates) {
    const other = slots[index];
    if (other !== undefined && matches(other)) return index;
  }
  return -1;
}

function addIndex(map: IndexMap, key: string, index: number): void {
  const existing = map.get(key);
  if (existing === undefined) map.set(key, index);
  else if (typeof existing === "number") {
    if (existing !== index) map.set(key, [existing, index]);
  } else if (!existing.includes(index)) existing.push(index);
}

function tokenTotal(entry: UsageEntry): number {
  return entry.inputTokens + entry.outputTokens + entry.cacheCreationTokens +
    entry.cacheReadTokens;
}

function shouldReplace(candidate: UsageEntry, existing: UsageEntry): boolean {
  if (candidate.sidechain !== existing.sidechain) return existing.sidechain;
  const candidateTotal = tokenTotal(candidate);
  const existingTotal = tokenTotal(existing);
  if (candidateTotal !== existingTotal) return candidateTotal > existingTotal;
  return candidate.hasSpeed && !existing.hasSpeed;
}
