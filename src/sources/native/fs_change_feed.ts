/**
 * File-system change notifications for the native source: with them, a refresh in a quiet
 * minute costs nothing instead of a stat of every transcript (thousands on a big history).
 */

/** What changed in the watched directories since the feed was last asked. */
export interface FeedChanges {
  /** Something changed (or the feed cannot tell). */
  any: boolean;
  /** The paths reported, or null when the feed cannot tell which (an overflow, a dead watcher). */
  paths: ReadonlySet<string> | null;
}

/** Says what may have changed in watched directories since it was last asked. */
export interface ChangeFeed {
  /** The changes since the last call; resets them. */
  take(): FeedChanges;
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
  let seen = new Set<string>();
  // Set when the watcher says it lost events (a rescan) or names nothing: anything may have changed.
  let unknown = false;
  let broken = false;
  (async () => {
    for await (const event of watcher) {
      // Reads are not reported; any create, modify or remove may matter.
      if (event.kind === "access") continue;
      if (event.flag === "rescan" || event.paths.length === 0) unknown = true;
      // Past this many paths, naming them costs more than a stat of everything.
      else if (seen.size < 10_000) { for (const path of event.paths) seen.add(path); }
      else unknown = true;
    }
  })().catch(() => {
    // A watcher that dies must not hide changes: report "cannot tell" from now on.
    broken = true;
  });
  return {
    take(): FeedChanges {
      const result: FeedChanges = unknown || broken
        ? { any: true, paths: null }
        : { any: seen.size > 0, paths: seen };
      seen = new Set();
      unknown = false;
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
