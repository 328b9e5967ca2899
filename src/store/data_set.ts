/** Which set of Claude data directories a run reads, named once so its state never mixes with another's. */

import { resolve } from "./path.ts";
import { dataSetKey } from "../core/data_set_key.ts";

/** A set of data directories and the key its state is kept under. */
export interface DataSet {
  /** `dataSetKey()` of the canonical directories. */
  key: string;
  /** The canonical directories (resolved real paths, sorted, without duplicates). */
  dirs: string[];
  /** The default directories (`~/.config/claude` and `~/.claude`): the seed's data lives here. */
  isDefault: boolean;
}

/** The real path of `dir`, or its absolute path when it does not exist (or cannot be resolved). */
export async function canonicalDir(dir: string): Promise<string> {
  try {
    return await Deno.realPath(dir);
  } catch {
    return resolve(dir);
  }
}

/**
 * Resolves `dirs` (what the source reads) and `defaultDirs` (the default directories) to
 * canonical paths and names the set.
 *
 * @example
 * ```ts
 * const set = await resolveDataSet(["/home/ana/.claude"], ["/home/ana/.config/claude", "/home/ana/.claude"]);
 * set.isDefault; // false
 * ```
 */
export async function resolveDataSet(
  dirs: readonly string[],
  defaultDirs: readonly string[],
): Promise<DataSet> {
  const canonical = async (list: readonly string[]) =>
    [...new Set(await Promise.all(list.map(canonicalDir)))].sort();
  const resolved = await canonical(dirs);
  const key = dataSetKey(resolved);
  return { key, dirs: resolved, isDefault: key === dataSetKey(await canonical(defaultDirs)) };
}
