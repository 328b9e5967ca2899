/** `blocks --json` on a config dir whose projects/ folder is empty prints no blocks, as ccusage does. */

import { deepStrictEqual as assertEquals, equal, ok } from "node:assert/strict";
import { runCcusageBlocks } from "../support/ccusage_blocks.ts";
import { runMain } from "../support/run_main.ts";

Deno.test("blocks --json prints an empty list and exits 0 on a config dir without transcripts", async () => {
  const dir = await Deno.makeTempDir({ prefix: "claude-monitor-empty-" });
  try {
    await Deno.mkdir(`${dir}/projects/p`, { recursive: true });
    await Deno.writeTextFile(`${dir}/projects/p/notes.txt`, "not a transcript\n");
    const expected = await runCcusageBlocks(dir);
    assertEquals(expected.blocks, []);
    const blocks = await runMain(["blocks", "--json", "--source", "native", "--claude-dir", dir]);
    equal(blocks.code, 0, blocks.stderr);
    assertEquals(JSON.parse(blocks.stdout), { blocks: [] });
    // --once still says where it looked.
    const once = await runMain(["--once", "--source", "native", "--claude-dir", dir]);
    ok(once.stderr.includes(dir), once.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("blocks --json still fails on a config dir that does not exist, as ccusage does", async () => {
  const dir = await Deno.makeTempDir({ prefix: "claude-monitor-empty-" });
  try {
    const blocks = await runMain(
      ["blocks", "--json", "--source", "native", "--claude-dir", `${dir}/missing`],
    );
    equal(blocks.code, 1);
    ok(blocks.stderr.includes(`${dir}/missing`), blocks.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
