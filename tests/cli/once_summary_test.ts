/**
 * `--once` answered from the reader summary prints exactly what a run without any cache prints:
 * recent activity (the week, the estimate), every output format, a UTC and a non-UTC zone.
 */

import { deepStrictEqual, equal } from "node:assert/strict";
import { join } from "node:path";
import { runMain } from "../support/run_main.ts";
import { generateBulk } from "../support/generate_jsonl.ts";

/** The output without what differs by construction: the instant of the run. */
function comparable(stdout: string, format: string): unknown {
  if (format !== "json") return stdout;
  const snapshot = JSON.parse(stdout);
  delete snapshot.generatedAt;
  delete snapshot.source.updatedAt;
  return snapshot;
}

Deno.test("--once from the reader summary prints what --no-cache prints", async () => {
  const home = await Deno.makeTempDir({ prefix: "cm-once-summary-" });
  try {
    const data = join(home, "data");
    // Recent usage (ending 6 hours ago: no active window, whose countdowns move between runs).
    await generateBulk({
      out: data,
      bytes: 1024 * 1024,
      days: 12,
      end: Date.now() - 6 * 3_600_000,
      seed: 17,
      meanFileBytes: 64 * 1024,
    });
    const cacheDir = join(home, ".cache", "claude-monitor");
    for (const zone of [[], ["--timezone", "Asia/Kolkata"]]) {
      const base = ["--once", "--source", "native", "--claude-dir", data, ...zone];
      const first = await runMain([...base, "--json"], { home });
      equal(first.code, 0, first.stderr);
      const days: { tokens: number }[] = JSON.parse(first.stdout).week.days;
      equal(days.some((day) => day.tokens > 0), true, "the last 7 days have usage");
      // A garbage cache is only noticed when it is read: the runs below never read it.
      for (const entry of Deno.readDirSync(cacheDir)) {
        if (entry.name.endsWith(".bin")) Deno.writeTextFileSync(join(cacheDir, entry.name), "x");
      }
      for (const format of ["json", "text", "line", "waybar"]) {
        const args = [...base, "--format", format];
        const warm = await runMain(args, { home });
        equal(warm.code, 0, warm.stderr);
        equal(warm.stderr, "", `${format}: answered from the summary, the cache never read`);
        const plain = await runMain([...args, "--no-cache"], { home });
        equal(plain.code, 0, plain.stderr);
        deepStrictEqual(comparable(warm.stdout, format), comparable(plain.stdout, format), format);
      }
      // Rebuild a readable cache for the next zone's first run.
      await runMain([...base, "--json", "--recalculate"], { home });
    }
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
