/** Between full scans, the change feed's paths decide what is stat'ed and read (issue 13 item 3). */

import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { createNativeSource } from "../../src/sources/native/native_source.ts";
import { type ChangeFeed, watchForChanges } from "../../src/sources/native/fs_change_feed.ts";
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

class PathFeed implements ChangeFeed {
  paths: string[] | null = [];
  takeChanged() {
    const changed = this.paths === null || this.paths.length > 0;
    this.paths = [];
    return changed;
  }
  takeChangedPaths() {
    const paths = this.paths;
    this.paths = [];
    return paths;
  }
  close() {}
}

function setup(files: number) {
  const fs = new MemoryFileSystem();
  for (let index = 0; index < files; index++) {
    fs.write(`/c/projects/p/f${index}.jsonl`, line(index));
  }
  const feed = new PathFeed();
  const source = createNativeSource({
    fs,
    dirs: ["/c"],
    now: () => T0 + 3_600_000,
    workers: 0,
    watch: () => feed,
  });
  return { fs, feed, source };
}

Deno.test("an append reported by path stats and reads only that transcript", async () => {
  const t = setup(50);
  await t.source.load(0);
  t.fs.resetCounts();
  t.fs.append("/c/projects/p/f7.jsonl", line(100));
  t.feed.paths = ["/c/projects/p/f7.jsonl"];
  const data = await t.source.load(0);
  equal(data.blocks.reduce((sum, block) => sum + block.entries, 0), 51);
  equal(t.fs.counts.readDir, 0);
  equal(t.fs.counts.stat, 1);
  ok(t.fs.counts.readRange >= 1);
});

Deno.test("a path the source does not know yet (a new transcript) makes a full scan", async () => {
  const t = setup(3);
  await t.source.load(0);
  t.fs.resetCounts();
  t.fs.write("/c/projects/q/new.jsonl", line(200));
  t.feed.paths = ["/c/projects/q/new.jsonl"];
  const data = await t.source.load(0);
  equal(data.blocks.reduce((sum, block) => sum + block.entries, 0), 4);
  ok(t.fs.counts.readDir > 0);
});

Deno.test("a feed that cannot tell which paths changed makes a full scan", async () => {
  const t = setup(3);
  await t.source.load(0);
  t.fs.resetCounts();
  t.fs.append("/c/projects/p/f1.jsonl", line(300));
  t.feed.paths = null;
  const data = await t.source.load(0);
  equal(data.blocks.reduce((sum, block) => sum + block.entries, 0), 4);
  equal(t.fs.counts.stat, 3);
});

Deno.test({
  name: "watchForChanges() names the appended transcript",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir();
    const file = join(dir, "p", "a.jsonl");
    await Deno.mkdir(join(dir, "p"));
    await Deno.writeTextFile(file, line(0));
    const feed = watchForChanges([dir]);
    ok(feed?.takeChangedPaths, "watching is possible here");
    try {
      await new Promise((r) => setTimeout(r, 200));
      feed.takeChangedPaths();
      await Deno.writeTextFile(file, line(1), { append: true });
      let seen: string[] | null = [];
      for (let i = 0; i < 40 && seen !== null && seen.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        seen = feed.takeChangedPaths();
      }
      deepStrictEqual(seen, [file]);
      deepStrictEqual(feed.takeChangedPaths(), []);
    } finally {
      feed.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
