/** The real CommandRunner: Deno.Command with explicit argv (never a shell) and a kill timeout. */

import type { CommandRunner, RunOptions, RunResult } from "../ports.ts";

async function readAll(stream: ReadableStream<Uint8Array>, stop: Promise<void>): Promise<string> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  // A grandchild (ccusage's Node launcher starts a native binary) can keep the pipe open after
  // the child is killed; `stop` lets us give up on the pipe instead of hanging.
  stop.then(() => reader.cancel().catch(() => {}));
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done || value === undefined) break;
      chunks.push(value);
    }
  } catch {
    // Cancelled at the timeout.
  }
  const decoder = new TextDecoder();
  return chunks.map((c) => decoder.decode(c, { stream: true })).join("") + decoder.decode();
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
    };
    if (options.cwd !== undefined) opts.cwd = options.cwd;
    if (options.env !== undefined) opts.env = options.env;
    const child = new Deno.Command(command, opts).spawn();
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopReading: () => void = () => {};
    const stop = new Promise<void>((resolve) => (stopReading = resolve));
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true;
        try {
          if (posix) Deno.kill(-child.pid, "SIGKILL");
          else child.kill("SIGKILL");
        } catch {
          try {
            child.kill("SIGKILL");
          } catch {
            // Already gone.
          }
        }
        stopReading();
      }, options.timeoutMs);
    }
    try {
      const [stdout, stderr, status] = await Promise.all([
        readAll(child.stdout, stop),
        readAll(child.stderr, stop),
        child.status,
      ]);
      return { code: status.code, stdout, stderr, timedOut };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      stopReading();
    }
  }
}
