/** Crash-safe file writes: a temp file beside the target, then a rename over it. */

import { dirname } from "node:path";

/** Writes `text` to `path` atomically, creating the directory if needed. */
export async function atomicWrite(path: string, text: string): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    await Deno.writeTextFile(tmp, text);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}
