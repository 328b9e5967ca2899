/**
 * The reader summary answers a run where no transcript changed with exactly the numbers of a
 * full read: its activity only when it covers the `since` asked, never after any file changed,
 * and a source that started from it reads through the reader from its second load on (a running
 * monitor's from the first change its feed reports or its periodic scans find).
 */

import { deepStrictEqual as assertEquals, equal, ok, rejects, throws } from "node:assert/strict";
import { join } from "node:path";
import type { BlockDraft } from "../../src/core/identify_blocks.ts";
import type { ActivityPoint } from "../../src/core/types.ts";
import type { LoadOptions } from "../../src/ports.ts";
import { createDenoFileSystem } from "../../src/sources/native/deno_file_system.ts";
import {
  createNativeSource,
  type ReaderCachePort,
} from "../../src/sources/native/native_source.ts";
import {
  decodeReaderSummary,
  encodeReaderSummary,
  type ReaderSummary,
  sameSignature,
  summaryFiles,
  SummaryInvalid,
} from "../../src/sources/native/reader_summary.ts";
import { ReaderCacheFile, readerCacheKey } from "../../src/store/reader_cache_file.ts";
import { generateBulk, questionsAndAnswers, Rng } from "../support/generate_jsonl.ts";
import { withTempDir } from "../support/temp_dir.ts";

const DAY_MS = 86_400_000;

function randomSummary(rng: Rng): ReaderSummary {
  const names = ["claude-sonnet-4-20250514", "claude-opus-4-20250514", '<odd> "name"'];
  const drafts: BlockDraft[] = [];
  let time = Date.UTC(2026, 3, 1);
  for (let index = 0; index < 40; index++) {
    const gap = rng.next() < 0.2;
    const input = Math.floor(rng.next() * 1e6);
    const block = {
      id: `${gap ? "gap-" : ""}${new Date(time).toISOString()}`,
      startTime: time,
      endTime: time + 5 * 3_600_000,
      actualEndTime: gap ? null : time + 1234,
      isActive: false,
      isGap: gap,
      entries: gap ? 0 : index + 1,
      tokenCounts: {
        inputTokens: gap ? 0 : input,
        outputTokens: gap ? 0 : 7,
        cacheCreationInputTokens: gap ? 0 : Number.MAX_VALUE,
        cacheReadInputTokens: 0,
      },
      totalTokens: gap ? 0 : Infinity,
      costUSD: gap ? 0 : rng.next() * 100,
      models: gap ? [] : names.slice(index % 3),
      burnRate: null,
      projection: null,
      ...(index % 7 === 3 ? { usageLimitResetTime: time + 3_600_000 } : {}),
    };
    drafts.push({ block, first: time + 1, last: time + 1234, trigger: index * 3 });
    time += 6 * 3_600_000;
  }
  const activity: ActivityPoint[] = Array.from({ length: 30 }, (_, index) => {
    const point: ActivityPoint = { time: time + index, tokens: index * 1.5, costUSD: 0.1 * index };
    if (index % 4 !== 0) point.model = names[index % 3]!;
    return point;
  });
  return {
    files: summaryFiles(
      ["/data/a/projects/x/1.jsonl", "/data/a/projects/x/2.jsonl", "/data/b/é.jsonl"].map(
        (path, index) => ({
          path,
          size: index * 1000,
          mtimeMs: index === 1 ? null : 1.7e12 + index,
          ino: index === 2 ? null : 10 + index,
        }),
      ),
    ),
    drafts,
    unpricedModels: ["claude-future-9"],
    skippedLines: 3,
    since: time - 5,
    activity,
  };
}

Deno.test("encodeReaderSummary() and decodeReaderSummary() give the summary back", async () => {
  const summary = randomSummary(new Rng(3));
  const bytes = await encodeReaderSummary(summary, "key");
  assertEquals(await decodeReaderSummary(bytes, "key"), summary);
  // Read from any offset (a file read into a larger buffer).
  const shifted = new Uint8Array(bytes.length + 3);
  shifted.set(bytes, 3);
  assertEquals(await decodeReaderSummary(shifted.subarray(3), "key"), summary);
});

Deno.test("sameSignature() is the reader's test: size, mtime and identity, null as null", () => {
  const files = summaryFiles([
    { path: "/a", size: 10, mtimeMs: 5, ino: 7 },
    { path: "/b", size: 0, mtimeMs: null, ino: null },
  ]);
  equal(sameSignature(files, 0, { size: 10, mtimeMs: 5, ino: 7 }), true);
  equal(sameSignature(files, 0, { size: 11, mtimeMs: 5, ino: 7 }), false);
  equal(sameSignature(files, 0, { size: 10, mtimeMs: 6, ino: 7 }), false);
  equal(sameSignature(files, 0, { size: 10, mtimeMs: 5, ino: 8 }), false);
  equal(sameSignature(files, 0, { size: 10, mtimeMs: null, ino: 7 }), false);
  equal(sameSignature(files, 0, { size: 10, mtimeMs: 5 }), false);
  equal(sameSignature(files, 1, { size: 0, mtimeMs: null, ino: null }), true);
  equal(sameSignature(files, 1, { size: 0, mtimeMs: null }), true);
  equal(sameSignature(files, 1, { size: 0, mtimeMs: 0, ino: null }), false);
  equal(sameSignature(files, 1, { size: 0, mtimeMs: null, ino: 0 }), false);
});

Deno.test("decodeReaderSummary() rejects another key, a flipped byte and a cut-short file", async () => {
  const bytes = await encodeReaderSummary(randomSummary(new Rng(5)), "key");
  await rejects(decodeReaderSummary(bytes, "other"), SummaryInvalid);
  for (const at of [0, 9, 13, 17, 25, 31, 40, bytes.length / 2, bytes.length - 1]) {
    const flipped = bytes.slice();
    flipped[at] = flipped[at]! ^ 0x01;
    await rejects(decodeReaderSummary(flipped, "key"), SummaryInvalid, `byte ${at}`);
  }
  for (const length of [0, 10, 32, bytes.length - 8]) {
    await rejects(decodeReaderSummary(bytes.slice(0, length), "key"), SummaryInvalid);
  }
});

interface Counted {
  cache: ReaderCachePort;
  /** Times the cache itself was loaded (0: the run was answered from the summary). */
  loads: () => number;
}

function countedCache(path: string): Counted {
  const file = new ReaderCacheFile({
    path,
    key: readerCacheKey("test", "set"),
    warn: (message) => {
      throw new Error(`Unexpected warning: ${message}`);
    },
  });
  let loads = 0;
  return {
    loads: () => loads,
    cache: {
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
    },
  };
}

async function plain(dir: string, now: number, since: number) {
  const data = await createNativeSource({ fs: createDenoFileSystem(), dirs: [dir], now: () => now })
    .load(since);
  return { blocks: data.blocks, activity: data.activity, files: data.files };
}

async function cached(
  dir: string,
  cachePath: string,
  now: number,
  since: number,
  options: LoadOptions = {},
) {
  const counted = countedCache(cachePath);
  const source = createNativeSource({
    fs: createDenoFileSystem(),
    dirs: [dir],
    now: () => now,
    cache: counted.cache,
    workers: 0,
  });
  const data = await source.load(since, options);
  await source.close();
  return { data, fromSummary: counted.loads() === 0 };
}

Deno.test("a run answered from the summary gives a full read's blocks and activity", async () => {
  await withTempDir("claude-monitor-summary-", async (root) => {
    const dir = join(root, "claude");
    const cachePath = join(root, "cache", "reader.bin");
    const now = Date.UTC(2026, 5, 20, 12);
    await generateBulk({
      out: dir,
      bytes: 2 * 1024 * 1024,
      days: 40,
      end: now - 3_600_000,
      seed: 21,
      meanFileBytes: 100 * 1024,
    });
    const monthAgo = now - 30 * DAY_MS;
    const cold = await cached(dir, cachePath, now, monthAgo);
    ok(!cold.fromSummary);
    ok(cold.data.activity!.length > 100, "the data has recent activity");

    // The same `since`, a later one: from the summary, equal to a full read.
    for (const since of [monthAgo, monthAgo + 9 * DAY_MS, now]) {
      const run = await cached(dir, cachePath, now, since);
      ok(run.fromSummary, `since ${since}: from the summary`);
      const expected = await plain(dir, now, since);
      assertEquals(run.data.blocks, expected.blocks);
      assertEquals(run.data.activity, expected.activity);
      equal(run.data.files, expected.files);
    }
    // An earlier `since` than the summary covers: read through the cache, still equal.
    const earlier = await cached(dir, cachePath, now, monthAgo - DAY_MS);
    ok(!earlier.fromSummary, "an earlier since is not answered from the summary");
    assertEquals(earlier.data.activity, (await plain(dir, now, monthAgo - DAY_MS)).activity);

    // `blocks` asks for the whole history without activity: the summary answers that too.
    const blocks = await cached(dir, cachePath, now, 0, { withoutActivity: true });
    ok(blocks.fromSummary);
    assertEquals(blocks.data.blocks, (await plain(dir, now, 0)).blocks);
    throws(() => blocks.data.activity, /not loaded/);

    // A later `now` finishes the same drafts for that instant (the active block, burn rate).
    const later = now + 2 * 3_600_000;
    const afterwards = await cached(dir, cachePath, later, monthAgo);
    ok(afterwards.fromSummary);
    assertEquals(afterwards.data.blocks, (await plain(dir, later, monthAgo)).blocks);
  });
});

Deno.test("a source started from the summary reads through the reader on its next load", async () => {
  await withTempDir("claude-monitor-summary-", async (root) => {
    const dir = join(root, "claude");
    const cachePath = join(root, "cache", "reader.bin");
    const now = Date.UTC(2026, 5, 20, 12);
    const summary = await generateBulk({
      out: dir,
      bytes: 1024 * 1024,
      days: 10,
      end: now - 3_600_000,
      seed: 4,
      meanFileBytes: 64 * 1024,
    });
    await cached(dir, cachePath, now, 0);
    const counted = countedCache(cachePath);
    let clock = now;
    const source = createNativeSource({
      fs: createDenoFileSystem(),
      dirs: [dir],
      now: () => clock,
      cache: counted.cache,
      workers: 0,
    });
    const first = await source.load(now - 8 * DAY_MS);
    equal(counted.loads(), 0, "the first load is answered from the summary");
    assertEquals(first.blocks, (await plain(dir, now, now - 8 * DAY_MS)).blocks);

    const lines = questionsAndAnswers(new Rng(9), {
      session: "late-session",
      count: 6,
      start: now - 600_000,
      stepMs: 60_000,
      replyAfterMs: 5_000,
      model: "claude-sonnet-4-20250514",
    });
    await Deno.writeTextFile(summary.files[0]!, `${lines.join("\n")}\n`, { append: true });
    clock = now + 60_000;
    const second = await source.load(now - 8 * DAY_MS);
    equal(counted.loads(), 1, "the second load restores the reader from the cache");
    const expected = await plain(dir, clock, now - 8 * DAY_MS);
    assertEquals(second.blocks, expected.blocks);
    assertEquals(second.activity, expected.activity);
    await source.close();

    // The append is in the summary the source left: the next run is answered from it.
    const next = await cached(dir, cachePath, clock, now - 8 * DAY_MS);
    ok(next.fromSummary);
    assertEquals(next.data.blocks, expected.blocks);
  });
});

Deno.test("a running monitor answers from the summary until a change is reported or found", async () => {
  await withTempDir("claude-monitor-summary-", async (root) => {
    const dir = join(root, "claude");
    const cachePath = join(root, "cache", "reader.bin");
    const now = Date.UTC(2026, 5, 20, 12);
    const bulk = await generateBulk({
      out: dir,
      bytes: 512 * 1024,
      days: 10,
      end: now - 3_600_000,
      seed: 5,
      meanFileBytes: 64 * 1024,
    });
    await cached(dir, cachePath, now, 0);
    const since = now - 8 * DAY_MS;
    // Each append its own message ids (the same ones would be de-duplicated away).
    let seed = 3;
    const append = (path: string, session: string, start: number) =>
      Deno.writeTextFile(
        path,
        `${
          questionsAndAnswers(new Rng(seed++), {
            session,
            count: 2,
            start,
            stepMs: 60_000,
            replyAfterMs: 5_000,
            model: "claude-sonnet-4-20250514",
          }).join("\n")
        }\n`,
        { append: true },
      );
    /** A dashboard's source over a feed that reports only what the test says. */
    const running = () => {
      const counted = countedCache(cachePath);
      let reported: Set<string> | null = new Set<string>();
      const state = { clock: now };
      const source = createNativeSource({
        fs: createDenoFileSystem(),
        dirs: [dir],
        now: () => state.clock,
        cache: counted.cache,
        workers: 0,
        watch: () => ({
          take: () => {
            const paths = reported;
            reported = new Set();
            return paths === null ? { any: true, paths: null } : { any: paths.size > 0, paths };
          },
          close: () => {},
        }),
      });
      return { counted, source, state, report: (path: string) => reported?.add(path) };
    };
    const check = async (run: ReturnType<typeof running>) => {
      const data = await run.source.load(since);
      const expected = await plain(dir, run.state.clock, since);
      assertEquals(data.blocks, expected.blocks);
      assertEquals(data.activity, expected.activity);
    };

    // Quiet refreshes and the minute's listing: still the summary, the reader never restored.
    const quiet = running();
    for (const step of [0, 10_000, 61_000]) {
      quiet.state.clock += step;
      await check(quiet);
    }
    equal(quiet.counted.loads(), 0);
    // A reported append: the reader is restored and reads it.
    await append(bulk.files[0]!, "reported", now - 300_000);
    quiet.report(bulk.files[0]!);
    quiet.state.clock += 10_000;
    await check(quiet);
    equal(quiet.counted.loads(), 1);
    await quiet.source.close();

    // A new file the feed missed: found by the minute's listing.
    const listed = running();
    await check(listed);
    await Deno.mkdir(join(dir, "projects", "new-project"));
    await append(join(dir, "projects", "new-project", "new.jsonl"), "unreported", now - 200_000);
    listed.state.clock += 30_000;
    await check(listed).then(() => ok(false, "the new file is not seen yet"), () => {});
    equal(listed.counted.loads(), 0);
    listed.state.clock += 31_000;
    await check(listed);
    equal(listed.counted.loads(), 1);
    await listed.source.close();

    // An append the feed missed: found by the stat of every file every 10 minutes.
    const missed = running();
    await check(missed);
    await append(bulk.files[1]!, "missed", now - 100_000);
    missed.state.clock += 61_000;
    await missed.source.load(since);
    equal(missed.counted.loads(), 0, "the listing is unchanged");
    missed.state.clock += 600_000;
    await check(missed);
    equal(missed.counted.loads(), 1);
    await missed.source.close();
  });
});
