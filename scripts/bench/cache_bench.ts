/**
 * The reader-cache measures (issue 13): `--once --json` with a warm cache and no new data, the
 * same after appending about 1 MiB, and the CPU a status bar polling `--once --format waybar`
 * every 5 s costs per hour.
 */

import { appendLines, type AppendRecord, undoAppends } from "./append.ts";
import { appendRecordPath, DATA_PARAMS } from "./data.ts";
import type { MeasuredRun } from "./proc.ts";
import { median, type Row, type Target } from "./report.ts";

/** How the benchmark runs the app and ccusage (given by scripts/bench.ts). */
export interface Runners {
  /** Runs `main.ts` with the runtime flags, `args` and `env` (an isolated home). */
  app(args: string[], env: Record<string, string>): Promise<MeasuredRun>;
}

/** Polls per hour at one every 5 s. */
const POLLS_PER_HOUR = 720;

function ok(run: MeasuredRun, what: string): MeasuredRun {
  if (run.code !== 0) throw new Error(`Cannot benchmark ${what}: exit ${run.code}: ${run.stderr}`);
  return run;
}

async function jsonlFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (path: string) => {
    for await (const entry of Deno.readDir(path)) {
      if (entry.isDirectory) await walk(`${path}/${entry.name}`);
      else if (entry.name.endsWith(".jsonl")) found.push(`${path}/${entry.name}`);
    }
  };
  await walk(dir);
  return found.sort();
}

/** The cache rows of one data set; `ccusage` holds its median wall and CPU time per run. */
export async function benchCache(options: {
  runners: Runners;
  dir: string;
  /** Size of the transcripts, to show the cache's share of it. */
  bytes: number;
  label: string;
  reps: number;
  env: Record<string, string>;
  ccusage: { wallMs: number; cpuMs: number };
  /** Whether the targets apply (they are stated for the 1 GiB history). */
  targets: boolean;
  log: (message: string) => void;
}): Promise<{ rows: Row[]; raw: Record<string, unknown> }> {
  const { runners, dir, label, reps } = options;
  const cacheHome = await Deno.makeTempDir({ prefix: "cm-bench-cache-" });
  const env = { ...options.env, XDG_CACHE_HOME: cacheHome };
  const once = (format: string) =>
    runners.app(["--once", "--format", format, "--source", "native", "--claude-dir", dir], env);
  try {
    const prime = ok(await once("json"), "the first --once");
    options.log(`${label}: first --once (cold, writes the cache) ${prime.wallMs.toFixed(0)} ms`);
    const cacheDir = `${cacheHome}/claude-monitor`;
    const cacheFiles = [...Deno.readDirSync(cacheDir)].map((entry) => `${cacheDir}/${entry.name}`)
      .filter((name) => name.endsWith(".bin"));
    if (cacheFiles.length !== 1) throw new Error(`Cannot find the reader cache in ${cacheDir}`);
    const cacheFile = cacheFiles[0]!;
    // The summary beside it (a run where nothing changed reads only that) is part of the cache.
    const summaryFile = cacheFile.replace(/\.bin$/, ".summary");
    const summarySize = () => {
      try {
        return Deno.statSync(summaryFile).size;
      } catch {
        return 0;
      }
    };
    const cacheBytes = Deno.statSync(cacheFile).size + summarySize();

    const warm: MeasuredRun[] = [];
    for (let rep = 0; rep < reps; rep++) warm.push(ok(await once("json"), "--once, warm"));
    options.log(
      `${label}: --once --json, warm cache ${median(warm.map((r) => r.wallMs)).toFixed(0)} ms`,
    );
    const polls: MeasuredRun[] = [];
    for (let rep = 0; rep < reps * 2; rep++) polls.push(ok(await once("waybar"), "waybar"));
    const pollCpuMs = median(polls.map((run) => run.cpuMs));

    // Each append starts from the same warm cache: the cache file and the files' mtimes are put
    // back after every run, so no run sees the previous run's appends.
    const saved = await Deno.readFile(cacheFile);
    const savedSummary = summarySize() > 0 ? await Deno.readFile(summaryFile) : null;
    const putBack = async () => {
      await Deno.writeFile(cacheFile, saved);
      if (savedSummary !== null) await Deno.writeFile(summaryFile, savedSummary);
    };
    const files = await jsonlFiles(dir);
    const appended: MeasuredRun[] = [];
    const appendedBytes: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const record: AppendRecord = {};
      const mtimes = new Map<string, Deno.FileInfo>();
      const picked = new Proxy(record, {
        set(target, path: string, size: number) {
          mtimes.set(path, Deno.statSync(path));
          target[path] = size;
          return true;
        },
      });
      await putBack();
      try {
        appendedBytes.push(
          await appendLines(files, {
            bytes: 1024 * 1024,
            fileCount: 4,
            start: DATA_PARAMS.end + rep * 3_600_000,
            seed: 200 + rep,
            record: picked,
          }),
        );
        await Deno.writeTextFile(appendRecordPath(dir), JSON.stringify(record));
        appended.push(ok(await once("json"), "--once after an append"));
      } finally {
        await undoAppends(record);
        for (const [path, info] of mtimes) {
          await Deno.utime(path, info.atime ?? new Date(), info.mtime ?? new Date());
        }
        await Deno.remove(appendRecordPath(dir)).catch(() => {});
      }
    }
    await putBack();
    const appendMiB = (median(appendedBytes) / 1024 ** 2).toFixed(2);
    const target = (limit: number): Target | null =>
      options.targets ? { on: "ratio", op: "<=", limit, label: `ratio <= ${limit}` } : null;
    const rows: Row[] = [
      {
        measure: "`--once --json`, warm cache, no new data (process)",
        data: label,
        value: median(warm.map((run) => run.wallMs)),
        unit: "ms",
        ccusage: options.ccusage.wallMs,
        target: target(0.03),
      },
      {
        measure: `\`--once --json\`, warm cache, ${appendMiB} MiB appended (process)`,
        data: label,
        value: median(appended.map((run) => run.wallMs)),
        unit: "ms",
        ccusage: options.ccusage.wallMs,
        target: target(0.06),
      },
      {
        measure: "Status bar polling `--once --format waybar` every 5 s, CPU per hour",
        data: label,
        value: pollCpuMs * POLLS_PER_HOUR / 1000,
        unit: "s",
        ccusage: options.ccusage.cpuMs * POLLS_PER_HOUR / 1000,
        target: null,
      },
      {
        measure: `Reader cache size (${
          (cacheBytes / options.bytes * 100).toFixed(1)
        } % of the data)`,
        data: label,
        value: cacheBytes,
        unit: "bytes",
        ccusage: null,
        target: null,
      },
    ];
    const figures = (runs: MeasuredRun[]) =>
      runs.map(({ wallMs, cpuMs, peakRss }) => ({ wallMs, cpuMs, peakRss }));
    return {
      rows,
      raw: {
        cacheBytes,
        prime: figures([prime])[0],
        warm: figures(warm),
        polls: figures(polls),
        appended: figures(appended),
        appendedBytes,
      },
    };
  } finally {
    await Deno.remove(cacheHome, { recursive: true }).catch(() => {});
  }
}
