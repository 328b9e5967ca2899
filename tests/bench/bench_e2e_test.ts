/**
 * A tiny end-to-end run of the benchmark on 2 MiB: ccusage 20.0.24 is fetched when missing;
 * without tmux the dashboard rows are skipped with a named reason (mandatory under CI).
 */

import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { BenchResult } from "../../scripts/bench.ts";
import { pathWithCcusage } from "../support/ccusage_binary.ts";
import { onPath, toolsRequired } from "../support/tool_test_options.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function totalSize(dir: string): Promise<number> {
  let total = 0;
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    total += entry.isDirectory ? await totalSize(path) : (await Deno.stat(path)).size;
  }
  return total;
}

// The dashboard rows need tmux: without it (outside CI) the test name says they were skipped.
const TUI = onPath("tmux") || toolsRequired();

Deno.test({
  name: "bench runs every step on 2 MiB, agrees with ccusage and writes a full table" +
    (TUI ? "" : ' [dashboard rows skipped: "tmux" not on PATH; install the Debian package tmux]'),
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const path = await pathWithCcusage();
    const tui = TUI;
    const dir = await Deno.makeTempDir({ prefix: "cm-bench-test-" });
    try {
      const json = `${dir}/result.json`;
      const args = ["run", "-A", `${ROOT}scripts/bench.ts`, "--sizes", "2M", "--reps", "1"];
      // Tiny cliff cases: every step runs, none takes long.
      args.push("--files", "50", "--line-size", "64K", "--nulls", "500");
      args.push("--data-root", `${dir}/data`, "--json", json);
      args.push(...(tui ? ["--tui-seconds", "1"] : ["--skip-tui"]));
      const out = await new Deno.Command(Deno.execPath(), {
        args,
        env: { PATH: path },
        stdout: "piped",
        stderr: "piped",
      })
        .output();
      const decoder = new TextDecoder();
      const stdout = decoder.decode(out.stdout);
      assertEquals(out.code, 0, decoder.decode(out.stderr));
      assert(stdout.includes("| Measure"), stdout);
      assert(/\d+ of \d+ targets met/.test(stdout), stdout);
      const result = JSON.parse(await Deno.readTextFile(json)) as BenchResult;
      const measures = result.rows.map((row) => row.measure);
      assertEquals(measures.slice(0, 5), [
        "Cold full read, wall (process; first run, writes the reader cache)",
        "Cold full read, first load() in-process",
        "Peak RSS, cold full read (process)",
        "Refresh in a running monitor, no new data",
        measures[4]!,
      ]);
      assert(measures[4]!.startsWith("Refresh in a running monitor after appending "), measures[4]);
      assertEquals(measures[5], "`--once --json`, warm cache, no new data (process)");
      assert(measures[6]!.startsWith("`--once --json`, warm cache, "), measures[6]);
      assert(measures.some((m) => m.startsWith("Cold read, 50 files")), measures.join("\n"));
      assert(measures.some((m) => m.startsWith("Cold read, one 64K line")), measures.join("\n"));
      assert(measures.some((m) => m.includes(":null line")), measures.join("\n"));
      // With tmux: 7 dashboard rows, and 4 of a dashboard left running over the many files.
      assertEquals(result.rows.length, tui ? 26 : 15);
      if (tui) {
        const running = measures.filter((m) => m.startsWith("Running monitor RSS, 50 files"));
        assertEquals(running.length, 2, measures.join("\n"));
        const frame = result.rows.find((r) => r.measure.startsWith("Start to first frame, warm"));
        const data = result.rows.find((r) =>
          r.measure.startsWith("Start to first frame with data, warm reader cache")
        );
        assert(frame && data && data.value >= frame.value, "data arrives after the first frame");
      }
      for (const row of result.rows) {
        assert(Number.isFinite(row.value) && row.value >= 0, `${row.measure}: ${row.value}`);
      }
      assert(result.rows[0]!.ccusage! > 0);
      // The appended lines were taken away again: the files add up to what was generated.
      const data = result.data[0]!;
      assert(data.bytes > 1.5 * 1024 * 1024 && data.bytes < 3 * 1024 * 1024, String(data.bytes));
      assertEquals(await totalSize(data.dir), data.bytes);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
