import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { createNativeSource } from "../../src/sources/native/native_source.ts";
import {
  type ChangeFeed,
  type FeedChanges,
  watchForChanges,
} from "../../src/sources/native/fs_change_feed.ts";
import { MemoryFileSystem } from "../support/memory_file_system.ts";
import { assistantLine } from "../support/generate_jsonl.ts";

const usage = {
  input_tokens: 100,
  output_tokens: 10,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};
const T0 = Date.parse("2026-11-25T08:10:00Z");
const line = (i: number) =>
  assistantLine({ time: T0 + i * 60_000, usage, messageId: `msg_${i}`, requestId: `req_${i}` }) +
  "\n";

class FakeFeed implements ChangeFeed {
  /** Paths reported since the last take; null: the feed cannot tell which. */
  paths: Set<string> | null = new Set();
  closed = false;
  /** Reports a change; without a path, one the feed cannot name. */
  report(path?: string) {
    if (path === undefined) this.paths = null;
    else this.paths?.add(path);
  }
  get changed() {
    return this.paths === null || this.paths.size > 0;
  }
  take(): FeedChanges {
    const paths = this.paths;
    this.paths = new Set();
    return paths === null ? { any: true, paths: null } : { any: paths.size > 0, paths };
  }
  close() {
    this.closed = true;
  }
}

function setup() {
  const fs = new MemoryFileSystem();
  fs.write("/c/projects/p/a.jsonl", line(0));
  let now = T0 + 3_600_000;
  const feed = new FakeFeed();
  const watched: string[][] = [];
  const source = createNativeSource({
    fs,
    dirs: ["/c"],
    now: () => now,
    workers: 0,
    watch: (dirs) => {
      watched.push([...dirs]);
      return feed;
    },
  });
  return { fs, feed, source, watched, advance: (ms: number) => (now += ms) };
}

Deno.test("with a change feed, a quiet refresh touches no file at all", async () => {
  const t = setup();
  const first = await t.source.load(0);
  deepStrictEqual(t.watched, [["/c/projects"]]);
  t.fs.resetCounts();
  t.advance(10_000);
  const second = await t.source.load(0);
  deepStrictEqual(t.fs.counts, { readDir: 0, stat: 0, readRange: 0, bytesRead: 0 });
  deepStrictEqual(second.blocks, first.blocks);
});

Deno.test("a reported change makes the next refresh scan and read the new lines", async () => {
  const t = setup();
  await t.source.load(0);
  t.fs.append("/c/projects/p/a.jsonl", line(1));
  t.feed.report("/c/projects/p/a.jsonl");
  t.advance(10_000);
  const data = await t.source.load(0);
  equal(data.blocks[0]!.entries, 2);
  equal(t.feed.changed, false, "the changes were taken");
});

Deno.test("once every file was stat-ed under the feed, a scan stats only what the feed names", async () => {
  const t = setup();
  t.fs.write("/c/projects/p/b.jsonl", line(2));
  t.fs.write("/c/projects/q/c.jsonl", line(3));
  await t.source.load(0);
  // The first scan with the feed running stats everything: changes before it started are seen.
  t.advance(61_000);
  await t.source.load(0);
  t.fs.resetCounts();
  t.fs.append("/c/projects/p/b.jsonl", line(4));
  t.feed.report("/c/projects/p/b.jsonl");
  t.advance(10_000);
  equal((await t.source.load(0)).blocks.reduce((n, b) => n + b.entries, 0), 4);
  equal(t.fs.counts.stat, 1, "only the named file is stat-ed");
  // The per-minute scan lists directories (a missed new file) but stats only new files.
  t.fs.resetCounts();
  t.fs.write("/c/projects/q/d.jsonl", line(5));
  t.advance(61_000);
  equal((await t.source.load(0)).blocks.reduce((n, b) => n + b.entries, 0), 5);
  equal(t.fs.counts.stat, 1, "the new file only");
  ok(t.fs.counts.readDir > 0);
  // A change the feed cannot name makes the next scan stat every file.
  t.fs.resetCounts();
  t.feed.report();
  t.advance(10_000);
  await t.source.load(0);
  equal(t.fs.counts.stat, 4);
});

Deno.test("a change the feed missed is found by the stat of every file every 10 minutes", async () => {
  const t = setup();
  await t.source.load(0);
  t.advance(61_000);
  await t.source.load(0);
  t.fs.append("/c/projects/p/a.jsonl", line(1));
  t.advance(61_000);
  equal((await t.source.load(0)).blocks[0]!.entries, 1, "trusted: not stat-ed");
  t.advance(600_000);
  equal((await t.source.load(0)).blocks[0]!.entries, 2, "the periodic stat of everything");
});

Deno.test("a named path the scan does not know under that spelling makes it stat everything", async () => {
  const t = setup();
  await t.source.load(0);
  t.advance(61_000);
  await t.source.load(0);
  t.fs.append("/c/projects/p/a.jsonl", line(1));
  // A symlinked data dir: the feed spells the same file differently.
  t.feed.report("/real/c/projects/p/a.jsonl");
  t.advance(10_000);
  equal((await t.source.load(0)).blocks[0]!.entries, 2);
});

Deno.test("a scan every minute finds a new file the feed missed", async () => {
  const t = setup();
  await t.source.load(0);
  t.fs.write("/c/projects/q/b.jsonl", line(1));
  t.advance(30_000);
  equal((await t.source.load(0)).blocks[0]!.entries, 1, "quiet: not scanned yet");
  t.advance(31_000);
  equal((await t.source.load(0)).blocks[0]!.entries, 2, "a minute after the last scan");
  await t.source.close();
  equal(t.feed.closed, true);
});

Deno.test("the feed starts before the first stat of every file, so it is trusted from then on", async () => {
  const fs = new MemoryFileSystem();
  fs.write("/c/projects/p/a.jsonl", line(0));
  fs.write("/c/projects/p/b.jsonl", line(1));
  let now = T0 + 3_600_000;
  const feed = new FakeFeed();
  const order: string[] = [];
  const counting = {
    readDir: (path: string) => fs.readDir(path),
    stat: (path: string) => {
      order.push("stat");
      return fs.stat(path);
    },
    readRange: (path: string, offset: number, length: number) => fs.readRange(path, offset, length),
  };
  const source = createNativeSource({
    fs: counting,
    dirs: ["/c"],
    now: () => now,
    workers: 0,
    watch: () => {
      order.push("watch");
      return feed;
    },
  });
  await source.load(0);
  deepStrictEqual(order, ["watch", "stat", "stat"]);
  // The first minute's scan lists the folders but stats no known file again.
  fs.resetCounts();
  now += 61_000;
  await source.load(0);
  equal(fs.counts.stat, 0);
  ok(fs.counts.readDir > 0);
  await source.close();
});

Deno.test({
  name: "watchForChanges() reports an appended transcript once",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir();
    const file = join(dir, "p", "a.jsonl");
    await Deno.mkdir(join(dir, "p"));
    await Deno.writeTextFile(file, line(0));
    const feed = watchForChanges([dir]);
    ok(feed, "watching is possible here");
    try {
      await new Promise((r) => setTimeout(r, 200));
      feed.take();
      await Deno.writeTextFile(file, line(1), { append: true });
      let seen: FeedChanges = { any: false, paths: new Set() };
      for (let i = 0; i < 40 && !seen.any; i++) {
        await new Promise((r) => setTimeout(r, 50));
        seen = feed.take();
      }
      ok(seen.any, "the append was reported");
      ok(seen.paths === null || seen.paths.has(file), `named: ${[...(seen.paths ?? [])]}`);
      equal(feed.take().any, false);
    } finally {
      feed.close();
    }
    equal(watchForChanges([join(dir, "missing")]), null);
  },
});
