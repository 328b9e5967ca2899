/**
 * Finds the team's shared folder (real transcripts, samples) that sits beside the repository as
 * `../shared`; `CLAUDE_MONITOR_SHARED` overrides it (a git worktree elsewhere, a local copy).
 * Its contents are never copied into the repository.
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The shared folder's path, or null when it is absent. */
export function sharedDir(): string | null {
  const dir = Deno.env.get("CLAUDE_MONITOR_SHARED") ?? join(repoRoot, "..", "shared");
  try {
    return Deno.statSync(dir).isDirectory ? dir : null;
  } catch {
    return null;
  }
}

/**
 * Options for `Deno.test` that skip a test needing `../shared` with a named reason outside CI;
 * under `CI` the test runs and fails on the missing folder instead of passing silently.
 */
export function sharedTestOptions(name: string): { name: string; ignore: boolean } {
  const missing = sharedDir() === null;
  const ci = Deno.env.get("CI") !== undefined && Deno.env.get("CI") !== "";
  // The reason goes into the name: `deno test -q` hides output printed while loading.
  if (missing && !ci) {
    return {
      name: `${name} [skipped: ../shared is absent; set CLAUDE_MONITOR_SHARED to its path]`,
      ignore: true,
    };
  }
  return { name, ignore: false };
}

/** The shared folder, or an error naming where it was looked for (for tests that must have it). */
export function requireSharedDir(): string {
  const dir = sharedDir();
  if (dir === null) {
    throw new Error(
      `Cannot find the shared folder: looked at "${
        Deno.env.get("CLAUDE_MONITOR_SHARED") ?? join(repoRoot, "..", "shared")
      }" (set CLAUDE_MONITOR_SHARED)`,
    );
  }
  return dir;
}
