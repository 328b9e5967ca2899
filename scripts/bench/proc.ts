/** Reads a process tree's memory and CPU from Linux's /proc, and runs commands while sampling them. */

/** Throws unless /proc can be read the way the benchmark needs (Linux only). */
export function requireLinuxProc(): void {
  if (Deno.build.os !== "linux") {
    throw new Error(
      `Cannot run the benchmark on ${Deno.build.os}: it samples memory and CPU from /proc (Linux only)`,
    );
  }
}

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on every mainstream Linux). */
const TICKS_PER_SECOND = 100;

/** One reading of one process. */
export interface ProcReading {
  /** Peak resident set size (VmHWM) in bytes. */
  peakRss: number;
  /** Current resident set size (VmRSS) in bytes. */
  rss: number;
  /** User + system CPU time in milliseconds. */
  cpuMs: number;
}

function readText(path: string): string | null {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    // The process exited between listing and reading.
    return null;
  }
}

function kib(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match === null ? 0 : Number(match[1]) * 1024;
}

/** Reads VmHWM, VmRSS and CPU time of `pid`; null once it has exited (or is a zombie). */
export function readProc(pid: number): ProcReading | null {
  const status = readText(`/proc/${pid}/status`);
  const stat = readText(`/proc/${pid}/stat`);
  if (status === null || stat === null || !status.includes("VmHWM:")) return null;
  // Fields after the command name, which may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return {
    peakRss: kib(status, "VmHWM"),
    rss: kib(status, "VmRSS"),
    cpuMs: ticks * 1000 / TICKS_PER_SECOND,
  };
}

/** `pid` and all its descendants that are alive now. */
export function processTree(pid: number): number[] {
  const found = [pid];
  for (let index = 0; index < found.length; index++) {
    const current = found[index] as number;
    let tasks: string[] = [];
    try {
      tasks = [...Deno.readDirSync(`/proc/${current}/task`)].map((entry) => entry.name);
    } catch {
      continue;
    }
    for (const task of tasks) {
      const children = readText(`/proc/${current}/task/${task}/children`) ?? "";
      for (const child of children.trim().split(/\s+/)) {
        if (child !== "" && !found.includes(Number(child))) found.push(Number(child));
      }
    }
  }
  return found;
}

/**
 * Follows a process tree: every `sample()` records each live process's latest reading, so the
 * figures of processes that exit early (a launcher's child) are kept.
 */
export class TreeSampler {
  readonly #root: number;
  readonly #last = new Map<number, ProcReading>();

  /** Follows the tree under `root`. */
  constructor(root: number) {
    this.#root = root;
  }

  /** Reads every live process of the tree once. */
  sample(): void {
    for (const pid of processTree(this.#root)) {
      const reading = readProc(pid);
      if (reading !== null) this.#last.set(pid, reading);
    }
  }

  /** Sum of the processes' peak RSS: they run at the same time (a launcher waits for its child). */
  peakRss(): number {
    let total = 0;
    for (const reading of this.#last.values()) total += reading.peakRss;
    return total;
  }

  /** Sum of the live processes' current RSS at the last sample. */
  rss(): number {
    let total = 0;
    for (const reading of this.#last.values()) total += reading.rss;
    return total;
  }

  /** CPU time of the tree in milliseconds, as last seen. */
  cpuMs(): number {
    let total = 0;
    for (const reading of this.#last.values()) total += reading.cpuMs;
    return total;
  }

  /** Number of processes seen in the tree. */
  processes(): number {
    return this.#last.size;
  }
}

/** What one sampled run of a command gave. */
export interface MeasuredRun {
  code: number;
  stdout: string;
  stderr: string;
  /** From spawn to exit, in milliseconds. */
  wallMs: number;
  /** Sum of the peak RSS of every process in the tree, in bytes. */
  peakRss: number;
  cpuMs: number;
  processes: number;
}

/** Runs a command to completion while sampling its process tree every `intervalMs`. */
export async function measureCommand(
  command: string,
  options: { args: string[]; env?: Record<string, string>; cwd?: string; intervalMs?: number },
): Promise<MeasuredRun> {
  const started = performance.now();
  const child = new Deno.Command(command, {
    args: options.args,
    ...(options.env === undefined ? {} : { env: options.env, clearEnv: true }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const sampler = new TreeSampler(child.pid);
  sampler.sample();
  const timer = setInterval(() => sampler.sample(), options.intervalMs ?? 20);
  const output = child.output();
  let result: Deno.CommandOutput;
  try {
    result = await output;
  } finally {
    clearInterval(timer);
  }
  const wallMs = performance.now() - started;
  const decoder = new TextDecoder();
  return {
    code: result.code,
    stdout: decoder.decode(result.stdout),
    stderr: decoder.decode(result.stderr),
    wallMs,
    peakRss: sampler.peakRss(),
    cpuMs: sampler.cpuMs(),
    processes: sampler.processes(),
  };
}
