/** Crash-safe file writes: a temp file beside the target, then a rename over it. */

import { dirname } from "./path.ts";

/** Writes `text` to `path` atomically, creating the directory if needed. */
export async function atomicWrite(path: string, text: string): Promise<void> {
  await atomicWriteChunks(path, [new TextEncoder().encode(text)]);
}

/**
 * Writes `chunks` one after another to `path` atomically, creating the directory if needed; a
 * large file never has to be in memory at once.
 */
export async function atomicWriteChunks(path: string, chunks: Iterable<Uint8Array>): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    {
      using file = await Deno.open(tmp, { write: true, create: true, truncate: true });
      for (const chunk of chunks) {
        let written = 0;
        while (written < chunk.length) written += await file.write(chunk.subarray(written));
      }
    }
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}
