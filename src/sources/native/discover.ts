/** Finds Claude Code data directories and their JSONL transcripts (pure over env, home and FileSystem). */

import type { FileSystem } from "../../ports.ts";

/** Inputs for choosing the data directories. */
export interface DataDirOptions {
  /** Reads an environment variable (`CLAUDE_CONFIG_DIR`, `XDG_CONFIG_HOME`). */
  env: (name: string) => string | undefined;
  /** The user's home directory, or null when unknown. */
  home: string | null;
  /** Directories from `--claude-dir`; when non-empty they replace everything else. */
  claudeDirs?: readonly string[];
}

/** The result of a discovery run. */
export interface Discovery {
  /** Every directory looked in (config dirs as given, after `~` expansion), for messages. */
  searched: string[];
  /** The `projects/` directories that exist. */
  projectDirs: string[];
  /** Every `*.jsonl` under the project directories, sorted. */
  files: string[];
  /** Folders under them that could not be listed because their name is not valid UTF-8. */
  unlistable: string[];
}

/**
 * The Claude config directories to look in: `--claude-dir` values, else `CLAUDE_CONFIG_DIR`
 * (each comma-separated, as ccusage splits CLAUDE_CONFIG_DIR: the ccusage source hands it the
 * same list, so both sources read the same folders), else `$XDG_CONFIG_HOME/claude` (default `~/.config/claude`) and `~/.claude`.
 *
 * @example
 * ```ts
 * claudeDataDirs({ env: (name) => Deno.env.get(name), home: "/home/ana" });
 * // ["/home/ana/.config/claude", "/home/ana/.claude"]
 * ```
 */
export function claudeDataDirs(options: DataDirOptions): string[] {
  const explicit = (options.claudeDirs ?? []).flatMap((value) => value.split(","))
    .map((dir) => expandHome(dir.trim(), options.home))
    .filter((dir) => dir !== "");
  if (explicit.length > 0) return unique(explicit);
  const configured = options.env("CLAUDE_CONFIG_DIR");
  if (configured !== undefined && configured.trim() !== "") {
    const dirs = configured.split(",").map((dir) => expandHome(dir.trim(), options.home))
      .filter((dir) => dir !== "");
    if (dirs.length > 0) return unique(dirs);
  }
  const dirs: string[] = [];
  const xdg = options.env("XDG_CONFIG_HOME");
  if (xdg !== undefined && xdg.trim() !== "") {
    dirs.push(joinPath(expandHome(xdg.trim(), options.home), "claude"));
  } else if (options.home !== null) dirs.push(joinPath(options.home, ".config", "claude"));
  if (options.home !== null) dirs.push(joinPath(options.home, ".claude"));
  return unique(dirs);
}

/**
 * Lists the transcripts under `dirs`: each dir's `projects/` (or the dir itself when it is a
 * `projects` folder), every `*.jsonl` at any depth, symlinks not followed.
 */
export async function discoverFiles(fs: FileSystem, dirs: readonly string[]): Promise<Discovery> {
  const projectDirs: string[] = [];
  for (const dir of dirs) {
    const nested = joinPath(dir, "projects");
    if (await isDirectory(fs, nested)) projectDirs.push(nested);
    else if (baseName(dir) === "projects" && await isDirectory(fs, dir)) projectDirs.push(dir);
  }
  const files: string[] = [];
  const unlistable: string[] = [];
  for (const dir of unique(projectDirs)) await walk(fs, dir, files, unlistable);
  return {
    searched: [...dirs],
    projectDirs: unique(projectDirs),
    files: unique(files).sort(),
    unlistable: unique(unlistable).sort(),
  };
}

/**
 * Collects the `*.jsonl` files under `root` (the caller sorts them: the visiting order does not
 * matter). A synchronous listing, when the file system has one, is used without a promise per
 * folder.
 */
async function walk(
  fs: FileSystem,
  root: string,
  out: string[],
  unlistable: string[],
): Promise<void> {
  const pending = [root];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    let entries;
    try {
      entries = fs.readDirSync?.(dir) ?? await fs.readDir(dir);
    } catch {
      // Unreadable or vanished directories are skipped, like ccusage does; one whose name is not
      // valid UTF-8 (U+FFFD here) cannot be opened from Deno although ccusage reads it: name it.
      if (dir.includes("\uFFFD")) unlistable.push(dir);
      continue;
    }
    for (const entry of entries) {
      if (entry.isSymlink) continue;
      const path = joinPath(dir, entry.name);
      if (entry.isDirectory) pending.push(path);
      else if (entry.isFile && entry.name.endsWith(".jsonl")) out.push(path);
    }
  }
}

async function isDirectory(fs: FileSystem, path: string): Promise<boolean> {
  try {
    await fs.readDir(path);
    return true;
  } catch {
    return false;
  }
}

function expandHome(path: string, home: string | null): string {
  if (home === null) return path;
  if (path === "~") return home;
  if (path.startsWith("~/") || path.startsWith("~\\")) return joinPath(home, path.slice(2));
  return path;
}

function joinPath(...parts: string[]): string {
  let joined = parts[0] ?? "";
  for (const part of parts.slice(1)) {
    joined = joined.endsWith("/") || joined.endsWith("\\") ? joined + part : `${joined}/${part}`;
  }
  return joined;
}

function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, "");
  const index = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"));
  return trimmed.slice(index + 1);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
