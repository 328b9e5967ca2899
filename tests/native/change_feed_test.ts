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

class FakeFeed implements ChangeFeed {
  changed = false;
  closed = false;
  takeChanged() {
    const c = this.changed;
    this.changed = false;
    return c;
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
  t.feed.changed = true;
  t.advance(10_000);
  const data = await t.source.load(0);
  equal(data.blocks[0]!.entries, 2);
  equal(t.feed.changed, false, "the flag was taken");
});

Deno.test("a full scan still runs every minute in case a notification was missed", async () => {
  const t = setup();
  await t.source.load(0);
  t.fs.append("/c/projects/p/a.jsonl", line(1));
  t.advance(30_000);
  equal((await t.source.load(0)).blocks[0]!.entries, 1, "quiet: not scanned yet");
  t.advance(31_000);
  equal((await t.source.load(0)).blocks[0]!.entries, 2, "a minute after the last scan");
  t.source.close();
  equal(t.feed.closed, true);
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
      feed.takeChanged();
      await Deno.writeTextFile(file, line(1), { append: true });
      let seen = false;
      for (let i = 0; i < 40 && !seen; i++) {
        await new Promise((r) => setTimeout(r, 50));
        seen = feed.takeChanged();
      }
      ok(seen, "the append was reported");
      equal(feed.takeChanged(), false);
    } finally {
      feed.close();
    }
    equal(watchForChanges([join(dir, "missing")]), null);
  },
});
