/**
 * File-system change notifications for the native source: with them, a refresh in a quiet
 * minute costs nothing instead of a stat of every transcript (thousands on a big history).
 */

/** Says whether watched directories may have changed since it was last asked. */
export interface ChangeFeed {
  /** True when something changed (or the feed cannot tell) since the last call; resets it. */
  takeChanged(): boolean;
  /**
   * The paths changed since the last call ([] when none), or null when the feed cannot tell
   * which (too many, or it broke); resets like `takeChanged`. Optional: without it every
   * change means a full scan.
   */
  takeChangedPaths?(): string[] | null;
  close(): void;
}

/** Above this many changed paths between two refreshes, a full scan is cheaper to reason about. */
const MAX_PATHS = 1000;

/**
 * Watches `paths` recursively with `Deno.watchFs`. Returns null when watching is not possible
 * (no such directory, no inotify watches left): the source then scans on every refresh.
 */
export function watchForChanges(paths: readonly string[]): ChangeFeed | null {
  if (paths.length === 0) return null;
  let watcher: Deno.FsWatcher;
  try {
    watcher = Deno.watchFs([...paths], { recursive: true });
  } catch {
    return null;
  }
  let changed = false;
  let broken = false;
  let pending = new Set<string>();
  let overflow = false;
  (async () => {
    for await (const event of watcher) {
      // Reads are not reported; any create, modify or remove may matter.
      if (event.kind === "access") continue;
      changed = true;
      for (const path of event.paths) {
        if (pending.size >= MAX_PATHS) overflow = true;
        else pending.add(path);
      }
      // Without paths nobody can tell what changed.
      if (event.paths.length === 0) overflow = true;
    }
  })().catch(() => {
    // A watcher that dies must not hide changes: report "changed" from now on.
    broken = true;
  });
  const reset = () => {
    changed = false;
    pending = new Set();
    overflow = false;
  };
  return {
    takeChanged(): boolean {
      const result = changed || broken;
      reset();
      return result;
    },
    takeChangedPaths(): string[] | null {
      const result = broken || overflow ? null : [...pending];
      reset();
      return result;
    },
    close(): void {
      try {
        watcher.close();
      } catch {
        // Already closed.
      }
    },
  };
}
