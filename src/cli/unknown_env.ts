/** Spots `CLAUDE_MONITOR_*` variables the program does not know: usually a typo that silently did nothing. */

import { SETTINGS } from "./settings.ts";

/** Variables with the prefix that are not preferences but still ours (build, tests, toasts). */
const OTHER_KNOWN = [
  "CLAUDE_MONITOR_BUILD_VERSION",
  "CLAUDE_MONITOR_SHARED",
  "CLAUDE_MONITOR_TITLE",
  "CLAUDE_MONITOR_BODY",
];

/** Levenshtein distance, small strings only. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * One warning per unknown `CLAUDE_MONITOR_*` variable, naming the closest known one when it is
 * within a few edits.
 *
 * @example
 * ```ts
 * unknownEnvWarnings({ CLAUDE_MONITOR_STRAT_DAY: "15" });
 * // ['Ignoring unknown environment variable CLAUDE_MONITOR_STRAT_DAY: did you mean CLAUDE_MONITOR_START_DAY?']
 * ```
 */
export function unknownEnvWarnings(env: Record<string, string | undefined>): string[] {
  const preferences = SETTINGS.map((s) => s.env);
  const known = new Set([...preferences, ...OTHER_KNOWN]);
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.toUpperCase().startsWith(PREFIX) || known.has(name)) continue;
    const match = closest(name.toUpperCase().slice(PREFIX.length), preferences);
    warnings.push(
      `Ignoring unknown environment variable ${name}` +
        (match ? `: did you mean ${match}?` : ` (see --help for the known ones)`),
    );
  }
  return warnings;
}

const PREFIX = "CLAUDE_MONITOR_";

/** The preference variable `suffix` most likely meant: a prefix of it, or within a few edits. */
function closest(suffix: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const other = candidate.slice(PREFIX.length);
    // "IDLE" for "IDLE_AFTER": a shortened name is the likeliest slip.
    const shortened = suffix.length >= 3 && (other.startsWith(suffix) || suffix.startsWith(other));
    const score = shortened ? 0.5 : distance(suffix, other);
    if (score < bestScore) [best, bestScore] = [candidate, score];
  }
  return bestScore <= Math.max(2, Math.floor(suffix.length / 3)) ? best : null;
}
