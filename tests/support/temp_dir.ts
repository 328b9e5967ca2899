/** A temporary folder for the length of one test body. */

/**
 * Runs `body` with a fresh temporary folder named with `prefix`, then removes the folder (with
 * everything in it) whatever happened.
 *
 * @example
 * ```ts
 * await withTempDir("claude-monitor-cache-", async (dir) => {
 *   await Deno.writeTextFile(`${dir}/a.jsonl`, "");
 * });
 * ```
 */
export async function withTempDir<T>(
  prefix: string,
  body: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix });
  try {
    return await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
