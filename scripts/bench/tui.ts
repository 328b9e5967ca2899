/** Runs the dashboard in tmux: time to its first frame, then its CPU and memory while idle. */

import { TreeSampler } from "./proc.ts";

/** What one dashboard run gave. */
export interface TuiRun {
  /** From releasing the launch to the first screen showing the dashboard, in milliseconds. */
  firstFrameMs: number;
  /** From releasing the launch to the first screen showing data (`dataText`), if asked for. */
  firstDataMs: number | null;
  /** Present when idle sampling was asked for. */
  idle: IdleFigures | null;
}

/** CPU and memory of the dashboard process over an idle period after its first frame. */
export interface IdleFigures {
  seconds: number;
  /** CPU time over wall time, in percent of one core. */
  cpuPercent: number;
  rssMax: number;
  rssEnd: number;
  /** VmHWM at the end: the peak since start, first load included. */
  peakRss: number;
}

/** Options of {@linkcode runDashboard}. */
export interface TuiOptions {
  /** argv of the dashboard, starting with the executable. */
  argv: string[];
  env: Record<string, string>;
  /** Text that shows the dashboard has drawn its first frame. */
  readyText: string;
  /** Text that shows the first data load has reached the screen (waited for after readyText). */
  dataText?: string;
  /** Seconds of idle sampling after the first frame (0: none). */
  idleSeconds: number;
  /** Seconds to wait after the first frame (with data) before idle sampling starts (default 0). */
  settleSeconds?: number;
  timeoutMs?: number;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

async function tmux(socket: string, ...args: string[]): Promise<string> {
  const out = await new Deno.Command("tmux", {
    args: ["-L", socket, ...args],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  if (!out.success) {
    throw new Error(`Cannot run tmux ${args[0]}: ${decoder.decode(out.stderr).trim()}`);
  }
  return decoder.decode(out.stdout);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Throws a clear error when tmux is not installed. */
export async function requireTmux(): Promise<void> {
  try {
    await new Deno.Command("tmux", { args: ["-V"], stdout: "null", stderr: "null" }).output();
  } catch {
    throw new Error("Cannot measure the dashboard: tmux is not installed (or use --skip-tui)");
  }
}

/**
 * Starts the dashboard in a detached 120x40 tmux pane held at a `wait-for` gate, releases the
 * gate, polls `capture-pane` until `readyText` shows, then samples the process for
 * `idleSeconds`, and quits it with `q`.
 */
export async function runDashboard(options: TuiOptions): Promise<TuiRun> {
  const socket = `cm-bench-${Deno.pid}-${Date.now()}`;
  const gate = `go-${Deno.pid}`;
  const env = Object.entries(options.env).map(([key, value]) => `${key}=${quote(value)}`);
  // `exec` keeps one process from the shell to Deno, so the pane's pid is the dashboard's.
  const command = `tmux -L ${socket} wait-for ${gate} && exec env ${env.join(" ")} ${
    options.argv.map(quote).join(" ")
  }`;
  try {
    await tmux(socket, "new-session", "-d", "-s", "bench", "-x", "120", "-y", "40", command);
    await tmux(socket, "set-option", "-t", "bench", "remain-on-exit", "on");
    const pid = Number(
      (await tmux(socket, "display-message", "-p", "-t", "bench", "#{pane_pid}")).trim(),
    );
    const started = performance.now();
    await tmux(socket, "wait-for", "-S", gate);
    const deadline = started + (options.timeoutMs ?? 180_000);
    let screen = "";
    const waitFor = async (text: string) => {
      while (true) {
        screen = await tmux(socket, "capture-pane", "-p", "-t", "bench");
        if (screen.includes(text)) return performance.now() - started;
        const dead = (await tmux(socket, "display-message", "-p", "-t", "bench", "#{pane_dead}"))
          .trim();
        if (dead === "1") {
          throw new Error(`The dashboard exited before its first frame:\n${screen.trimEnd()}`);
        }
        if (performance.now() > deadline) {
          throw new Error(`The dashboard showed no "${text}" in time:\n${screen.trimEnd()}`);
        }
        await sleep(20);
      }
    };
    const firstFrameMs = await waitFor(options.readyText);
    const firstDataMs = options.dataText === undefined ? null : await waitFor(options.dataText);
    let idle: IdleFigures | null = null;
    if (options.idleSeconds > 0) {
      await sleep((options.settleSeconds ?? 0) * 1000);
      const sampler = new TreeSampler(pid);
      sampler.sample();
      const cpuStart = sampler.cpuMs();
      const wallStart = performance.now();
      let rssMax = sampler.rss();
      for (let second = 0; second < options.idleSeconds; second++) {
        await sleep(wallStart + (second + 1) * 1000 - performance.now());
        sampler.sample();
        rssMax = Math.max(rssMax, sampler.rss());
      }
      const wall = performance.now() - wallStart;
      idle = {
        seconds: wall / 1000,
        cpuPercent: (sampler.cpuMs() - cpuStart) / wall * 100,
        rssMax,
        rssEnd: sampler.rss(),
        peakRss: sampler.peakRss(),
      };
    }
    await tmux(socket, "send-keys", "-t", "bench", "q");
    for (let waited = 0; waited < 5000; waited += 50) {
      const dead = (await tmux(socket, "display-message", "-p", "-t", "bench", "#{pane_dead}"))
        .trim();
      if (dead === "1") break;
      await sleep(50);
    }
    return { firstFrameMs, firstDataMs, idle };
  } finally {
    await tmux(socket, "kill-server").catch(() => {});
  }
}
