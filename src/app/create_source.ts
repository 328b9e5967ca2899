/** Picks and builds the usage source from the settings (`--source`, `--demo`, `--claude-dir`). */

import { join, resolve } from "../store/path.ts";
import type { Settings } from "../cli/settings.ts";
import type { Clock, CommandRunner, UsageSource } from "../ports.ts";
import { findOnPath } from "../notify/find_on_path.ts";
import { executableExists } from "../notify/executable_exists.ts";
import { claudeDataDirs } from "../sources/native/discover.ts";
import { createDenoFileSystem } from "../sources/native/deno_file_system.ts";
import { createNativeSource } from "../sources/native/native_source.ts";
import { watchForChanges } from "../sources/native/fs_change_feed.ts";
import { dataSetKey } from "../core/data_set_key.ts";
import { cacheDir } from "../store/paths.ts";
import { ReaderCacheFile, readerCacheKey, readerCachePath } from "../store/reader_cache_file.ts";

/** Inputs of {@linkcode createSource}. */
export interface CreateSourceOptions {
  settings: Settings;
  demo: boolean;
  env: Record<string, string | undefined>;
  runner: CommandRunner;
  clock: Clock;
  stateDir: string;
  /** Watch the data directories for changes (the dashboard and headless mode; not `--once`). */
  watch?: boolean;
  /** The native reader's cache: used, rebuilt (`--recalculate`) or off (`--no-cache`). */
  cache?: {
    mode: "use" | "rebuild" | "off";
    /** The app version, part of the cache's version key. */
    appVersion: string;
    warn: (message: string) => void;
  };
}

/** Resolved real paths of `dirs` (a missing one keeps its absolute path), for `dataSetKey`. */
export function canonicalDirs(dirs: readonly string[]): string[] {
  return dirs.map((dir) => {
    try {
      return Deno.realPathSync(dir);
    } catch {
      return resolve(dir);
    }
  });
}

/**
 * A full collection that also gives freed heap pages back to the system (V8's "last resort"
 * flavour; `gc` exists with `--expose-gc`, see scripts/permissions.ts). Measured at 100,000
 * files: a running monitor's RSS after its first load 327 -> 168 MB, for ~0.5 s of CPU once.
 */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: (options?: Record<string, string>) => void }).gc;
  gc?.({ type: "major", execution: "sync", flavor: "last-resort" });
}

/** Where the reader cache of `dataDirs` lives, in the cache directory for `env`. */
export function readerCacheLocation(
  env: Record<string, string | undefined>,
  dataDirs: readonly string[],
): { path: string; dataSet: string } {
  const dataSet = dataSetKey(canonicalDirs(dataDirs));
  return { path: readerCachePath(cacheDir(env, Deno.build.os), dataSet), dataSet };
}

/** Whether the ccusage executable named in the settings can be found. */
export function ccusageAvailable(settings: Settings, env: Record<string, string | undefined>) {
  return findOnPath(
    settings.ccusage,
    env["PATH"] ?? env["Path"],
    env["PATHEXT"],
    Deno.build.os,
    executableExists,
  ) !== null;
}

/**
 * The default data directories (`$XDG_CONFIG_HOME/claude` and `~/.claude`), whatever
 * `CLAUDE_CONFIG_DIR` and `--claude-dir` say: the seed's and older versions' state came from them.
 */
export function defaultDataDirs(env: Record<string, string | undefined>): string[] {
  return claudeDataDirs({
    env: (name) => name === "CLAUDE_CONFIG_DIR" ? undefined : env[name],
    home: env["HOME"] ?? env["USERPROFILE"] ?? null,
  });
}

/** The usage source to run and the data directories it reads. */
export async function createSource(
  options: CreateSourceOptions,
): Promise<{ source: UsageSource; dataDirs: string[] }> {
  const { settings, env, runner } = options;
  const dataDirs = claudeDataDirs({
    env: (name) => env[name],
    home: env["HOME"] ?? env["USERPROFILE"] ?? null,
    claudeDirs: settings.claudeDirs,
  });
  // Each source's modules load when it is picked: a run loads only the one it uses.
  if (options.demo) {
    const { createDemoSource } = await import("../sources/demo_source.ts");
    return { source: createDemoSource(() => options.clock.now()), dataDirs: [] };
  }
  const kind = settings.source === "auto"
    ? (ccusageAvailable(settings, env) ? "ccusage" : "native")
    : settings.source;
  const cache = options.cache;
  let readerCache: ReaderCacheFile | null = null;
  const native = () => {
    if (cache !== undefined && cache.mode !== "off" && readerCache === null) {
      const { path, dataSet } = readerCacheLocation(env, dataDirs);
      readerCache = new ReaderCacheFile({
        path,
        key: readerCacheKey(cache.appVersion, dataSet),
        warn: cache.warn,
        rebuild: cache.mode === "rebuild",
      });
    }
    return createNativeSource({
      fs: createDenoFileSystem(),
      dirs: dataDirs,
      now: () => options.clock.now(),
      // A long-running monitor skips the scan of every transcript while nothing changes.
      collectGarbage,
      ...(options.watch ? { watch: watchForChanges } : { oneShot: true }),
      ...(readerCache === null ? {} : { cache: readerCache }),
    });
  };
  if (kind === "native") return { source: native(), dataDirs };
  // ccusage reads a ccusage.json from its working directory: give it an empty one of ours, or a
  // fresh temporary one when the state folder cannot be written (read-only, or a file).
  let cwd = join(options.stateDir, "ccusage-cwd");
  let temporary = false;
  try {
    await Deno.mkdir(cwd, { recursive: true });
  } catch {
    cwd = await Deno.makeTempDir({ prefix: "claude-monitor-ccusage-" });
    temporary = true;
  }
  const ccusageEnv: Record<string, string> = {};
  // ccusage knows only CLAUDE_CONFIG_DIR: hand it the --claude-dir list (with ~ expanded).
  if (settings.claudeDirs.length > 0) ccusageEnv["CLAUDE_CONFIG_DIR"] = dataDirs.join(",");
  const { createCcusageSource } = await import("../sources/ccusage_source.ts");
  const ccusage = createCcusageSource({
    runner,
    command: settings.ccusage,
    timeoutMs: settings.ccusageTimeout * 1000,
    cwd,
    env: ccusageEnv,
  });
  if (temporary) ccusage.close = () => Deno.removeSync(cwd, { recursive: true });
  // auto chose ccusage because it is installed; an installed ccusage that fails (a launcher
  // without its native binary, a crash, bad output) must not leave the user without numbers.
  const { createAutoSource } = await import("../sources/auto_source.ts");
  const source = settings.source === "auto" ? createAutoSource(ccusage, native) : ccusage;
  return { source, dataDirs };
}
