/** PATH lookup as the OS does it, minus the current directory, with the file check passed in. */

const DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD";

/**
 * Finds `name` on `path` and returns the first candidate `exists` accepts, or null.
 *
 * Empty PATH entries (which POSIX reads as the current directory) and the Windows habit of
 * searching the current directory first are both ignored: a notifier must not run whatever
 * program happens to sit in the directory the user started it from. On Windows, PATH is split
 * on ";", quoted entries are unquoted, and a name without a PATHEXT extension is tried with each.
 *
 * @example
 * ```ts
 * findOnPath("notify-send", "/usr/local/bin:/usr/bin", undefined, "linux", (p) => p === "/usr/bin/notify-send");
 * // "/usr/bin/notify-send"
 * ```
 */
export function findOnPath(
  name: string,
  path: string | undefined,
  pathext: string | undefined,
  platform: string,
  exists: (candidate: string) => boolean,
): string | null {
  const windows = platform === "windows";
  const separator = windows ? "\\" : "/";
  const names = windows ? withExtensions(name, pathext) : [name];
  if (name.includes("/") || (windows && name.includes("\\"))) {
    return names.find((candidate) => exists(candidate)) ?? null;
  }
  for (const rawDir of (path ?? "").split(windows ? ";" : ":")) {
    const dir = windows ? rawDir.replaceAll('"', "") : rawDir;
    if (dir === "") continue;
    const prefix = dir.endsWith(separator) || (windows && dir.endsWith("/"))
      ? dir
      : dir + separator;
    for (const candidate of names) {
      if (exists(prefix + candidate)) return prefix + candidate;
    }
  }
  return null;
}

function withExtensions(name: string, pathext: string | undefined): string[] {
  const extensions = (pathext === undefined || pathext === "" ? DEFAULT_PATHEXT : pathext)
    .split(";")
    .filter((extension) => extension !== "");
  const lower = name.toLowerCase();
  if (extensions.some((extension) => lower.endsWith(extension.toLowerCase()))) return [name];
  return extensions.map((extension) => name + extension.toLowerCase());
}
