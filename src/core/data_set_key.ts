/**
 * One name per set of Claude data directories, so the state, the reader cache and the official
 * captures of two accounts never mix (issue 10 item 2).
 */

/**
 * Returns a stable file-name-safe key for a set of data directories.
 *
 * The caller passes canonical paths (resolved real paths; a directory that does not exist keeps its
 * absolute path). Order and duplicates do not matter. The key is a readable slug of the last
 * folder names plus a 64-bit FNV-1a hash of the sorted, de-duplicated list.
 *
 * @example
 * ```ts
 * dataSetKey(["/home/ana/.claude", "/home/ana/.config/claude"]);
 * // "claude+claude-1b2c3d4e5f607182"
 * ```
 */
export function dataSetKey(canonicalDirs: readonly string[]): string {
  const dirs = [...new Set(canonicalDirs)].sort();
  const slug = dirs
    .map((dir) => dir.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? "")
    .map((name) => name.replace(/[^A-Za-z0-9_-]+/g, "").slice(0, 24))
    .filter((name) => name.length > 0)
    .slice(0, 3)
    .join("+");
  return `${slug.length > 0 ? slug : "data"}-${fnv1a64(dirs.join("\n"))}`;
}

/** FNV-1a over UTF-16 code units with a 64-bit state, as 16 hex digits (no crypto needed: not a secret). */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, "0");
}
