/** De-duplication of usage entries across lines and files, as ccusage 20.0.24 resolves it. */

import type { UsageEntry } from "./parse_line.ts";

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
  const byExactKey = new Map<string, number[]>();
  const byMessage = new Map<string, number[]>();
  for (const entry of entries) {
    const messageId = entry.messageId;
    if (messageId === null) {
      slots.push(entry);
      continue;
    }
    const exactKey = dedupeKey(messageId, entry.requestId);
    // Indexes may point at slots whose occupant has since been replaced, so re-check the occupant.
    let found = byExactKey.get(exactKey)?.find((index) => {
      const other = slots[index];
      return other !== undefined && other.messageId === messageId &&
        other.requestId === entry.requestId;
    });
    if (found === undefined) {
      found = byMessage.get(messageId)?.find((index) => {
        const other = slots[index];
        return other !== undefined && other.messageId === messageId &&
          other.time === entry.time && (entry.sidechain || other.sidechain);
      });
    }
    if (found !== undefined) {
      const existing = slots[found];
      if (existing !== undefined && shouldReplace(entry, existing)) {
        slots[found] = entry;
        addIndex(byExactKey, exactKey, found);
        addIndex(byMessage, messageId, found);
      }
      continue;
    }
    const index = slots.length;
    slots.push(entry);
    addIndex(byExactKey, exactKey, index);
    addIndex(byMessage, messageId, index);
  }
  return slots;
}

function dedupeKey(messageId: string, requestId: string | null): string {
  return requestId === null ? `${messageId}\u0000` : `${messageId}\u0000\u0001${requestId}`;
}

function addIndex(map: Map<string, number[]>, key: string, index: number): void {
  const indexes = map.get(key);
  if (indexes === undefined) map.set(key, [index]);
  else if (!indexes.includes(index)) indexes.push(index);
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
