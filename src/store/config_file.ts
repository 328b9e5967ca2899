/** Reads the hand-edited preferences file; the program never writes it. */

import { NumberText, type RawLayer, validateConfigFile } from "../cli/settings.ts";
import { UsageError } from "../cli/usage_error.ts";

/** Keys the seed (Python script) stored in the same file; they are state, not preferences. */
export const SEED_KEYS: ReadonlySet<string> = new Set([
  "max_tokens",
  "monthly_meta",
  "processed_sessions",
  "last_incremental_update",
  "last_max_tokens_scan",
  "start_day",
]);

/** The preferences file's contents. */
export interface ConfigFile {
  path: string;
  exists: boolean;
  layer: RawLayer;
  /** The file is (or contains) the seed's old config: import it into state once. */
  seed: Record<string, unknown> | null;
}

/**
 * Loads the preferences file. A missing default file is fine; a missing `--config` file,
 * malformed JSON, an unknown key or a bad value is a UsageError naming the file and the key.
 */
export async function loadConfigFile(path: string, explicit: boolean): Promise<ConfigFile> {
  let text: string;
  try {
    // A FIFO (or a device) would block the read forever: only a regular file is read.
    const info = await Deno.stat(path);
    if (!info.isFile) {
      const what = info.isDirectory ? "a folder" : "not a regular file";
      throw new UsageError(`Cannot read config file ${path}: it is ${what}`);
    }
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof Deno.errors.NotFound && !explicit) {
      return { path, exists: false, layer: {}, seed: null };
    }
    const why = error instanceof Deno.errors.NotFound ? "no such file" : (error as Error).message;
    throw new UsageError(`Cannot read config file ${path}: ${why}`);
  }
  let data: unknown;
  try {
    // Editors on Windows save UTF-8 with a byte order mark; JSON.parse refuses it.
    data = JSON.parse(text.replace(/^\uFEFF/, ""), keepNumberText);
  } catch (error) {
    throw new UsageError(`Cannot parse config file ${path}: ${(error as Error).message}`);
  }
  let seed: Record<string, unknown> | null = null;
  if (typeof data === "object" && data !== null && !Array.isArray(data)) {
    const rest: Record<string, unknown> = Object.create(null);
    for (const [key, value] of Object.entries(data)) {
      if (SEED_KEYS.has(key)) (seed ??= {})[key] = value;
      else rest[key] = value;
    }
    data = rest;
  }
  return { path, exists: true, layer: validateConfigFile(data, path), seed };
}

/** JSON.parse reviver: a number JSON cannot hold keeps its literal (see {@linkcode NumberText}). */
function keepNumberText(
  this: unknown,
  _key: string,
  value: unknown,
  context?: { source?: string },
): unknown {
  if (typeof value === "number" && !Number.isFinite(value) && context?.source !== undefined) {
    return new NumberText(context.source);
  }
  return value;
}
