/** Where Deno keeps npm packages: the compile script and the tests' ccusage lookup both need it. */

/**
 * Deno's npm cache folder, as `deno info --json` names it (key `npmCache`). `stderr` is where
 * deno's own messages go: the compile script shows them, a test keeps them out of its output.
 *
 * @example
 * ```ts
 * const cache = await denoNpmCacheDir(); // "/home/me/.cache/deno/npm"
 * ```
 */
export async function denoNpmCacheDir(stderr: "inherit" | "piped" = "inherit"): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr,
  }).output();
  const info = JSON.parse(new TextDecoder().decode(output.stdout)) as { npmCache?: unknown };
  if (!output.success || typeof info.npmCache !== "string") {
    throw new Error("Cannot find Deno's npm cache: deno info --json gave no npmCache");
  }
  return info.npmCache;
}
