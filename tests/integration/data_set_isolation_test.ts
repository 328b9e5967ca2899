/**
 * One state per set of data directories (issue 10 item 2): two accounts with the same state
 * directory keep separate totals and records, a --claude-dir that does not exist shows nothing of
 * the previous one, and the seed's config is imported into the default directories' state only.
 */

import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { assistantLine, writeTranscript } from "../support/generate_jsonl.ts";
import { runMain } from "../support/run_main.ts";

const HOUR = 3_600_000;

/** Writes one window per entry of `tokens`, 6 h apart, ending yesterday. */
async function account(dir: string, tokens: number[]): Promise<void> {
  const day = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const lines = tokens.map((input, index) =>
    assistantLine({
      time: day - 2 * HOUR - (tokens.length - 1 - index) * 6 * HOUR,
      usage: { input_tokens: input, output_tokens: 0 },
      messageId: `m${index}`,
      requestId: `r${index}`,
    })
  );
  await writeTranscript(dir, "p/s.jsonl", lines);
}

async function period(home: string, args: string[]) {
  const r = await runMain(["--once", "--json", "--source", "native", ...args], { home });
  return { code: r.code, stderr: r.stderr, period: JSON.parse(r.stdout).period };
}

Deno.test("two data dirs keep separate totals and records in one state directory", async () => {
  const base = await Deno.makeTempDir({ prefix: "cm-sets-" });
  const home = join(base, "home");
  const a = join(base, "a");
  const b = join(base, "b");
  await account(a, [7000, 9000, 8000]);
  await account(b, [1000]);

  const first = await period(home, ["--claude-dir", a]);
  equal(first.code, 0, first.stderr);
  equal(first.period.maxTokens, 9000);

  const other = await period(home, ["--claude-dir", b]);
  equal(other.code, 0, other.stderr);
  equal(other.period.maxTokens, 1000);
  ok(other.period.sessionsUsed <= 1, `B shows ${other.period.sessionsUsed} windows`);
  equal(other.period.totalTokens, other.period.sessionsUsed === 1 ? 1000 : 0);

  // A folder that does not exist shows nothing of the previous account.
  const missing = await period(home, ["--claude-dir", join(base, "nowhere")]);
  equal(missing.code, 1);
  equal(missing.period.maxTokens, 0);
  equal(missing.period.sessionsUsed, 0);
  equal(missing.period.costUSD, 0);

  // A again: its record is still its own.
  const again = await period(home, ["--claude-dir", a]);
  deepStrictEqual(again.period, first.period);

  const index = JSON.parse(
    await Deno.readTextFile(
      join(home, ".local", "state", "claude-monitor", "states", "index.json"),
    ),
  );
  const listed = Object.values(index.states as Record<string, { dirs: string[] }>)
    .map((entry) => entry.dirs.join(","))
    .sort();
  deepStrictEqual(listed, [await Deno.realPath(a), await Deno.realPath(b)].sort());

  // The reader cache is kept per data set too (one file and its summary each, named after the
  // set's folder), so A's warm run above read A's cache, not B's.
  const caches: string[] = [];
  for await (const entry of Deno.readDir(join(home, ".cache", "claude-monitor"))) {
    caches.push(entry.name.replace(/-[0-9a-f]{16}\.(bin|summary)$/, ".$1"));
  }
  deepStrictEqual(caches.sort(), [
    "reader-a.bin",
    "reader-a.summary",
    "reader-b.bin",
    "reader-b.summary",
  ]);
});

Deno.test("the seed's config is imported into the default directories' state only", async () => {
  const base = await Deno.makeTempDir({ prefix: "cm-seed-sets-" });
  const home = join(base, "home");
  await Deno.mkdir(join(home, ".config", "claude-monitor"), { recursive: true });
  await Deno.writeTextFile(
    join(home, ".config", "claude-monitor", "config.json"),
    JSON.stringify({ max_tokens: 5_000_000, monthly_meta: {} }),
  );
  const other = join(base, "other");
  await account(other, [1000]);
  await account(join(home, ".claude"), [2000]);

  const elsewhere = await period(home, ["--claude-dir", other]);
  equal(elsewhere.code, 0, elsewhere.stderr);
  equal(elsewhere.period.maxTokens, 1000);

  const defaults = await period(home, []);
  equal(defaults.code, 0, defaults.stderr);
  equal(defaults.period.maxTokens, 5_000_000);

  // Naming the default folders explicitly is the same set of data, so the same state.
  const explicit = await period(home, [
    "--claude-dir",
    join(home, ".config", "claude"),
    "--claude-dir",
    join(home, ".claude"),
  ]);
  equal(explicit.period.maxTokens, 5_000_000);
});
