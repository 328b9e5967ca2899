/** Native blocks equal ccusage 20.0.24's on the same generated data (needs ccusage on PATH). */

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { Block } from "../../src/core/types.ts";
import { blockToJson } from "../../src/core/blocks_output.ts";
import { createDenoFileSystem } from "../../src/sources/native/deno_file_system.ts";
import { createNativeSource } from "../../src/sources/native/native_source.ts";
import { blockDifferences, runCcusageBlocks } from "../support/ccusage_blocks.ts";
import { generateActive, generateBulk } from "../support/generate_jsonl.ts";
import { writeEdgeCases } from "../support/native_edge_cases.ts";
import { withTempDir } from "../support/temp_dir.ts";

const TEMP_PREFIX = "claude-monitor-native-";

async function nativeBlocks(dir: string, now: number, workers?: number): Promise<Block[]> {
  const source = createNativeSource({
    fs: createDenoFileSystem(),
    dirs: [dir],
    now: () => now,
    ...(workers === undefined ? {} : { workers }),
  });
  return (await source.load(0)).blocks;
}

Deno.test("native blocks equal ccusage on the edge-case set", async () => {
  await withTempDir(TEMP_PREFIX, async (dir) => {
    await writeEdgeCases(dir);
    const expected = await runCcusageBlocks(dir);
    const actual = await nativeBlocks(dir, expected.now);
    assertEquals(blockDifferences(actual.map(blockToJson), expected.blocks), []);
    // The set is only useful if it produced the blocks it is meant to probe.
    assertEquals(expected.blocks.some((block) => block.usageLimitResetTime !== undefined), true);
    assertEquals(expected.blocks.some((block) => block.isGap), true);
    assertEquals(expected.blocks.length > 50, true);
  });
});

Deno.test("native blocks equal ccusage on 100 MiB of bulk data over 60 days", async () => {
  await withTempDir(TEMP_PREFIX, async (dir) => {
    const summary = await generateBulk({
      out: dir,
      bytes: 100 * 1024 * 1024,
      days: 60,
      end: Date.UTC(2026, 5, 1),
      seed: 42,
    });
    assertEquals(summary.files.length > 100, true);
    const expected = await runCcusageBlocks(dir);
    // Large reads are parsed in workers by default; the main-thread-only path must agree too.
    const actual = await nativeBlocks(dir, expected.now);
    assertEquals(blockDifferences(actual.map(blockToJson), expected.blocks), []);
    const singleThread = await nativeBlocks(dir, expected.now, 0);
    assertEquals(blockDifferences(singleThread.map(blockToJson), expected.blocks), []);
    assertEquals(expected.blocks.filter((block) => !block.isGap).length > 100, true);
  });
});

Deno.test("native blocks equal ccusage on data relative to now with an active window", async () => {
  await withTempDir(TEMP_PREFIX, async (dir) => {
    await generateActive({ out: dir, now: Date.now() - 60_000 });
    const expected = await runCcusageBlocks(dir);
    const actual = await nativeBlocks(dir, expected.now);
    assertEquals(blockDifferences(actual.map(blockToJson), expected.blocks), []);
    const active = actual.filter((block) => block.isActive);
    assertEquals(active.length, 1);
    assertEquals(active[0]?.burnRate !== null && active[0]?.projection !== null, true);
  });
});
