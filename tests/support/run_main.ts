/** Runs main.ts as a user would (`deno run` with the start task's permissions) for end-to-end tests. */

import { fileURLToPath as fromFileUrl } from "node:url";
import { RUNTIME_FLAGS } from "../../scripts/permissions.ts";

/** Absolute path of the repository root. */
export const ROOT = fromFileUrl(new URL("../../", import.meta.url));

/** The output of one run. */
export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main.ts args` with an isolated HOME/XDG unless `env` overrides them. */
export async function runMain(
  args: string[],
  options: {
    env?: Record<string, string>;
    home?: string;
    cwd?: string;
    stdin?: string;
    /** A program and its arguments that run deno (e.g. `unshare -m ...` for a read-only folder). */
    prefix?: string[];
  } = {},
): Promise<MainResult> {
  const home = options.home ?? await Deno.makeTempDir({ prefix: "cm-home-" });
  // Keep Deno's own cache: a fresh HOME would otherwise mean a cold module cache per run.
  const realHome = Deno.env.get("HOME") ?? "";
  const denoDir = Deno.env.get("DENO_DIR") ??
    `${Deno.env.get("XDG_CACHE_HOME") ?? `${realHome}/.cache`}/deno`;
  const env: Record<string, string> = {
    DENO_DIR: denoDir,
    HOME: home,
    XDG_CONFIG_HOME: `${home}/.config`,
    XDG_STATE_HOME: `${home}/.local/state`,
    NO_COLOR: "1",
    TZ: "UTC",
    ...options.env,
  };
  const argv = ["run", ...RUNTIME_FLAGS, `${ROOT}main.ts`, ...args];
  const prefix = options.prefix ?? [];
  const command = new Deno.Command(prefix[0] ?? Deno.execPath(), {
    args: prefix.length > 0 ? [...prefix.slice(1), Deno.execPath(), ...argv] : argv,
    cwd: options.cwd ?? ROOT,
    env,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}
