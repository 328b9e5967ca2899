/** The reader cache as a user meets it: where it is, --no-cache, --recalculate, one warning. */

import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { runMain } from "../support/run_main.ts";
import { writeEdgeCases } from "../support/native_edge_cases.ts";

function cacheFiles(home: string): string[] {
  const dir = join(home, ".cache", "claude-monitor");
  try {
    return [...Deno.readDirSync(dir)].map((entry) => join(dir, entry.name));
  } catch {
    return [];
  }
}

Deno.test("--once writes the reader cache, config reports it, --no-cache and --recalculate", async () => {
  const home = await Deno.makeTempDir({ prefix: "cm-cache-home-" });
  try {
    const data = join(home, "data");
    await writeEdgeCases(data);
    const args = ["--once", "--json", "--source", "native", "--claude-dir", data];
    const blocks = ["blocks", "--json", "--source", "native", "--claude-dir", data];

    const bypassed = await runMain(["--no-cache", ...blocks], { home });
    equal(bypassed.code, 0, bypassed.stderr);
    deepStrictEqual(cacheFiles(home), [], "--no-cache writes nothing");

    const first = await runMain(args, { home });
    equal(first.code, 0, first.stderr);
    const files = cacheFiles(home).sort();
    equal(files.length, 2, "a cache file and its summary per data set");
    const [cache, summary] = files as [string, string];
    ok(cache.endsWith(".bin") && summary === cache.replace(/\.bin$/, ".summary"), files.join());
    const size = Deno.statSync(cache).size;
    const summarySize = Deno.statSync(summary).size;

    const report = await runMain(["config", "--claude-dir", data], { home });
    equal(report.code, 0, report.stderr);
    match(report.stdout, new RegExp(`Reader cache +${cache.replaceAll(".", "\\.")} \\(\\d`));

    // Warm, bypassed and rebuilt runs all give the blocks of a run without any cache.
    const warm = await runMain(blocks, { home });
    equal(warm.stdout, bypassed.stdout);
    equal(warm.stderr, "");

    // A corrupt summary: one warning, the same blocks from the cache, the summary rebuilt.
    Deno.writeFileSync(summary, new TextEncoder().encode("garbage"));
    const badSummary = await runMain(blocks, { home });
    equal(badSummary.code, 0, badSummary.stderr);
    equal(badSummary.stdout, bypassed.stdout);
    const summaryWarnings = badSummary.stderr.trim().split("\n");
    equal(summaryWarnings.length, 1, badSummary.stderr);
    match(
      summaryWarnings[0]!,
      /^claude-session-monitor: Discarded the reader cache summary ".*" \(not a reader summary\)/,
    );
    ok(Deno.statSync(summary).size >= summarySize, "summary rebuilt");

    // A corrupt cache (read once the summary is gone): one warning, the same blocks, rebuilt.
    Deno.removeSync(summary);
    Deno.writeFileSync(cache, new TextEncoder().encode("garbage"));
    const corrupt = await runMain(blocks, { home });
    equal(corrupt.code, 0, corrupt.stderr);
    equal(corrupt.stdout, bypassed.stdout);
    const warnings = corrupt.stderr.trim().split("\n");
    equal(warnings.length, 1, corrupt.stderr);
    match(
      warnings[0]!,
      /^claude-session-monitor: Discarded the reader cache ".*" \(not a reader cache\)/,
    );
    equal(Deno.statSync(cache).size, size, "rebuilt");

    const mtime = Deno.statSync(cache).mtime!.getTime();
    const summaryMtime = Deno.statSync(summary).mtime!.getTime();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const recalculated = await runMain([...args, "--recalculate"], { home });
    equal(recalculated.code, 0, recalculated.stderr);
    ok(Deno.statSync(cache).mtime!.getTime() > mtime, "--recalculate rewrites the cache");
    ok(Deno.statSync(summary).mtime!.getTime() > summaryMtime, "and the summary");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
