/**
 * The snapshot agrees with the real ccusage@20.0.24 on generated data: sessions used, period
 * cost, window tokens, minutes left and max tokens, through both the ccusage and native paths.
 */

import { equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { generateActive, generateBulk } from "../support/generate_jsonl.ts";
import { runMain } from "../support/run_main.ts";
import { parseBlocksJson } from "../../src/sources/validate_blocks.ts";
import { billingPeriod } from "../../src/core/period.ts";
import type { Block } from "../../src/core/types.ts";
import { ccusageBinary, pathWithCcusage } from "../support/ccusage_binary.ts";

async function ccusageBlocks(configDir: string): Promise<{ blocks: Block[]; now: number }> {
  const cwd = await Deno.makeTempDir({ prefix: "ccusage-cwd-" });
  const now = Date.now();
  const out = await new Deno.Command(await ccusageBinary(), {
    args: ["blocks", "--json", "--offline"],
    cwd,
    env: { CLAUDE_CONFIG_DIR: configDir, TZ: "UTC" },
    stdout: "piped",
    stderr: "piped",
  }).output().catch((error) => {
    throw new Error(`Cannot run ccusage: ${error.message}`);
  });
  if (out.code !== 0) throw new Error(new TextDecoder().decode(out.stderr));
  return { blocks: parseBlocksJson(new TextDecoder().decode(out.stdout)), now };
}

// npm's ccusage is a .cmd shim on Windows, which Deno.Command cannot start by name.
const supported = Deno.build.os !== "windows";

async function prepare() {
  const dir = await Deno.makeTempDir({ prefix: "cm-integration-" });
  const now = Date.now();
  await generateBulk({
    out: dir,
    bytes: 3 * 1024 * 1024,
    days: 45,
    end: now - 6 * 3_600_000,
    seed: 3,
  });
  await generateActive({ out: dir, now, seed: 11 });
  // A start day ten days ago puts several windows in the period and several before it.
  const startDay = new Date(now - 10 * 86_400_000).getUTCDate();
  const reference = await ccusageBlocks(dir);
  const period = billingPeriod(now, startDay, "UTC");
  const inPeriod = reference.blocks.filter((b) =>
    !b.isGap && b.startTime >= period.startMs && b.startTime < period.endMs
  );
  const active = reference.blocks.find((b) => b.isActive);
  const maxTokens = Math.max(
    ...reference.blocks.filter((b) => !b.isGap).map((b) => b.totalTokens),
  );
  return { dir, startDay, reference, inPeriod, active, maxTokens };
}

let prepared: ReturnType<typeof prepare> | null = null;
const fixture = () => (prepared ??= prepare());

for (const source of ["ccusage", "native"]) {
  Deno.test({
    name: `--once --json --source ${source} agrees with ccusage's blocks`,
    ignore: !supported,
    fn: async () => {
      const { dir, startDay, reference, inPeriod, active, maxTokens } = await fixture();
      const r = await runMain(
        ["--once", "--json", "--recalculate", "--source", source, "--start-day", String(startDay)],
        // --source ccusage runs `ccusage` by name (the --allow-run list): put 20.0.24 first on PATH.
        { env: { CLAUDE_CONFIG_DIR: dir, PATH: await pathWithCcusage() } },
      );
      equal(r.code, 0, r.stderr);
      const snap = JSON.parse(r.stdout);
      equal(snap.source.kind, source);
      ok(inPeriod.length >= 3, `only ${inPeriod.length} windows in the period`);
      equal(snap.period.sessionsUsed, inPeriod.length);
      const cost = inPeriod.reduce((sum, b) => sum + b.costUSD, 0);
      ok(
        Math.abs(snap.period.costUSD - cost) <= 1e-6 * Math.max(1, cost),
        `${snap.period.costUSD} vs ${cost}`,
      );
      equal(snap.period.totalTokens, inPeriod.reduce((sum, b) => sum + b.totalTokens, 0));
      equal(snap.period.maxTokens, maxTokens);
      ok(active, "ccusage sees an active window");
      equal(snap.window.id, active.id);
      equal(snap.window.tokens.total, active.totalTokens);
      equal(snap.window.costUSD.toFixed(6), active.costUSD.toFixed(6));
      const expectedMinutes = active.projection!.remainingMinutes;
      const drift = Math.round((Date.parse(snap.generatedAt) - reference.now) / 60_000);
      ok(
        Math.abs(snap.window.minutesLeft - (expectedMinutes - drift)) <= 1,
        `${snap.window.minutesLeft} vs ${expectedMinutes}`,
      );
    },
  });
}

Deno.test({
  name: "a second run keeps the record window from the state even without --recalculate",
  ignore: !supported,
  fn: async () => {
    const { dir, startDay, maxTokens } = await fixture();
    const home = await Deno.makeTempDir();
    const args = ["--once", "--json", "--source", "native", "--start-day", String(startDay)];
    // A copy of the data, so its old logs can be deleted as Claude Code deletes them.
    const copy = join(await Deno.makeTempDir(), "claude");
    const cp = await new Deno.Command("cp", { args: ["-R", dir, copy] }).output();
    equal(cp.code, 0, new TextDecoder().decode(cp.stderr));
    const env = { CLAUDE_CONFIG_DIR: copy };
    const first = await runMain([...args, "--recalculate"], { home, env });
    equal(first.code, 0, first.stderr);
    // Only today's window is left in the same data dir: the record survives in its state.
    await Deno.remove(join(copy, "projects"), { recursive: true });
    await generateActive({ out: copy, now: Date.now(), seed: 11 });
    const second = await runMain(args, { home, env });
    equal(second.code, 0, second.stderr);
    equal(JSON.parse(second.stdout).period.maxTokens, maxTokens);
  },
});
