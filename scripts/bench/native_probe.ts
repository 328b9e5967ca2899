/**
 * Times the native source in one process: the first `load()` (a cold read), `load()` with no
 * new data, and `load()` after appending about 1 MiB. Prints one JSON object
 * ({@linkcode ProbeResult}) on stdout.
 *
 * `deno run --allow-read --allow-write --allow-env scripts/bench/native_probe.ts --app DIR --dir DIR
 *  --record FILE`
 */

import type { Block } from "../../src/core/types.ts";
import { appendLines, type AppendRecord, undoAppends } from "./append.ts";

type NativeSourceModule = typeof import("../../src/sources/native/native_source.ts");
type FileSystemModule = typeof import("../../src/sources/native/deno_file_system.ts");
type DiscoverModule = typeof import("../../src/sources/native/discover.ts");

/** What the probe measured, in milliseconds. */
export interface ProbeResult {
  firstLoadMs: number;
  /** One figure per refresh with no new data. */
  idleRefreshMs: number[];
  /** One figure per refresh after an append of `appendedBytes`. */
  appendRefreshMs: number[];
  appendedBytes: number[];
  files: number;
  blocks: number;
}

/** Options of one probe run. */
export interface ProbeOptions {
  /** The app's root folder (with `src/`): the snapshot being measured. */
  app: string;
  /** The Claude config dir. */
  dir: string;
  /** Where the original sizes of appended files are kept until they are cut back. */
  recordPath: string;
  appendBytes: number;
  idleRepeats: number;
  appendRepeats: number;
}

function totalTokens(blocks: readonly Block[]): number {
  return blocks.reduce((sum, block) => sum + block.totalTokens, 0);
}

/** Runs the probe; the data set is restored before it returns (or throws). */
export async function runProbe(options: ProbeOptions): Promise<ProbeResult> {
  // The reader comes from the snapshot under test, not from this checkout.
  const native = `${options.app.replace(/\/$/, "")}/src/sources/native`;
  const { createNativeSource } = await import(
    `${native}/native_source.ts`
  ) as NativeSourceModule;
  const { createDenoFileSystem } = await import(
    `${native}/deno_file_system.ts`
  ) as FileSystemModule;
  const { discoverFiles } = await import(`${native}/discover.ts`) as DiscoverModule;
  const fs = createDenoFileSystem();
  const source = createNativeSource({ fs, dirs: [options.dir], now: () => Date.now() });
  let started = performance.now();
  const first = await source.load(0);
  const firstLoadMs = performance.now() - started;

  const idleRefreshMs: number[] = [];
  for (let index = 0; index < options.idleRepeats; index++) {
    started = performance.now();
    await source.load(0);
    idleRefreshMs.push(performance.now() - started);
  }

  const files = (await discoverFiles(fs, [options.dir])).files;
  const lastEnd = Math.max(...first.blocks.map((block) => block.endTime));
  const record: AppendRecord = {};
  const appendRefreshMs: number[] = [];
  const appendedBytes: number[] = [];
  let tokens = totalTokens(first.blocks);
  try {
    for (let index = 0; index < options.appendRepeats; index++) {
      // Write the record first: an interrupted run is undone by the next one.
      const written = await appendLines(files, {
        bytes: options.appendBytes,
        fileCount: 4,
        start: lastEnd + index * 3_600_000,
        seed: 100 + index,
        record,
      });
      await Deno.writeTextFile(options.recordPath, JSON.stringify(record));
      appendedBytes.push(written);
      started = performance.now();
      const data = await source.load(0);
      appendRefreshMs.push(performance.now() - started);
      const after = totalTokens(data.blocks);
      if (after <= tokens) {
        throw new Error("Cannot time the append refresh: the appended lines were not read");
      }
      tokens = after;
    }
  } finally {
    await undoAppends(record);
    await Deno.remove(options.recordPath).catch(() => {});
  }
  return {
    firstLoadMs,
    idleRefreshMs,
    appendRefreshMs,
    appendedBytes,
    files: first.files ?? files.length,
    blocks: first.blocks.length,
  };
}

if (import.meta.main) {
  const args = Deno.args;
  const flag = (name: string, fallback?: string): string => {
    const index = args.indexOf(`--${name}`);
    const value = index === -1 ? fallback : args[index + 1];
    if (value === undefined) throw new Error(`Cannot run the probe: --${name} is required`);
    return value;
  };
  const result = await runProbe({
    app: flag("app"),
    dir: flag("dir"),
    recordPath: flag("record"),
    appendBytes: Number(flag("append-bytes", String(1024 * 1024))),
    idleRepeats: Number(flag("idle-repeats", "5")),
    appendRepeats: Number(flag("append-repeats", "3")),
  });
  await Deno.stdout.write(new TextEncoder().encode(`${JSON.stringify(result)}\n`));
}
