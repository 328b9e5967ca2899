/** The native reader equals ccusage 20.0.24 on the real transcripts of ../shared (issue 10). */

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { blockDifferences, runCcusageBlocks } from "../support/ccusage_blocks.ts";
import { nativeBlocksOf } from "../support/probe_fixture.ts";
import { requireSharedDir, sharedTestOptions } from "../support/shared_dir.ts";

function transcriptDirs(): string[] {
  const root = `${requireSharedDir()}/transcripts`;
  const dirs: string[] = [];
  for (const entry of Deno.readDirSync(root)) {
    if (entry.isDirectory) dirs.push(`${root}/${entry.name}`);
  }
  return dirs.sort();
}

Deno.test(
  sharedTestOptions(
    "native blocks equal ccusage on each real transcript folder alone and all together",
  ),
  async (t) => {
    const dirs = transcriptDirs();
    assertEquals(dirs.length >= 4, true);
    for (const dir of [...dirs.map((one) => [one]), dirs]) {
      const name = dir.length === 1 ? dir[0]!.slice(dir[0]!.lastIndexOf("/") + 1) : "all";
      await t.step(name, async () => {
        const expected = await runCcusageBlocks(dir.join(","));
        assertEquals(expected.blocks.some((block) => !block.isGap), true);
        for (const workers of [0, 2]) {
          const actual = await nativeBlocksOf(dir, expected.now, workers);
          assertEquals(blockDifferences(actual, expected.blocks), []);
        }
      });
    }
  },
);
