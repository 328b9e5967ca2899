/**
 * The cliff measures (issue 13): a cold read of 100,000 small files, of one 300 MiB line and of
 * one 1.4 MB line of `:null`, each against ccusage on the same data in the same run.
 */

import type { BlockJson } from "../../src/core/blocks_output.ts";
import { blockDifferences } from "../../tests/support/ccusage_blocks.ts";
import { hugeLine, manyFiles, nullLine } from "./hostile_data.ts";
import type { HostileData } from "./hostile_data.ts";
import type { MeasuredRun } from "./proc.ts";
import { median, type Row } from "./report.ts";

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
  const cases: { make: () => Promise<HostileData>; time: number | null; rss: number | null }[] = [];
  if (options.files > 0) {
    cases.push({ make: () => manyFiles(options.root, options.files), time: 2, rss: 2 });
  }
  if (options.lineBytes > 0) {
    cases.push({ make: () => hugeLine(options.root, options.lineBytes), time: null, rss: null });
  }
  if (options.nulls > 0) {
    cases.push({ make: () => nullLine(options.root, options.nulls), time: 5, rss: null });
  }
  for (const { make, time, rss } of cases) {
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
  }
  return { rows, raw };
}
