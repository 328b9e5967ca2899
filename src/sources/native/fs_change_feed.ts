/**
 * File-system change notifications for the native source: with them, a refresh in a quiet
 * minute costs nothing instead of a stat of every transcript (thousands on a big history).
 */

/** Says whether watched directories may have changed since it was last asked. */
export interface ChangeFeed {
  /** True when something changed (or the feed cannot tell) since the last call; resets it. */
  takeChanged(): boolean;
  close(): void;
}

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
  (async () => {
    for await (const event of watcher) {
      // Reads are not reported; any create, modify or remove may matter.
      if (event.kind !== "access") changed = true;
    }
  })().catch(() => {
    // A watcher that dies must not hide changes: report "changed" from now on.
    broken = true;
  });
  return {
    takeChanged(): boolean {
      const result = changed || broken;
      changed = false;
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
