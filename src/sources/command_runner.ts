/** The real CommandRunner: Deno.Command with explicit argv (never a shell) and a kill timeout. */

import type { CommandRunner, RunOptions, RunResult } from "../ports.ts";
import { killTreeCommands } from "./kill_tree_commands.ts";

/**
 * Variables a child never gets: Deno refuses to start any program with an `LD_*` or `DYLD_*`
 * variable in its environment unless `--allow-run` is unrestricted (NotCapable), so one
 * `LD_PRELOAD` in the user's shell would otherwise break ccusage and every notifier.
 */
export function isLoaderVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return upper.startsWith("LD_") || upper.startsWith("DYLD_");
}

/** The environment a child runs with: ours plus `extra`, without loader variables. */
export function childEnv(
  inherited: Record<string, string>,
  extra: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...inherited, ...extra })) {
    if (!isLoaderVariable(name)) env[name] = value;
  }
  return env;
}

/** How long output may keep arriving after the child exited (a background grandchild's pipe). */
const AFTER_EXIT_MS = 250;

async function readAll(stream: ReadableStream<Uint8Array>, stop: Promise<void>): Promise<string> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  // A grandchild (ccusage's Node launcher starts a native binary; a wrapper script may start a
  // background job) can keep the pipe open after the child ends; `stop` gives up on the pipe.
  stop.then(() => reader.cancel().catch(() => {}));
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done || value === undefined) break;
      chunks.push(value);
    }
  } catch {
    // Cancelled.
  }
  const decoder = new TextDecoder();
  return chunks.map((c) => decoder.decode(c, { stream: true })).join("") + decoder.decode();
}

/**
 * Kills the child with every process it started. `Deno.kill(-pid)` works only with an unrestricted
 * `--allow-run`; under the shipped `--allow-run=<list>` Deno refuses to signal anything but its
 * own child (NotCapable), so a listed program (`kill` on the process group, `taskkill /T` on
 * Windows) stops the tree. Failing those, the child alone gets SIGTERM (ccusage's npm launcher
 * forwards it to the native binary) and then SIGKILL.
 */
async function killTree(child: Deno.ChildProcess): Promise<void> {
  if (Deno.build.os !== "windows") {
    try {
      Deno.kill(-child.pid, "SIGKILL");
      return;
    } catch {
      // NotCapable under --allow-run=<list>: try the kill program.
    }
  }
  for (const { command, args } of killTreeCommands(Deno.build.os, child.pid)) {
    try {
      const out = await new Deno.Command(command, {
        args,
        stdin: "null",
        stdout: "null",
        stderr: "null",
        clearEnv: true,
        env: childEnv(Deno.env.toObject()),
      }).output();
      if (out.success) return;
    } catch {
      // The program is missing or not permitted.
      break;
    }
  }
  try {
    child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill("SIGKILL");
  } catch {
    // Already gone.
  }
}

/** Runs programs through `Deno.Command`; kills the process group when `timeoutMs` passes. */
export class DenoCommandRunner implements CommandRunner {
  /** Runs `command` with `args`; throws `Deno.errors.NotFound` when the program is missing. */
  async run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
    const posix = Deno.build.os !== "windows";
    const opts: Deno.CommandOptions = {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      // Its own process group, so a timeout kills grandchildren too.
      detached: posix,
      clearEnv: true,
      env: childEnv(Deno.env.toObject(), options.env),
    };
    if (options.cwd !== undefined) opts.cwd = options.cwd;
    const child = new Deno.Command(command, opts).spawn();
    let timedOut = false;
    let exited = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let afterExit: ReturnType<typeof setTimeout> | undefined;
    let stopReading: () => void = () => {};
    const stop = new Promise<void>((resolve) => (stopReading = resolve));
    let killed: Promise<void> = Promise.resolve();
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        // A child that exited in time is not a timeout, even if a background job holds its pipe.
        if (exited) return;
        timedOut = true;
        killed = killTree(child);
        stopReading();
      }, options.timeoutMs);
    }
    const status = child.status.then((s) => {
      exited = true;
      if (timer !== undefined) clearTimeout(timer);
      // Read what is still buffered, then stop waiting for a pipe a background job keeps open.
      afterExit = setTimeout(stopReading, AFTER_EXIT_MS);
      return s;
    });
    try {
      const [stdout, stderr, result] = await Promise.all([
        readAll(child.stdout, stop),
        readAll(child.stderr, stop),
        status,
      ]);
      await killed;
      return { code: result.code, stdout, stderr, timedOut };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      if (afterExit !== undefined) clearTimeout(afterExit);
      stopReading();
    }
  }
}
