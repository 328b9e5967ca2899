import { deepStrictEqual, equal, notEqual, ok } from "node:assert/strict";
import { createNativeSource } from "../../src/sources/native/native_source.ts";
import type { ChangeFeed } from "../../src/sources/native/fs_change_feed.ts";
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

function setup() {
  const fs = new MemoryFileSystem();
  fs.write("/c/projects/p/a.jsonl", line(0) + line(5));
  let now = T0 + 3_600_000;
  const quiet: ChangeFeed = { take: () => ({ any: false, paths: new Set() }), close() {} };
  const source = createNativeSource({
    fs,
    dirs: ["/c"],
    now: () => now,
    workers: 0,
    watch: () => quiet,
  });
  const fresh = () => createNativeSource({ fs, dirs: ["/c"], now: () => now, workers: 0 }).load(0);
  return { source, fresh, advance: (ms: number) => (now += ms) };
}

Deno.test("quiet refreshes finish an active window again: its burn rate follows the clock", async () => {
  const t = setup();
  const first = await t.source.load(0);
  ok(first.blocks[0]!.isActive);
  t.advance(10_000);
  const second = await t.source.load(0);
  notEqual(second.blocks, first.blocks, "an active window is recomputed");
  deepStrictEqual(second.blocks, (await t.fresh()).blocks);
});

Deno.test("quiet refreshes with no active window reuse the blocks, equal to a fresh read", async () => {
  const t = setup();
  await t.source.load(0);
  // The window ends: the load that sees it inactive finishes the blocks once more.
  t.advance(5 * 3_600_000);
  const ended = await t.source.load(0);
  equal(ended.blocks[0]!.isActive, false);
  t.advance(10_000);
  const later = await t.source.load(0);
  equal(later.blocks, ended.blocks, "the same array: nothing to recompute");
  deepStrictEqual(later.blocks, (await t.fresh()).blocks);
});
