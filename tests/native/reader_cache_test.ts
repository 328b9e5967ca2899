/**
 * The reader cache never changes a number: native blocks equal ccusage 20.0.24's with the cache
 * cold, warm, stale (files appended, truncated, replaced, deleted, new) and corrupt, and a warm
 * run reads no byte it has read before.
 */

import { deepStrictEqual as assertEquals, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import type { ActivityPoint, Block } from "../../src/core/types.ts";
import { blockToJson } from "../../src/core/blocks_output.ts";
import type { FileSystem } from "../../src/ports.ts";
import { createDenoFileSystem } from "../../src/sources/native/deno_file_system.ts";
import {
  createNativeSource,
  type ReaderCachePort,
} from "../../src/sources/native/native_source.ts";
import {
  ReaderCacheFile,
  readerCacheKey,
  readerSummaryPath,
} from "../../src/store/reader_cache_file.ts";
import { blockDifferences, runCcusageBlocks } from "../support/ccusage_blocks.ts";
import { generateBulk, questionsAndAnswers, Rng } from "../support/generate_jsonl.ts";
import { writeEdgeCases } from "../support/native_edge_cases.ts";
import { requireSharedDir, sharedTestOptions } from "../support/shared_dir.ts";
import { withTempDir } from "../support/temp_dir.ts";

const TEMP_PREFIX = "claude-monitor-cache-";

/** A Deno file system that counts the bytes read. */
function countingFs(): FileSystem & { bytesRead: number } {
  const inner = createDenoFileSystem();
  const fs = {
    bytesRead: 0,
    readDir: inner.readDir,
    stat: inner.stat,
    readRange: async (path: string, offset: number, length: number) => {
      const bytes = await inner.readRange(path, offset, length);
      fs.bytesRead += bytes.length;
      return bytes;
    },
  };
  return fs;
}

interface Run {
  blocks: Block[];
  activity: ActivityPoint[];
  bytesRead: number;
  warnings: string[];
  /** The run was answered from the reader summary: the cache itself was never loaded. */
  fromSummary: boolean;
}

/** One run as a fresh process makes it: a new source over the cache file at `cachePath`. */
async function cachedRun(
  dirs: string[],
  cachePath: string,
  now: number,
  options: { key?: string; rebuild?: boolean } = {},
): Promise<Run> {
  const fs = countingFs();
  const warnings: string[] = [];
  const file = new ReaderCacheFile({
    path: cachePath,
    key: options.key ?? readerCacheKey("test", "set"),
    warn: (message) => warnings.push(message),
    ...(options.rebuild ? { rebuild: true } : {}),
  });
  let loads = 0;
  const cache: ReaderCachePort = {
    get bytes() {
      return file.bytes;
    },
    load: () => {
      loads++;
      return file.load();
    },
    discard: (error) => file.discard(error),
    save: (snapshot) => file.save(snapshot),
    release: () => file.release(),
    loadSummary: () => file.loadSummary(),
    saveSummary: (summary) => file.saveSummary(summary),
  };
  const source = createNativeSource({ fs, dirs, now: () => now, cache, workers: 0 });
  const data = await source.load(0);
  await source.close();
  return {
    blocks: data.blocks,
    activity: data.activity ?? [],
    bytesRead: fs.bytesRead,
    warnings,
    fromSummary: loads === 0,
  };
}

async function uncached(dirs: string[], now: number) {
  const data = await createNativeSource({ fs: createDenoFileSystem(), dirs, now: () => now })
    .load(0);
  return { blocks: data.blocks, activity: data.activity ?? [] };
}

/**
 * Checks a cached run against ccusage and against a read without any cache, then a second run
 * (answered from the summary the first left) against the same.
 */
async function assertMatches(dir: string, cachePath: string, label: string): Promise<Run> {
  const expected = await runCcusageBlocks(dir);
  const plain = await uncached([dir], expected.now);
  const run = await cachedRun([dir], cachePath, expected.now);
  for (const [which, result] of [["", run], [" (summary)", null]] as const) {
    const checked = result ?? await cachedRun([dir], cachePath, expected.now);
    assertEquals(
      blockDifferences(checked.blocks.map(blockToJson), expected.blocks),
      [],
      `${label}${which}: vs ccusage`,
    );
    assertEquals(checked.blocks, plain.blocks, `${label}${which}: vs no cache`);
    assertEquals(checked.activity, plain.activity, `${label}${which}: activity vs no cache`);
    if (result === null) {
      ok(checked.fromSummary, `${label}: the next run is answered from the summary`);
      equal(checked.bytesRead, 0, `${label}: the next run reads no transcript byte`);
      assertEquals(checked.warnings, [], `${label}: the next run is silent`);
    }
  }
  return run;
}

async function jsonlFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (path: string) => {
    for await (const entry of Deno.readDir(path)) {
      if (entry.isDirectory) await walk(join(path, entry.name));
      else if (entry.name.endsWith(".jsonl")) found.push(join(path, entry.name));
    }
  };
  await walk(dir);
  return found.sort();
}

function totalBytesNow(files: string[]): number {
  return files.reduce((sum, file) => sum + Deno.statSync(file).size, 0);
}

function freshLines(rng: Rng, start: number, count: number, session: string): string {
  const model = "claude-sonnet-4-20250514";
  const plan = { session, count, start, stepMs: 90_000, replyAfterMs: 5_000, model };
  return `${questionsAndAnswers(rng, plan).join("\n")}\n`;
}

Deno.test("the reader cache gives ccusage's blocks cold, warm, stale and corrupt", async () => {
  await withTempDir(TEMP_PREFIX, async (root) => {
    const dir = join(root, "claude");
    const cachePath = join(root, "cache", "reader.bin");
    await generateBulk({
      out: dir,
      bytes: 6 * 1024 * 1024,
      days: 20,
      end: Date.UTC(2026, 5, 1),
      seed: 7,
      meanFileBytes: 200 * 1024,
    });
    await writeEdgeCases(join(root, "edge"));
    // The edge cases (usage limits, gaps, rejected lines, duplicates) join the same data set.
    for (const file of await jsonlFiles(join(root, "edge"))) {
      const target = join(dir, "projects", "edge", file.slice(join(root, "edge").length + 1));
      await Deno.mkdir(join(target, ".."), { recursive: true });
      await Deno.rename(file, target);
    }
    const files = await jsonlFiles(dir);
    ok(files.length > 20);
    const totalBytes = (await Promise.all(files.map((file) => Deno.stat(file))))
      .reduce((sum, info) => sum + info.size, 0);

    const cold = await assertMatches(dir, cachePath, "cold");
    equal(cold.bytesRead, totalBytes, "a cold run reads everything");
    const cacheBytes = (await Deno.stat(cachePath)).size;
    ok(cacheBytes < totalBytes / 8, `cache ${cacheBytes} bytes for ${totalBytes} of transcripts`);

    const warm = await assertMatches(dir, cachePath, "warm");
    equal(warm.bytesRead, 0, "a warm run with no new data reads no transcript byte");
    assertEquals(warm.warnings, []);

    const rng = new Rng(11);
    const start = Date.UTC(2026, 5, 1, 6);
    const appended = freshLines(rng, start, 40, "appended-session");
    await Deno.writeTextFile(files[3]!, appended, { append: true });
    const afterAppend = await assertMatches(dir, cachePath, "appended");
    ok(
      afterAppend.bytesRead <= appended.length + 64,
      `an append reads only the new bytes (${afterAppend.bytesRead} for ${appended.length})`,
    );

    // A half-written last line, completed by the next run.
    const pending = freshLines(rng, start + 3_600_000, 3, "pending-session");
    await Deno.writeTextFile(files[4]!, pending.slice(0, -200), { append: true });
    await assertMatches(dir, cachePath, "unterminated last line");
    await Deno.writeTextFile(files[4]!, pending.slice(-200), { append: true });
    await assertMatches(dir, cachePath, "completed last line");

    const truncated = files[5]!;
    const truncatedSize = (await Deno.stat(truncated)).size;
    await Deno.truncate(truncated, Math.floor(truncatedSize / 2));
    await assertMatches(dir, cachePath, "truncated");

    // Same size, different bytes: the tail check or the identity tells it apart.
    const replaced = files[6]!;
    const original = await Deno.readTextFile(replaced);
    await Deno.remove(replaced);
    await Deno.writeTextFile(replaced, original.replaceAll('"output_tokens":', '"output_tokenz":'));
    await assertMatches(dir, cachePath, "replaced");

    await Deno.remove(files[7]!);
    await assertMatches(dir, cachePath, "deleted");

    const added = join(dir, "projects", "new-project", "new-session.jsonl");
    await Deno.mkdir(join(added, ".."), { recursive: true });
    await Deno.writeTextFile(added, freshLines(rng, start + 7_200_000, 20, "new-session"));
    // A copy of existing lines in a new file: duplicates across files resolve as in a full read.
    await Deno.writeTextFile(
      join(dir, "projects", "new-project", "resumed.jsonl"),
      await Deno.readTextFile(files[3]!),
    );
    const afterNew = await assertMatches(dir, cachePath, "new files");
    ok(afterNew.bytesRead < totalBytes / 2, "new files are read, known ones are not");

    // Corrupt caches: flipped bytes in the header, the entries and the rows, a cut-short
    // file, garbage, an empty file.
    const good = await Deno.readFile(cachePath);
    const headerLength = new DataView(good.buffer).getUint32(12, true);
    const entriesStart = (24 + headerLength + 7) & ~7;
    const flip = (at: number) => {
      const bytes = good.slice();
      bytes[at] = bytes[at]! ^ 0x55;
      return bytes;
    };
    const cases: [string, Uint8Array][] = [
      ["a flipped header byte", flip(200)],
      ["a flipped entries byte", flip(entriesStart + 10)],
      ["a cut-short file", good.slice(0, Math.floor(good.length / 2))],
      ["garbage", new TextEncoder().encode("not a cache at all")],
      ["an empty file", new Uint8Array(0)],
    ];
    // Without its summary: a run where nothing changed would not read the cache at all.
    const summaryPath = readerSummaryPath(cachePath);
    for (const [label, bytes] of cases) {
      await Deno.writeFile(cachePath, bytes);
      await Deno.remove(summaryPath);
      const run = await assertMatches(dir, cachePath, label);
      equal(run.warnings.length, 1, `${label}: one warning`);
      ok(run.warnings[0]!.startsWith("Discarded the reader cache"), run.warnings[0]);
      // Rebuilt: the next run is warm again and silent.
      const next = await assertMatches(dir, cachePath, `${label}, rebuilt`);
      equal(next.bytesRead, 0);
      assertEquals(next.warnings, []);
    }
    // Corrupt summaries: one warning, the numbers from the cache (no transcript byte read).
    const goodSummary = await Deno.readFile(summaryPath);
    const flipSummary = (at: number) => {
      const bytes = goodSummary.slice();
      bytes[at] = bytes[at]! ^ 0x55;
      return bytes;
    };
    const summaryCases: [string, Uint8Array][] = [
      ["a flipped summary header byte", flipSummary(40)],
      ["a flipped summary body byte", flipSummary(goodSummary.length - 20)],
      ["a cut-short summary", goodSummary.slice(0, Math.floor(goodSummary.length / 2))],
      ["a garbage summary", new TextEncoder().encode("not a summary at all, not at all")],
      ["an empty summary", new Uint8Array(0)],
    ];
    for (const [label, bytes] of summaryCases) {
      await Deno.writeFile(summaryPath, bytes);
      const run = await assertMatches(dir, cachePath, label);
      equal(run.warnings.length, 1, `${label}: one warning`);
      ok(run.warnings[0]!.startsWith("Discarded the reader cache summary"), run.warnings[0]);
      ok(!run.fromSummary, `${label}: answered from the cache`);
      equal(run.bytesRead, 0, `${label}: no transcript byte read`);
    }
    // Rows are only decoded when a file changed: a flipped row byte shows up then.
    await Deno.writeFile(cachePath, flip(good.length - 100));
    await Deno.remove(summaryPath);
    const unchanged = await assertMatches(dir, cachePath, "a flipped row byte, nothing changed");
    assertEquals(unchanged.warnings, []);
    equal(unchanged.bytesRead, 0);
    await Deno.writeTextFile(files[8]!, freshLines(rng, start + 9_000_000, 5, "late"), {
      append: true,
    });
    const changed = await assertMatches(dir, cachePath, "a flipped row byte, a file changed");
    equal(changed.warnings.length, 1);
    ok(changed.warnings[0]!.includes("rows checksum"), changed.warnings[0]);
    ok(changed.bytesRead >= totalBytesNow(await jsonlFiles(dir)), "everything is read again");
    const healed = await assertMatches(dir, cachePath, "after a flipped row byte");
    assertEquals(healed.warnings, []);
    equal(healed.bytesRead, 0);
    // A flipped byte in the first stored row (a time) shows up when that file's rows are read,
    // after the merge has begun: still one warning, and everything read again.
    const healthy = await Deno.readFile(cachePath);
    const length = new DataView(healthy.buffer).getUint32(12, true);
    const header = JSON.parse(new TextDecoder().decode(healthy.subarray(24, 24 + length)));
    const rowsStart = ((24 + length + 7) & ~7) + header.sorted.bytes;
    healthy[rowsStart + 3] = healthy[rowsStart + 3]! ^ 0x55;
    await Deno.writeFile(cachePath, healthy);
    for (const [index, file] of (await jsonlFiles(dir)).entries()) {
      await Deno.writeTextFile(file, freshLines(rng, start + 9_500_000, 1, `more-${index}`), {
        append: true,
      });
    }
    const late = await assertMatches(dir, cachePath, "a flipped byte in a file's rows");
    equal(late.warnings.length, 1);
    ok(late.warnings[0]!.includes("rows checksum"), late.warnings[0]);
    ok(late.bytesRead >= totalBytesNow(await jsonlFiles(dir)), "everything is read again");
    equal((await assertMatches(dir, cachePath, "healed again")).bytesRead, 0);
    const expected = await runCcusageBlocks(dir);
    const otherVersion = await cachedRun([dir], cachePath, expected.now, {
      key: readerCacheKey("another-version", "set"),
    });
    assertEquals(blockDifferences(otherVersion.blocks.map(blockToJson), expected.blocks), []);
    equal(otherVersion.bytesRead > 0, true, "a cache of another version is not used");
    equal(otherVersion.warnings.length, 1);
    const rebuilt = await cachedRun([dir], cachePath, expected.now, { rebuild: true });
    assertEquals(blockDifferences(rebuilt.blocks.map(blockToJson), expected.blocks), []);
    ok(rebuilt.bytesRead > 0, "--recalculate reads everything again");
  });
});

Deno.test(
  sharedTestOptions("the reader cache gives ccusage's blocks on real transcripts, cold and warm"),
  async () => {
    const shared = requireSharedDir();
    await withTempDir(TEMP_PREFIX, async (root) => {
      const cachePath = join(root, "reader.bin");
      for (const folder of ["swordintel", "claude-code-viewer", "sniffly", "cctrace"]) {
        const dir = join(shared, "transcripts", folder);
        await Deno.remove(cachePath).catch(() => {});
        const cold = await assertMatches(dir, cachePath, `${folder} cold`);
        ok(cold.bytesRead > 0);
        const warm = await assertMatches(dir, cachePath, `${folder} warm`);
        equal(warm.bytesRead, 0, `${folder}: warm reads nothing`);
      }
    });
  },
);
