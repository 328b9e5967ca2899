/**
 * `join`, `dirname` and `resolve` as node:path gives them, without loading node:path on POSIX:
 * the first node: module a run imports starts Deno's Node layer, about 6 ms of every `--once`.
 * Windows keeps node:path itself (drive letters and UNC roots are its business). The POSIX
 * functions follow Node's `path.posix` step for step; tests/store/path_test.ts compares them.
 */

type PathModule = {
  join(...paths: string[]): string;
  dirname(path: string): string;
  resolve(...paths: string[]): string;
};

const SLASH = 47;
const DOT = 46;

/** Node's normalizeString for "/": resolves "." and ".." segments, drops empty ones. */
function normalizeString(path: string, allowAboveRoot: boolean): string {
  let res = "";
  let lastSegmentLength = 0;
  let lastSlash = -1;
  let dots = 0;
  let code = 0;
  for (let i = 0; i <= path.length; ++i) {
    if (i < path.length) code = path.charCodeAt(i);
    else if (code === SLASH) break;
    else code = SLASH;
    if (code === SLASH) {
      if (lastSlash === i - 1 || dots === 1) {
        // An empty or "." segment: nothing to add.
      } else if (dots === 2) {
        if (
          res.length < 2 || lastSegmentLength !== 2 || res.charCodeAt(res.length - 1) !== DOT ||
          res.charCodeAt(res.length - 2) !== DOT
        ) {
          if (res.length > 2) {
            const lastSlashIndex = res.lastIndexOf("/");
            if (lastSlashIndex === -1) {
              res = "";
              lastSegmentLength = 0;
            } else {
              res = res.slice(0, lastSlashIndex);
              lastSegmentLength = res.length - 1 - res.lastIndexOf("/");
            }
            lastSlash = i;
            dots = 0;
            continue;
          } else if (res.length !== 0) {
            res = "";
            lastSegmentLength = 0;
            lastSlash = i;
            dots = 0;
            continue;
          }
        }
        if (allowAboveRoot) {
          res += res.length > 0 ? "/.." : "..";
          lastSegmentLength = 2;
        }
      } else {
        if (res.length > 0) res += `/${path.slice(lastSlash + 1, i)}`;
        else res = path.slice(lastSlash + 1, i);
        lastSegmentLength = i - lastSlash - 1;
      }
      lastSlash = i;
      dots = 0;
    } else if (code === DOT && dots !== -1) {
      ++dots;
    } else {
      dots = -1;
    }
  }
  return res;
}

function normalize(path: string): string {
  if (path.length === 0) return ".";
  const isAbsolute = path.charCodeAt(0) === SLASH;
  const trailingSeparator = path.charCodeAt(path.length - 1) === SLASH;
  let normalized = normalizeString(path, !isAbsolute);
  if (normalized.length === 0) {
    if (isAbsolute) return "/";
    return trailingSeparator ? "./" : ".";
  }
  if (trailingSeparator) normalized += "/";
  return isAbsolute ? `/${normalized}` : normalized;
}

/** Node's `path.posix` subset (exported for its test). */
export const posixPath: PathModule = {
  join(...paths: string[]): string {
    let joined: string | undefined;
    for (const path of paths) {
      if (path.length > 0) joined = joined === undefined ? path : `${joined}/${path}`;
    }
    return joined === undefined ? "." : normalize(joined);
  },
  dirname(path: string): string {
    if (path.length === 0) return ".";
    const hasRoot = path.charCodeAt(0) === SLASH;
    let end = -1;
    let matchedSlash = true;
    for (let i = path.length - 1; i >= 1; --i) {
      if (path.charCodeAt(i) === SLASH) {
        if (!matchedSlash) {
          end = i;
          break;
        }
      } else {
        matchedSlash = false;
      }
    }
    if (end === -1) return hasRoot ? "/" : ".";
    if (hasRoot && end === 1) return "//";
    return path.slice(0, end);
  },
  resolve(...paths: string[]): string {
    let resolvedPath = "";
    let resolvedAbsolute = false;
    for (let i = paths.length - 1; i >= -1 && !resolvedAbsolute; i--) {
      const path = i >= 0 ? paths[i]! : Deno.cwd();
      if (path.length === 0) continue;
      resolvedPath = `${path}/${resolvedPath}`;
      resolvedAbsolute = path.charCodeAt(0) === SLASH;
    }
    resolvedPath = normalizeString(resolvedPath, !resolvedAbsolute);
    if (resolvedAbsolute) return `/${resolvedPath}`;
    return resolvedPath.length > 0 ? resolvedPath : ".";
  },
};

const path: PathModule = Deno.build.os === "windows" ? await import("node:path") : posixPath;

/** Joins path segments and normalizes the result (node:path's `join`). */
export const join: PathModule["join"] = path.join;
/** The directory part of a path (node:path's `dirname`). */
export const dirname: PathModule["dirname"] = path.dirname;
/** An absolute, normalized path from segments and the working directory (node:path's `resolve`). */
export const resolve: PathModule["resolve"] = path.resolve;
