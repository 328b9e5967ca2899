/**
 * A running monitor (a source with a change feed) collects garbage once at the end of a load that
 * restored or read the whole history or saved the reader cache, never on a quiet refresh, never
 * while it answers from the reader summary, and a one-shot run never does; the numbers are a
 * plain read's.
 */

import { deepStrictEqual as assertEquals, equal } from "node:assert/strict";
import { join } from "node:path";
import type { ChangeFeed } from "../../src/sources/native/fs_change_feed.ts";
import { createDenoFileSystem } from "../../src/sources/native/deno_file_system.ts";
import { createNativeSource } from "../../src/sources/native/native_source.ts";
import { ReaderCacheFile, readerCacheKey } from "../../src/store/reader_cache_file.ts";
import { generateBulk } from "../support/generate_jsonl.ts";
import { withTempDir } from "../support/temp_dir.ts";

const DAY_MS = 86_400_000;

/** A feed that reports only the paths the test names. */
function testFeed(): { feed: ChangeFeed; report: (path: string) => void } {
  let reported = new Set<string>();
  return {
    feed: {
      take: () => {
        const paths = reported;
        reported = new Set();
        return { any: paths.size > 0, paths };
      },
      close: () => {},
    },
    report: (path) => void reported.add(path),
  };
}

Deno.test("a running monitor collects after a whole-history load or a cache save, not when quiet", async () => {
  await withTempDir("claude-monitor-collect-", async (root) => {
    const dir = join(root, "claude");
    const cachePath = join(root, "cache", "reader.bin");
    const now = Date.UTC(2026, 5, 20, 12);
    const bulk = await generateBulk({
      out: dir,
      bytes: 256 * 1024,
      days: 10,
      end: now - 3_600_000,
      seed: 9,
      meanFileBytes: 64 * 1024,
    });
    const since = now - 8 * DAY_MS;
    const plain = await createNativeSource({
      fs: createDenoFileSystem(),
      dirs: [dir],
      now: () => now,
      workers: 0,
    }).load(since);
    const source = (watched: boolean) => {
      let collections = 0;
      const feed = testFeed();
      const made = createNativeSource({
        fs: createDenoFileSystem(),
        dirs: [dir],
        now: () => now,
        workers: 0,
        cache: new ReaderCacheFile({
          path: cachePath,
          key: readerCacheKey("test", "set"),
          warn: () => {},
          rebuild: false,
        }),
        ...(watched ? { watch: () => feed.feed } : {}),
        collectGarbage: () => void collections++,
      });
      return { made, report: feed.report, collections: () => collections };
    };

    // A one-shot run never collects (it exits); it leaves the cache and the summary.
    const once = source(false);
    assertEquals((await once.made.load(since)).blocks, plain.blocks);
    await once.made.close();
    equal(once.collections(), 0);

    // Started from the summary: nothing restored, nothing collected while it answers from it.
    const warm = source(true);
    assertEquals((await warm.made.load(since)).blocks, plain.blocks);
    assertEquals((await warm.made.load(since)).blocks, plain.blocks);
    equal(warm.collections(), 0);
    // A reported change restores the reader: one collection, then none on quiet refreshes.
    warm.report(bulk.files[0]!);
    const after = await warm.made.load(since);
    assertEquals(after.blocks, plain.blocks);
    assertEquals(after.activity, plain.activity);
    equal(warm.collections(), 1);
    await warm.made.load(since);
    equal(warm.collections(), 1);
    await warm.made.close();

    // No cache file: the first load reads and saves the whole history, then collects once.
    await Deno.remove(join(root, "cache"), { recursive: true });
    const cold = source(true);
    const first = await cold.made.load(since);
    assertEquals(first.blocks, plain.blocks);
    assertEquals(first.activity, plain.activity);
    equal(cold.collections(), 1);
    await cold.made.load(since);
    equal(cold.collections(), 1);
    await cold.made.close();
  });
});

Deno.test("a one-shot reader drops its indexes after the merge and still reads appends right", async () => {
  await withTempDir("claude-monitor-collect-", async (root) => {
    const dir = join(root, "claude");
    const now = Date.UTC(2026, 5, 20, 12);
    const bulk = await generateBulk({
      out: dir,
      bytes: 256 * 1024,
      days: 10,
      end: now - 3_600_000,
      seed: 11,
      meanFileBytes: 64 * 1024,
    });
    const plain = () =>
      createNativeSource({ fs: createDenoFileSystem(), dirs: [dir], now: () => now, workers: 0 })
        .load(0);
    let collections = 0;
    const source = createNativeSource({
      fs: createDenoFileSystem(),
      dirs: [dir],
      now: () => now,
      workers: 0,
      oneShot: true,
      collectGarbage: () => void collections++,
    });
    const first = await source.load(0);
    assertEquals(first.blocks, (await plain()).blocks);
    equal(collections, 1);
    // A later load (not what a one-shot run does) rebuilds the indexes: the same numbers.
    const other = bulk.files[1]!;
    await Deno.writeTextFile(bulk.files[0]!, await Deno.readTextFile(other), { append: true });
    const second = await source.load(0);
    assertEquals(second.blocks, (await plain()).blocks);
    equal(collections, 2);
  });
});
