/**
 * The cliff measures (issue 13): a cold read of 100,000 small files, of one 300 MiB line and of
 * one 1.4 MB line of `:null`, each against ccusage on the same data in the same run; and the
 * memory of a dashboard left running over the 100,000 files.
 */

import type { BlockJson } from "../../src/core/blocks_output.ts";
import { blockDifferences } from "../../tests/support/ccusage_blocks.ts";
import { hugeLine, manyFiles, nullLine } from "./hostile_data.ts";
import type { HostileData } from "./hostile_data.ts";
import type { MeasuredRun } from "./proc.ts";
import { median, type Row } from "./report.ts";
import type { TuiRun } from "./tui.ts";

/** Which cliffs to measure and how big. */
export interface HostileOptions {
  root: string;
  reps: number;
  /** Number of small files (0 skips the case). */
  files: number;
  /** Bytes of the huge line (0 skips the case). */
  lineBytes: number;
  /** Repeats of `:null, ` in the null line (0 skips the case). */
  nulls: number;
  log: (message: string) => void;
}

/** How the benchmark runs both tools on a data dir (given by scripts/bench.ts). */
export interface HostileRunners {
  /** `main.ts blocks --json --source native --claude-dir DIR` with no reader cache present. */
  native(dir: string): Promise<MeasuredRun>;
  ccusage(dir: string): Promise<MeasuredRun>;
  /**
   * The dashboard on `dir`, sampled from its first frame with data on; `warm` primes the reader
   * cache with a `--once` run first. Absent: the running-monitor rows are left out.
   */
  dashboard?(dir: string, warm: boolean): Promise<TuiRun>;
}

/** The running monitor must stay under this over the 100,000 files (issue 13). */
const MONITOR_RSS_LIMIT = 300 * 1024 ** 2;

/** Rows of the dashboard left running over the many-files set, without and with a reader cache. */
async function monitorRows(
  data: HostileData,
  dashboard: (dir: string, warm: boolean) => Promise<TuiRun>,
  log: (message: string) => void,
): Promise<{ rows: Row[]; raw: Record<string, unknown> }> {
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  const size = `${(data.bytes / 1024 ** 2).toFixed(0)} MiB`;
  for (const warm of [false, true]) {
    const start = warm ? "warm reader cache" : "first run, no reader cache";
    let run: TuiRun;
    try {
      run = await dashboard(data.dir, warm);
    } catch (error) {
      // A dashboard that dies is a finding: the row shows no figure.
      log(
        `${data.label}: dashboard (${start}) failed: ${
          error instanceof Error ? error.message : error
        }`,
      );
      continue;
    }
    const idle = run.idle;
    if (idle === null) continue;
    const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
    log(
      `${data.label}: dashboard (${start}): data after ${
        (run.firstDataMs ?? NaN).toFixed(0)
      } ms, ` +
        `RSS max ${mib(idle.rssMax)} over ${idle.seconds.toFixed(0)} s, VmHWM ${mib(idle.peakRss)}`,
    );
    rows.push(
      {
        measure: `Running monitor RSS, ${data.label} (${start}; max over ${
          Math.round(idle.seconds)
        } s after the first frame with data)`,
        data: size,
        value: idle.rssMax,
        unit: "bytes",
        ccusage: null,
        target: { on: "value", op: "<", limit: MONITOR_RSS_LIMIT, label: "< 300 MiB" },
      },
      {
        measure: `Running monitor peak RSS (VmHWM, loading included), ${data.label} (${start})`,
        data: size,
        value: idle.peakRss,
        unit: "bytes",
        ccusage: null,
        target: null,
      },
    );
    raw[warm ? "warm" : "cold"] = run;
  }
  return { rows, raw };
}

function blocksOf(run: MeasuredRun, who: string): BlockJson[] {
  if (run.code !== 0) {
    throw new Error(`Cannot benchmark: ${who} exited with ${run.code}: ${run.stderr}`);
  }
  return (JSON.parse(run.stdout) as { blocks: BlockJson[] }).blocks;
}

async function measure(
  data: HostileData,
  runners: HostileRunners,
  options: HostileOptions,
): Promise<
  { native: MeasuredRun[]; ccusage: MeasuredRun[]; differences: string[]; failures: string[] }
> {
  const native: MeasuredRun[] = [];
  const ccusage: MeasuredRun[] = [];
  const failures: string[] = [];
  for (let rep = 0; rep < options.reps; rep++) {
    ccusage.push(await runners.ccusage(data.dir));
    const run = await runners.native(data.dir);
    if (run.code !== 0) {
      // A crash is a finding, not a reason to lose the rest of the run: it is reported.
      const reason = run.stderr.split("\n").find((line) => line.trim() !== "") ?? "";
      failures.push(`exit ${run.code}: ${reason}`);
      options.log(`${data.label}: native run failed (${failures.at(-1)})`);
      continue;
    }
    native.push(run);
    options.log(
      `${data.label}: ccusage ${ccusage.at(-1)!.wallMs.toFixed(0)} ms, native ${
        native.at(-1)!.wallMs.toFixed(0)
      } ms`,
    );
    // A cliff is a cliff after one run: repeating a 60-second read adds nothing but minutes.
    if (native.at(-1)!.wallMs > 20_000) break;
  }
  const differences = native.length === 0 ? [] : blockDifferences(
    blocksOf(native[0]!, "claude-monitor"),
    blocksOf(ccusage[0]!, "ccusage"),
  );
  if (differences.length > 0) {
    options.log(`${data.label}: native blocks differ from ccusage's: ${differences.slice(0, 3)}`);
  }
  return { native, ccusage, differences, failures };
}

/** Generates (or finds) the hostile sets and measures each; returns table rows and raw runs. */
export async function benchHostile(
  runners: HostileRunners,
  options: HostileOptions,
): Promise<{ rows: Row[]; raw: Record<string, unknown> }> {
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  const cases: {
    make: () => Promise<HostileData>;
    time: number | null;
    rss: number | null;
    monitor?: boolean;
  }[] = [];
  if (options.files > 0) {
    cases.push({
      make: () => manyFiles(options.root, options.files),
      time: 2,
      rss: 2,
      monitor: true,
    });
  }
  if (options.lineBytes > 0) {
    cases.push({ make: () => hugeLine(options.root, options.lineBytes), time: null, rss: null });
  }
  if (options.nulls > 0) {
    cases.push({ make: () => nullLine(options.root, options.nulls), time: 5, rss: null });
  }
  for (const { make, time, rss, monitor } of cases) {
    const started = performance.now();
    const data = await make();
    options.log(
      `${data.label}: ${data.files} files, ${(data.bytes / 1024 ** 2).toFixed(1)} MiB (ready in ${
        ((performance.now() - started) / 1000).toFixed(1)
      } s)`,
    );
    const result = await measure(data, runners, options);
    const agree = (result.differences.length === 0 ? "" : " (blocks differ from ccusage's)") +
      (result.failures.length === 0
        ? ""
        : ` (${result.failures.length} of ${
          result.failures.length + result.native.length
        } runs failed)`);
    const figure = (runs: MeasuredRun[], pick: (run: MeasuredRun) => number) =>
      runs.length === 0 ? NaN : median(runs.map(pick));
    rows.push(
      {
        measure: `Cold read, ${data.label}${agree}`,
        data: `${(data.bytes / 1024 ** 2).toFixed(0)} MiB`,
        value: figure(result.native, (run) => run.wallMs),
        unit: "ms",
        ccusage: median(result.ccusage.map((run) => run.wallMs)),
        target: time === null
          ? null
          : { on: "ratio", op: "<=", limit: time, label: `ratio <= ${time}` },
      },
      {
        measure: `Peak RSS, ${data.label}`,
        data: `${(data.bytes / 1024 ** 2).toFixed(0)} MiB`,
        value: figure(result.native, (run) => run.peakRss),
        unit: "bytes",
        ccusage: median(result.ccusage.map((run) => run.peakRss)),
        target: rss === null
          ? null
          : { on: "ratio", op: "<=", limit: rss, label: `ratio <= ${rss}` },
      },
    );
    const figures = (runs: MeasuredRun[]) =>
      runs.map(({ wallMs, cpuMs, peakRss }) => ({ wallMs, cpuMs, peakRss }));
    raw[data.label] = {
      data,
      native: figures(result.native),
      ccusage: figures(result.ccusage),
      differences: result.differences.slice(0, 20),
      failures: result.failures,
    };
    if (monitor === true && runners.dashboard !== undefined) {
      const running = await monitorRows(data, runners.dashboard, options.log);
      rows.push(...running.rows);
      raw[`${data.label} dashboard`] = running.raw;
    }
  }
  return { rows, raw };
}
