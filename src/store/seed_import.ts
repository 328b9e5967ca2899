/** One-time import of the seed's `~/.config/claude-monitor/config.json` state into ours. */

import type { TrackerState } from "../core/tracker.ts";

/**
 * Folds the seed's `max_tokens` and `processed_sessions` (block ids, which are ISO start
 * times) into the tracker state. Token and cost figures of those windows are unknown (0),
 * but they still count as used sessions when their logs are gone.
 */
export function importSeedState(state: TrackerState, seed: Record<string, unknown>): TrackerState {
  const next: TrackerState = { ...state, windows: [...state.windows] };
  const maxTokens = seed["max_tokens"];
  if (typeof maxTokens === "number" && Number.isFinite(maxTokens) && maxTokens > next.maxTokens) {
    next.maxTokens = maxTokens;
  }
  const known = new Set(next.windows.map((w) => w.id));
  const processed = seed["processed_sessions"];
  if (Array.isArray(processed)) {
    for (const id of processed) {
      if (typeof id !== "string" || known.has(id)) continue;
      const startMs = Date.parse(id);
      if (Number.isNaN(startMs)) continue;
      next.windows.push({ id, startMs, tokens: 0, costUSD: 0 });
      known.add(id);
    }
    next.windows.sort((a, b) => a.startMs - b.startMs);
  }
  return next;
}
