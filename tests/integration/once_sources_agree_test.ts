/**
 * Issue 10, done when: `--once --json` from the native and the ccusage source agree on a fresh
 * state, on every folder of `../shared/transcripts` alone and on all of them together (one
 * comma-separated `--claude-dir`, as ccusage takes CLAUDE_CONFIG_DIR), with a pinned time zone.
 */

import { deepStrictEqual, equal } from "node:assert/strict";
import { join } from "node:path";
import { requireSharedDir, sharedTestOptions } from "../support/shared_dir.ts";
import { pathWithCcusage } from "../support/ccusage_binary.ts";
import { runMain } from "../support/run_main.ts";

/** The snapshot without what differs by construction: the run's instant and the source's status. */
async function onceJson(source: string, dirs: string, path: string) {
  // A fresh HOME each time: a fresh state, so the ccusage source reads the whole history.
  const home = await Deno.makeTempDir({ prefix: "cm-agree-" });
  try {
    const r = await runMain(
      ["--once", "--json", "--source", source, "--claude-dir", dirs, "--timezone", "Asia/Kolkata"],
      { home, env: { PATH: path, TZ: "America/Los_Angeles" } },
    );
    equal(r.code, 0, `${source} on ${dirs}: ${r.stderr}`);
    const snapshot = JSON.parse(r.stdout);
    equal(snapshot.source.kind, source);
    equal(snapshot.source.ok, true);
    delete snapshot.generatedAt;
    delete snapshot.source;
    return snapshot;
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test({
  ...sharedTestOptions(
    "--once --json agrees between the native and the ccusage source on real transcripts",
  ),
  // npm's ccusage is a .cmd shim on Windows, which Deno.Command cannot start by name.
  ignore: sharedTestOptions("").ignore || Deno.build.os === "windows",
  async fn() {
    const root = join(requireSharedDir(), "transcripts");
    const folders: string[] = [];
    for await (const entry of Deno.readDir(root)) {
      if (entry.isDirectory) folders.push(join(root, entry.name));
    }
    folders.sort();
    const path = await pathWithCcusage();
    for (const dirs of [...folders, folders.join(",")]) {
      const native = await onceJson("native", dirs, path);
      const ccusage = await onceJson("ccusage", dirs, path);
      deepStrictEqual(native, ccusage, dirs);
    }
    // All together is the largest record: the comma-separated list was read as several folders.
    const together = await onceJson("native", folders.join(","), path);
    const alone = await Promise.all(folders.map((dir) => onceJson("native", dir, path)));
    equal(together.period.maxTokens, Math.max(...alone.map((s) => s.period.maxTokens)));
  },
});
