/** The file-system check behind PATH lookup: a regular file the user may execute. */

/**
 * Says whether `path` is a file that can be run (on POSIX, with an execute bit set); any error,
 * including a denied read permission, counts as "no" so detection never throws.
 */
export function executableExists(path: string): boolean {
  try {
    const info = Deno.statSync(path);
    if (!info.isFile) return false;
    if (Deno.build.os === "windows" || info.mode === null) return true;
    return (info.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}
