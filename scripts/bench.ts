// deno-lint-ignore-file no-console
/**
 * The benchmark (issue 7): the native reader and the dashboard against `ccusage blocks --json
 * --offline` on the same generated data, in one run, reported as ratios with the targets checked.
 *
 * `deno task bench [--sizes 200M,1G] [--quick] [--skip-tui] [--reps 5] [--tui-seconds 60]
 *  [--cases cold,cache,tui,hostile] [--files 100000] [--line-size 300M] [--nulls 200000]
 *  [--ref GIT_REF] [--data-root .bench] [--json FILE] [--check]`
 *
 * `--cases` picks what runs (default: all): `cold` (full reads and in-process refreshes), `cache`
 * (`--once` with a warm reader cache, appends, status-bar polling), `tui` (the dashboard) and
 * `hostile` (100,000 files, one huge line, one `:null` line, and a dashboard left running over
 * the 100,000 files; the slow ones, runnable alone).
 *
 * The app is measured from a snapshot taken at the start (the working tree, or `--ref`'s
 * commit), so edits made while the benchmark runs cannot mix into one run.
 */

import { fileURLToPath } from "node:url";
import { RUNTIME_FLAGS } from "./permissions.ts";
import { blockDifferences } from "../tests/support/ccusage_blocks.ts";
import type { BlockJson } from "../src/core/blocks_output.ts";
import {
  appendRecordPath,
  type BenchData,
  ensureData,
  parseSize,
  sizeLabel,
} from "./bench/data.ts";
import { measureCommand, type MeasuredRun, requireLinuxProc } from "./bench/proc.ts";
import type { ProbeResult } from "./bench/native_probe.ts";
import { formatTable, median, type Row, verdicts } from "./bench/report.ts";
import { requireTmux, runDashboard, type TuiRun } from "./bench/tui.ts";
import { benchCache } from "./bench/cache_bench.ts";
import { benchHostile } from "./bench/hostile_bench.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const PROBE = `${ROOT}scripts/bench/native_probe.ts`;
/** The dashboard's first frame (drawn before the data arrives) shows this panel title. */
const READY_TEXT = "Current window";
/** Seconds between the first frame with data and the start of the idle CPU sampling. */
const IDLE_SETTLE_SECONDS = 5;
/** The status line says how old the data is once the first load has reached the screen. */
const DATA_TEXT = " · updated ";

/** Parts of the benchmark that can run on their own. */
export type BenchCase = "cold" | "cache" | "tui" | "hostile";
const CASES: readonly BenchCase[] = ["cold", "cache", "tui", "hostile"];

/** Parsed command-line options. */
export interface BenchOptions {
  sizes: number[];
  cases: Set<BenchCase>;
  /** Small files in the many-files case. */
  files: number;
  /** Bytes of the one-line file. */
  lineBytes: number;
  /** Repeats of `:null, ` in the null line. */
  nulls: number;
  reps: number;
  skipTui: boolean;
  tuiSeconds: number;
  dataRoot: string;
  json: string | null;
  check: boolean;
  /** A git ref to measure instead of the working tree. */
  ref: string | null;
}

/** Parses the benchmark's flags; throws on anything unknown. */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    sizes: [200 * 1024 ** 2, 1024 ** 3],
    cases: new Set(CASES),
    files: 100_000,
    lineBytes: 300 * 1024 ** 2,
    nulls: 200_000,
    reps: 5,
    skipTui: false,
    tuiSeconds: 60,
    dataRoot: `${ROOT}.bench`,
    json: null,
    check: false,
    ref: null,
  };
  const explicit = new Set<string>();
  let quick = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    const value = () => {
      const next = args[++index];
      if (next === undefined) throw new Error(`Cannot parse "${arg}": a value is missing`);
      return next;
    };
    const count = (text: string, min: number) => {
      const parsed = Number(text);
      if (!Number.isInteger(parsed) || parsed < min) {
        throw new Error(`Cannot parse ${arg} "${text}": expected a whole number >= ${min}`);
      }
      return parsed;
    };
    explicit.add(arg);
    switch (arg) {
      case "--sizes":
        options.sizes = value().split(",").map(parseSize);
        break;
      case "--reps":
        options.reps = count(value(), 1);
        break;
      case "--cases": {
        const picked = value().split(",");
        const unknown = picked.filter((name) => !CASES.includes(name as BenchCase));
        if (unknown.length > 0) {
          throw new Error(
            `Cannot parse --cases "${unknown.join(",")}": expected some of ${CASES.join(", ")}`,
          );
        }
        options.cases = new Set(picked as BenchCase[]);
        break;
      }
      case "--files":
        options.files = count(value(), 0);
        break;
      case "--line-size":
        options.lineBytes = parseSize(value());
        break;
      case "--nulls":
        options.nulls = count(value(), 0);
        break;
      case "--tui-seconds":
        options.tuiSeconds = count(value(), 0);
        break;
      case "--data-root":
        options.dataRoot = value();
        break;
      case "--json":
        options.json = value();
        break;
      case "--ref":
        options.ref = value();
        break;
      case "--quick":
        quick = true;
        break;
      case "--skip-tui":
        options.skipTui = true;
        break;
      case "--check":
        options.check = true;
        break;
      default:
        throw new Error(`Cannot parse argument "${arg}": unknown flag (see scripts/bench.ts)`);
    }
  }
  if (quick) {
    // A small run that still goes through every step.
    if (!explicit.has("--sizes")) options.sizes = [20 * 1024 ** 2];
    if (!explicit.has("--reps")) options.reps = 1;
    if (!explicit.has("--tui-seconds")) options.tuiSeconds = 10;
    if (!explicit.has("--files")) options.files = 5_000;
    if (!explicit.has("--line-size")) options.lineBytes = 20 * 1024 ** 2;
    if (!explicit.has("--nulls")) options.nulls = 20_000;
  }
  if (options.skipTui) options.cases.delete("tui");
  return options;
}

/** What a whole run measured, for `--json` and docs. */
export interface BenchResult {
  machine: Machine;
  data: (BenchData & { label: string })[];
  rows: Row[];
  /** Raw figures per data set, for anyone who wants more than the table. */
  raw: Record<string, unknown>;
}

/** The machine and tool versions a run was made on. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  deno: string;
  ccusage: string;
  /** What was measured: `<commit>` or `<commit> + working tree (<changed files>)`. */
  app: string;
}

async function git(...args: string[]): Promise<string> {
  const out = await new Deno.Command("git", {
    args: ["-C", ROOT, ...args],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  if (!out.success) {
    throw new Error(`Cannot run git ${args[0]}: ${new TextDecoder().decode(out.stderr).trim()}`);
  }
  return new TextDecoder().decode(out.stdout).trim();
}

const APP_FILES = ["main.ts", "deno.json", "deno.lock", "src"];

/** Copies the app (main.ts, deno.json, deno.lock, src/) from the working tree or a commit. */
async function snapshotApp(ref: string | null): Promise<{ dir: string; label: string }> {
  const dir = await Deno.makeTempDir({ prefix: "cm-bench-app-" });
  const commit = await git("rev-parse", "--short", ref ?? "HEAD");
  if (ref !== null) {
    const tar = `${dir}.tar`;
    await git("archive", "--format=tar", "-o", tar, commit, ...APP_FILES);
    const out = await new Deno.Command("tar", { args: ["-xf", tar, "-C", dir] }).output();
    await Deno.remove(tar);
    if (!out.success) throw new Error(`Cannot unpack the app at ${ref}`);
    return { dir, label: commit };
  }
  const out = await new Deno.Command("cp", {
    args: ["-a", ...APP_FILES.map((file) => `${ROOT}${file}`), dir],
  }).output();
  if (!out.success) throw new Error(`Cannot copy the app to ${dir}`);
  const dirty = (await git("status", "--porcelain", "--", ...APP_FILES)).split("\n")
    .filter((line) => line !== "").map((line) => line.slice(3));
  return {
    dir,
    label: dirty.length === 0 ? commit : `${commit} + working tree (${dirty.join(", ")})`,
  };
}

async function machine(app: string): Promise<Machine> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo");
  const meminfo = await Deno.readTextFile("/proc/meminfo");
  const version = await new Deno.Command("ccusage", { args: ["--version"], stdout: "piped" })
    .output().catch(() => {
      throw new Error("Cannot run the benchmark: ccusage is not on PATH (install ccusage@20.0.24)");
    });
  return {
    cpu: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1]?.trim() ?? "unknown",
    cores: navigator.hardwareConcurrency,
    memoryGiB: Math.round(Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? 0) / 1024 ** 2 * 10) /
      10,
    kernel: (await Deno.readTextFile("/proc/sys/kernel/osrelease")).trim(),
    deno: Deno.version.deno,
    ccusage: new TextDecoder().decode(version.stdout).trim().replace(/^ccusage\s+/, ""),
    app,
  };
}

/** The environment of every run: an isolated home, UTC, the caller's PATH and Deno cache. */
async function isolatedEnv(denoDir: string): Promise<Record<string, string>> {
  const home = await Deno.makeTempDir({ prefix: "cm-bench-home-" });
  return {
    PATH: Deno.env.get("PATH") ?? "",
    HOME: home,
    XDG_CONFIG_HOME: `${home}/.config`,
    XDG_STATE_HOME: `${home}/.local/state`,
    DENO_DIR: denoDir,
    TZ: "UTC",
    NO_COLOR: "1",
  };
}

function denoDir(): string {
  const home = Deno.env.get("HOME") ?? "";
  return Deno.env.get("DENO_DIR") ?? `${Deno.env.get("XDG_CACHE_HOME") ?? `${home}/.cache`}/deno`;
}

async function readAll(dir: string): Promise<void> {
  // Both tools then read from the page cache: the comparison is of parsing, not of the disk.
  const walk = async (path: string): Promise<void> => {
    for await (const entry of Deno.readDir(path)) {
      if (entry.isDirectory) await walk(`${path}/${entry.name}`);
      else if (entry.isFile) await Deno.readFile(`${path}/${entry.name}`);
    }
  };
  await walk(dir);
}

function blocksOf(run: MeasuredRun, who: string): BlockJson[] {
  if (run.code !== 0) {
    throw new Error(`Cannot benchmark: ${who} exited with ${run.code}: ${run.stderr}`);
  }
  return (JSON.parse(run.stdout) as { blocks: BlockJson[] }).blocks;
}

async function runCcusage(dir: string, env: Record<string, string>, cwd: string) {
  return await measureCommand("ccusage", {
    args: ["blocks", "--json", "--offline"],
    env: { ...env, CLAUDE_CONFIG_DIR: dir },
    cwd,
  });
}

/** The app's `blocks --json` on `dir` as a first run: no reader cache (it writes one). */
async function runNative(app: string, dir: string, env: Record<string, string>, cwd: string) {
  await Deno.remove(`${env.HOME}/.cache/claude-monitor`, { recursive: true }).catch(() => {});
  return await measureCommand(Deno.execPath(), {
    args: [
      "run",
      ...RUNTIME_FLAGS,
      `${app}/main.ts`,
      "blocks",
      "--json",
      "--source",
      "native",
      "--claude-dir",
      dir,
    ],
    env,
    cwd,
  });
}

/** `main.ts args` with the runtime flags, as a user runs it. */
async function runApp(app: string, args: string[], env: Record<string, string>, cwd: string) {
  return await measureCommand(Deno.execPath(), {
    args: ["run", ...RUNTIME_FLAGS, `${app}/main.ts`, ...args],
    env,
    cwd,
  });
}

function log(message: string): void {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Targets of issue 13, stated for the 1 GiB history (and the cold read also for 200 MiB). */
function coldTargets(label: string): { wall: number | null; rss: number | null } {
  if (label === "1G") return { wall: 0.6, rss: 0.25 };
  if (label === "200M") return { wall: 0.9, rss: null };
  return { wall: null, rss: null };
}

function ratioTarget(limit: number | null, op: "<=" | "<" = "<="): Row["target"] {
  return limit === null ? null : { on: "ratio", op, limit, label: `ratio ${op} ${limit}` };
}

/** Measures one data set: ccusage, then the cases asked for (cold reads verified equal, cache). */
async function benchData(
  app: string,
  data: BenchData,
  label: string,
  options: BenchOptions,
  env: Record<string, string>,
) {
  const cwd = await Deno.makeTempDir({ prefix: "cm-bench-cwd-" });
  log(`${label}: warming the page cache and Deno's module cache`);
  await readAll(data.dir);
  blocksOf(await runNative(app, data.dir, env, cwd), "claude-monitor");
  blocksOf(await runCcusage(data.dir, env, cwd), "ccusage");
  const cold = options.cases.has("cold");
  const native: MeasuredRun[] = [];
  const ccusage: MeasuredRun[] = [];
  for (let rep = 1; rep <= options.reps; rep++) {
    ccusage.push(await runCcusage(data.dir, env, cwd));
    log(`${label}: ccusage run ${rep}: ${seconds(ccusage.at(-1)!.wallMs)}`);
    if (!cold) continue;
    native.push(await runNative(app, data.dir, env, cwd));
    log(`${label}: native run ${rep}: ${seconds(native.at(-1)!.wallMs)}`);
  }
  const expected = blocksOf(ccusage[0]!, "ccusage");
  const ccWall = median(ccusage.map((run) => run.wallMs));
  const ccRss = median(ccusage.map((run) => run.peakRss));
  const ccCpu = median(ccusage.map((run) => run.cpuMs));
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {
    blocks: expected.length,
    ccusage: ccusage.map(({ wallMs, peakRss, cpuMs, processes }) => ({
      wallMs,
      peakRss,
      cpuMs,
      processes,
    })),
  };
  if (cold) {
    const actual = blocksOf(native[0]!, "claude-monitor");
    const differences = blockDifferences(actual, expected);
    if (differences.length > 0) {
      throw new Error(
        `Native blocks differ from ccusage's on ${data.dir} (${differences.length} differences):\n${
          differences.slice(0, 20).join("\n")
        }`,
      );
    }
    log(`${label}: native and ccusage agree on ${expected.length} blocks`);
    const probe = await runProbe(app, data, env, cwd);
    log(
      `${label}: in-process load ${seconds(probe.result.firstLoadMs)}, idle refresh ${
        median(probe.result.idleRefreshMs).toFixed(1)
      } ms, 1 MiB append refresh ${median(probe.result.appendRefreshMs).toFixed(1)} ms`,
    );
    const targets = coldTargets(label);
    const appended = `${(median(probe.result.appendedBytes) / 1024 ** 2).toFixed(2)} MiB`;
    rows.push(
      {
        measure: "Cold full read, wall (process; first run, writes the reader cache)",
        data: label,
        value: median(native.map((run) => run.wallMs)),
        unit: "ms",
        ccusage: ccWall,
        target: ratioTarget(targets.wall),
      },
      {
        measure: "Cold full read, first load() in-process",
        data: label,
        value: probe.result.firstLoadMs,
        unit: "ms",
        ccusage: ccWall,
        target: null,
      },
      {
        measure: "Peak RSS, cold full read (process)",
        data: label,
        value: median(native.map((run) => run.peakRss)),
        unit: "bytes",
        ccusage: ccRss,
        target: ratioTarget(targets.rss),
      },
      {
        measure: "Refresh in a running monitor, no new data",
        data: label,
        value: median(probe.result.idleRefreshMs),
        unit: "ms",
        ccusage: ccWall,
        target: ratioTarget(0.01, "<"),
      },
      {
        measure: `Refresh in a running monitor after appending ${appended}`,
        data: label,
        value: median(probe.result.appendRefreshMs),
        unit: "ms",
        ccusage: ccWall,
        target: ratioTarget(0.05, "<"),
      },
    );
    raw.native = native.map(({ wallMs, peakRss, cpuMs, processes }) => ({
      wallMs,
      peakRss,
      cpuMs,
      processes,
    }));
    raw.probe = { ...probe.result, peakRss: probe.run.peakRss, wallMs: probe.run.wallMs };
  }
  if (options.cases.has("cache")) {
    const cache = await benchCache({
      runners: { app: (args, appEnv) => runApp(app, args, appEnv, cwd) },
      dir: data.dir,
      bytes: data.bytes,
      label,
      reps: options.reps,
      env,
      ccusage: { wallMs: ccWall, cpuMs: ccCpu },
      targets: label === "1G",
      log,
    });
    rows.push(...cache.rows);
    raw.cache = cache.raw;
  }
  await Deno.remove(cwd, { recursive: true });
  return { rows, raw, ccRss, ccWall };
}

async function runProbe(app: string, data: BenchData, env: Record<string, string>, cwd: string) {
  const run = await measureCommand(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      PROBE,
      "--app",
      app,
      "--dir",
      data.dir,
      "--record",
      appendRecordPath(data.dir),
    ],
    env,
    cwd,
  });
  if (run.code !== 0) throw new Error(`Cannot run the native probe: ${run.stderr}`);
  return { run, result: JSON.parse(run.stdout) as ProbeResult };
}

async function seededColdDenoDir(): Promise<string> {
  // An empty compile cache, but the npm packages already fetched: the first launch after
  // installing, without timing the network.
  const dir = await Deno.makeTempDir({ prefix: "cm-bench-deno-" });
  const copy = await new Deno.Command("cp", { args: ["-a", `${denoDir()}/npm`, `${dir}/npm`] })
    .output();
  if (!copy.success) throw new Error(`Cannot prepare a cold Deno cache in ${dir}`);
  return dir;
}

async function benchTui(
  app: string,
  data: BenchData,
  label: string,
  options: BenchOptions,
  cc: { rss: number; wall: number },
) {
  await requireTmux();
  const args = ["--source", "native", "--claude-dir", data.dir];
  const argv = [Deno.execPath(), "run", ...RUNTIME_FLAGS, `${app}/main.ts`, ...args];
  const coldDir = await seededColdDenoDir();
  let cold: TuiRun;
  // No Deno compile cache and no reader cache: the very first start after installing.
  const coldEnv = await isolatedEnv(coldDir);
  try {
    cold = await runDashboard({
      argv,
      env: coldEnv,
      readyText: READY_TEXT,
      dataText: DATA_TEXT,
      idleSeconds: 0,
    });
  } finally {
    await Deno.remove(coldDir, { recursive: true });
    // The home holds the reader cache the run wrote (tens of MiB on 1 GiB).
    await Deno.remove(coldEnv.HOME as string, { recursive: true }).catch(() => {});
  }
  log(`${label}: first frame with a cold Deno cache ${seconds(cold.firstFrameMs)}`);
  // `blocks` never loads the dashboard's modules: one untimed run compiles them.
  const compileEnv = await isolatedEnv(denoDir());
  await runDashboard({ argv, env: compileEnv, readyText: READY_TEXT, idleSeconds: 0 });
  await Deno.remove(compileEnv.HOME as string, { recursive: true }).catch(() => {});
  // The state of every later start: a reader cache written by an earlier run.
  const env = await isolatedEnv(denoDir());
  const primed = await runApp(app, ["--once", "--json", ...args], env, env.HOME as string);
  if (primed.code !== 0) throw new Error(`Cannot prime the reader cache: ${primed.stderr}`);
  log(`${label}: dashboard with a warm reader cache, running for ${options.tuiSeconds} s`);
  const warm = await runDashboard({
    argv,
    env,
    readyText: READY_TEXT,
    dataText: DATA_TEXT,
    idleSeconds: options.tuiSeconds,
    // Idle means after start-up: module loading, JIT compilation and the start-up garbage
    // collections of the first seconds are not what a dashboard left running costs.
    settleSeconds: IDLE_SETTLE_SECONDS,
  });
  log(
    `${label}: first frame ${seconds(warm.firstFrameMs)}, with data ${
      seconds(warm.firstDataMs ?? NaN)
    } (warm caches)`,
  );
  const is1G = label === "1G";
  const rows: Row[] = [
    {
      measure: "Start to first frame, cold Deno cache",
      data: label,
      value: cold.firstFrameMs,
      unit: "ms",
      ccusage: null,
      target: { on: "value", op: "<=", limit: 500, label: "<= 500 ms" },
    },
    {
      measure: "Start to first frame with data, no reader cache (first run)",
      data: label,
      value: cold.firstDataMs ?? NaN,
      unit: "ms",
      ccusage: cc.wall,
      target: null,
    },
    {
      measure: "Start to first frame, warm Deno cache",
      data: label,
      value: warm.firstFrameMs,
      unit: "ms",
      ccusage: null,
      target: { on: "value", op: "<=", limit: 500, label: "<= 500 ms" },
    },
    {
      measure: "Start to first frame with data, warm reader cache",
      data: label,
      value: warm.firstDataMs ?? NaN,
      unit: "ms",
      ccusage: cc.wall,
      target: is1G ? ratioTarget(0.1) : null,
    },
  ];
  if (warm.idle !== null) {
    const span = `${Math.round(warm.idle.seconds)} s from ${IDLE_SETTLE_SECONDS} s after start-up`;
    rows.push(
      {
        measure: `Dashboard CPU, idle ${span} (of one core)`,
        data: label,
        value: warm.idle.cpuPercent,
        unit: "percent",
        ccusage: null,
        target: { on: "value", op: "<", limit: 0.5, label: "< 0.5 %" },
      },
      {
        measure: `Dashboard RSS, max over idle ${span}`,
        data: label,
        value: warm.idle.rssMax,
        unit: "bytes",
        ccusage: cc.rss,
        target: null,
      },
      {
        measure: "Dashboard peak RSS (VmHWM, first load included)",
        data: label,
        value: warm.idle.peakRss,
        unit: "bytes",
        ccusage: cc.rss,
        target: null,
      },
    );
  }
  await Deno.remove(env.HOME as string, { recursive: true }).catch(() => {});
  return { rows, raw: { cold, warm } };
}

/** Longest sampling of the dashboard left running over the many-files set. */
const MONITOR_SECONDS = 30;

/**
 * The dashboard on `dir` in its own home (no reader cache, or one primed by `--once` when
 * `warm`), sampled for `seconds` from its first frame with data on.
 */
async function runMonitor(app: string, dir: string, warm: boolean, seconds: number) {
  await requireTmux();
  const args = ["--source", "native", "--claude-dir", dir];
  const env = await isolatedEnv(denoDir());
  try {
    if (warm) {
      const primed = await runApp(app, ["--once", "--json", ...args], env, env.HOME as string);
      if (primed.code !== 0) throw new Error(`Cannot prime the reader cache: ${primed.stderr}`);
    }
    return await runDashboard({
      argv: [Deno.execPath(), "run", ...RUNTIME_FLAGS, `${app}/main.ts`, ...args],
      env,
      readyText: READY_TEXT,
      dataText: DATA_TEXT,
      idleSeconds: seconds,
      timeoutMs: 300_000,
    });
  } finally {
    await Deno.remove(env.HOME as string, { recursive: true }).catch(() => {});
  }
}

/** Runs the whole benchmark and returns its results. */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  requireLinuxProc();
  const app = await snapshotApp(options.ref);
  const info = await machine(app.label);
  log(`measuring ${app.label} (copied to ${app.dir}); cases: ${[...options.cases].join(", ")}`);
  log(
    `${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB; Deno ${info.deno}, ccusage ${info.ccusage}`,
  );
  const env = await isolatedEnv(denoDir());
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  const sets: (BenchData & { label: string })[] = [];
  let last: { data: BenchData; label: string; ccRss: number; ccWall: number } | null = null;
  const perSet = options.cases.has("cold") || options.cases.has("cache") ||
    options.cases.has("tui");
  for (const size of perSet ? options.sizes : []) {
    const label = sizeLabel(size);
    log(`${label}: preparing data in ${options.dataRoot}`);
    const data = await ensureData(options.dataRoot, size);
    log(
      `${label}: ${data.files} files, ${(data.bytes / 1024 ** 2).toFixed(0)} MiB${
        data.generatedSeconds === null
          ? " (cached)"
          : `, generated in ${data.generatedSeconds.toFixed(1)} s`
      }`,
    );
    sets.push({ ...data, label });
    const result = await benchData(app.dir, data, label, options, env);
    rows.push(...result.rows);
    raw[label] = result.raw;
    last = { data, label, ccRss: result.ccRss, ccWall: result.ccWall };
  }
  if (options.cases.has("tui") && last !== null) {
    // The dashboard on the largest history.
    const tui = await benchTui(app.dir, last.data, last.label, options, {
      rss: last.ccRss,
      wall: last.ccWall,
    });
    rows.push(...tui.rows);
    raw[`${last.label} dashboard`] = tui.raw;
  }
  if (options.cases.has("hostile")) {
    const cwd = await Deno.makeTempDir({ prefix: "cm-bench-cwd-" });
    const hostile = await benchHostile({
      native: (dir) => runNative(app.dir, dir, env, cwd),
      ccusage: (dir) => runCcusage(dir, env, cwd),
      ...(options.skipTui ? {} : {
        dashboard: (dir: string, warm: boolean) =>
          runMonitor(app.dir, dir, warm, Math.min(options.tuiSeconds, MONITOR_SECONDS)),
      }),
    }, {
      root: options.dataRoot,
      reps: Math.min(options.reps, 3),
      files: options.files,
      lineBytes: options.lineBytes,
      nulls: options.nulls,
      log,
    });
    rows.push(...hostile.rows);
    raw.hostile = hostile.raw;
    await Deno.remove(cwd, { recursive: true });
  }
  await Deno.remove(env.HOME as string, { recursive: true });
  await Deno.remove(app.dir, { recursive: true });
  return { machine: info, data: sets, rows, raw };
}

if (import.meta.main) {
  let code = 0;
  try {
    const options = parseBenchArgs(Deno.args);
    const result = await runBench(options);
    console.log(formatTable(result.rows));
    console.log("");
    const lines = verdicts(result.rows);
    for (const line of lines) console.log(line);
    const missed = lines.filter((line) => line.startsWith("MISSED")).length;
    console.log(`${lines.length - missed} of ${lines.length} targets met`);
    if (options.json !== null) {
      await Deno.writeTextFile(options.json, `${JSON.stringify(result, null, 2)}\n`);
    }
    if (options.check && missed > 0) code = 1;
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  }
  Deno.exit(code);
}
