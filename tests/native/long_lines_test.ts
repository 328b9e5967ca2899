/** Long lines cost linear time (issue 13 item 3): one line of N bytes, a line of many `:null`. */

import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { blockToJson } from "../../src/core/blocks_output.ts";
import { createDenoFileSystem } from "../../src/sources/native/deno_file_system.ts";
import { hasRejectedNull } from "../../src/sources/native/line_checks.ts";
import { createNativeSource } from "../../src/sources/native/native_source.ts";
import { blockDifferences, runCcusageBlocks } from "../support/ccusage_blocks.ts";
import { probeLine } from "../support/probe_fixture.ts";

const MiB = 1024 * 1024;

async function timedNative(dir: string, now: number, chunkSize: number) {
  const source = createNativeSource({
    fs: createDenoFileSystem(),
    dirs: [dir],
    now: () => now,
    workers: 0,
    chunkSize,
  });
  const started = performance.now();
  const data = await source.load(0);
  return { blocks: data.blocks.map(blockToJson), ms: performance.now() - started };
}

Deno.test("an 8 MiB line read in 2 KiB chunks takes linear time and equals ccusage", async () => {
  const dir = await Deno.makeTempDir({ prefix: "claude-monitor-long-" });
  try {
    await Deno.mkdir(`${dir}/projects/p`, { recursive: true });
    const big = probeLine({
      messageId: "m1",
      requestId: "r1",
      sessionId: "s1",
      extra: { toolUseResult: "x".repeat(8 * MiB) },
    });
    const noUsage = `{"type":"user","message":{"content":"${"y".repeat(8 * MiB)}"}}`;
    await Deno.writeTextFile(
      `${dir}/projects/p/a.jsonl`,
      `${probeLine({ messageId: "m0", requestId: "r0", sessionId: "s1" })}\n${big}\n${noUsage}`,
    );
    const expected = await runCcusageBlocks(dir);
    // Joining the carried line at every 2 KiB chunk took about 30 s here (4,096 copies of MiBs).
    const { blocks, ms } = await timedNative(dir, expected.now, 2048);
    assertEquals(blockDifferences(blocks, expected.blocks), []);
    assertEquals(blocks[0]!.entries, 2);
    ok(ms < 10_000, `took ${ms} ms`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hasRejectedNull() takes linear time on a string of 200,000 :null", () => {
  const line = `{"a":"${":null".repeat(200_000)}","cwd":null}`;
  const started = performance.now();
  assertEquals(hasRejectedNull(line), true);
  // Searching backwards from each match took 39 s on such a line.
  const ms = performance.now() - started;
  ok(ms < 1_000, `took ${ms} ms`);
});
