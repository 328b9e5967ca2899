/**
 * What the tests that run the dashboard inside a real tmux share: the start task's argv, a
 * temporary folder with a tmux server of its own, shell quoting, polling and the exit code the
 * dashboard's shell writes to a file.
 */

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../../support/run_main.ts";
import { withTempDir } from "../../support/temp_dir.ts";

/** `deno task start` as argv after `deno`, read from deno.json so the test runs its permissions. */
export function startTaskArgs(): string[] {
  const config = JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json"))) as {
    tasks: Record<string, string>;
  };
  const words = (config.tasks["start"] ?? "").trim().split(/\s+/);
  assertEquals(words[0], "deno", "the start task runs deno");
  return words.slice(1).map((word) => (word === "main.ts" ? join(ROOT, "main.ts") : word));
}

/** The decoded output of one program run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cmd args` with `env` added to ours and `stdin` (if given) written to it. */
export async function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
): Promise<RunResult> {
  const child = new Deno.Command(cmd, {
    args,
    env,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const out = await child.output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/** `s` as one single-quoted POSIX shell word. */
export function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** Polls `check` every `intervalMs` until it holds (true) or `timeoutMs` has passed (false). */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}

/** Runs tmux commands against one server. */
export type Tmux = (...args: string[]) => Promise<RunResult>;

/**
 * Runs `body` with a fresh temporary folder (named with `prefix`) and a tmux server on a socket
 * of its own inside it (unique, and removed with it); then kills that server and removes the
 * folder whatever happened.
 */
export async function withTmux(
  prefix: string,
  body: (dir: string, tmux: Tmux) => Promise<void>,
): Promise<void> {
  await withTempDir(prefix, async (dir) => {
    const socket = join(dir, "tmux.sock");
    const tmux: Tmux = (...args) => run("tmux", ["-S", socket, ...args]);
    try {
      await body(dir, tmux);
    } finally {
      await tmux("kill-server");
    }
  });
}

/** HOME and the XDG folders inside `dir`, and `path` as PATH, so a run touches nothing of ours. */
export function isolatedEnv(
  dir: string,
  path = Deno.env.get("PATH") ?? "",
): Record<string, string> {
  return {
    XDG_STATE_HOME: join(dir, "state"),
    XDG_CONFIG_HOME: join(dir, "config"),
    HOME: join(dir, "home"),
    PATH: path,
  };
}

/**
 * The exit code (trimmed text) the shell wrote to `file` once it is there and not empty, or
 * null if that did not happen within `timeoutMs`.
 */
export async function exitCodeIn(file: string, timeoutMs: number): Promise<string | null> {
  const read = async () => (await Deno.readTextFile(file).catch(() => "")).trim();
  return await waitFor(async () => await read() !== "", timeoutMs) ? await read() : null;
}

/**
 * Starts `argv` with `env` in a new detached tmux session `name` of 120x40 (the shell then
 * writes the program's exit code to `exitFile`) and returns how to capture that pane's text.
 */
export async function startInTmux(
  tmux: Tmux,
  name: string,
  env: Record<string, string>,
  argv: readonly string[],
  exitFile: string,
): Promise<() => Promise<string>> {
  const envPrefix = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`).join(" ");
  const command = `env ${envPrefix} ${argv.map(shellQuote).join(" ")}; echo $? > ${
    shellQuote(exitFile)
  }`;
  const started = await tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "40", command);
  assertEquals(started.code, 0, started.stderr);
  return async () => (await tmux("capture-pane", "-p", "-t", name)).stdout;
}
