import { deepStrictEqual, equal, match, ok, rejects } from "node:assert/strict";
import { join } from "node:path";
import { ccusageArgs, createCcusageSource } from "../../src/sources/ccusage_source.ts";
import { DenoCommandRunner } from "../../src/sources/command_runner.ts";
import { SourceError } from "../../src/sources/source_error.ts";

const posix = Deno.build.os !== "windows";
const sample = await Deno.readTextFile(
  new URL("../fixtures/ccusage-blocks-20.0.24.json", import.meta.url),
).catch(() => null);

async function standIn(body: string): Promise<{ dir: string; command: string }> {
  const dir = await Deno.makeTempDir({ prefix: "ccusage-standin-" });
  const command = join(dir, "ccusage");
  await Deno.writeTextFile(command, `#!/bin/sh\n${body}\n`);
  await Deno.chmod(command, 0o755);
  return { dir, command };
}

function source(command: string, cwd: string, timeoutMs = 5000) {
  return createCcusageSource({ runner: new DenoCommandRunner(), command, timeoutMs, cwd });
}

async function expectError(promise: Promise<unknown>, code: string, pattern: RegExp) {
  await rejects(promise, (error: unknown) => {
    ok(error instanceof SourceError, `expected SourceError, got ${error}`);
    equal(error.code, code);
    match(error.message, pattern);
    ok(!error.message.includes("\n"), "message is one line");
    return true;
  });
}

Deno.test("ccusageArgs() asks for JSON offline since the UTC day before the period start", () => {
  deepStrictEqual(ccusageArgs(Date.parse("2026-11-15T00:00:00Z")), [
    "blocks",
    "--json",
    "--offline",
    "--since",
    "20261114",
  ]);
  deepStrictEqual(ccusageArgs(null), ["blocks", "--json", "--offline"]);
});

Deno.test({
  name: "ccusage source passes explicit argv and runs in the neutral directory",
  ignore: !posix,
  async fn() {
    const { dir, command } = await standIn(
      `d="$(dirname "$0")"; printf '%s\\n' "$@" > "$d/argv"; pwd > "$d/cwd"; echo '{"blocks":[]}'`,
    );
    const cwd = await Deno.makeTempDir();
    const data = await source(command, cwd).load(Date.parse("2026-11-15T00:00:00Z"));
    deepStrictEqual(data.blocks, []);
    deepStrictEqual((await Deno.readTextFile(join(dir, "argv"))).trim().split("\n"), [
      "blocks",
      "--json",
      "--offline",
      "--since",
      "20261114",
    ]);
    equal((await Deno.readTextFile(join(dir, "cwd"))).trim(), await Deno.realPath(cwd));
  },
});

Deno.test({
  name: "ccusage source parses real ccusage output into typed blocks",
  ignore: !posix || sample === null,
  async fn() {
    const { dir, command } = await standIn(`cat "$(dirname "$0")/out.json"`);
    await Deno.writeTextFile(join(dir, "out.json"), sample!);
    const { blocks } = await source(command, dir).load(0);
    equal(blocks.length, 3);
    const active = blocks.find((b) => b.isActive)!;
    equal(active.totalTokens, 365000);
    equal(active.burnRate?.costPerHour, 0.9244444444444445);
    equal(active.projection?.remainingMinutes, 162);
    equal(blocks[1]!.isGap, true);
    equal(blocks[1]!.actualEndTime, null);
  },
});

Deno.test("ccusage source reports a missing executable", async () => {
  await expectError(
    source("/nonexistent/ccusage-missing", Deno.cwd()).load(0),
    "missing",
    /Cannot run "\/nonexistent\/ccusage-missing": not found/,
  );
});

Deno.test({
  name: "ccusage source reports a non-zero exit with its stderr",
  ignore: !posix,
  async fn() {
    const { dir, command } = await standIn(`echo "Error: no valid data dir" >&2; exit 1`);
    await expectError(
      source(command, dir).load(0),
      "exit",
      /exited with code 1: Error: no valid data dir/,
    );
  },
});

Deno.test({
  name: "ccusage source reports garbage output",
  ignore: !posix,
  async fn() {
    const { dir, command } = await standIn(`echo "Loading usage data..."; echo "[1,2"`);
    await expectError(source(command, dir).load(0), "invalid", /not JSON \(starts with "Loading/);
  },
});

Deno.test({
  name: "ccusage source rejects valid JSON of the wrong shape",
  ignore: !posix,
  async fn() {
    const { dir, command } = await standIn(
      `echo '{"blocks":[{"id":"x","startTime":"2026-11-25T08:00:00.000Z","endTime":"2026-11-25T13:00:00.000Z","actualEndTime":null,"isActive":false,"isGap":false,"entries":1,"tokenCounts":{"inputTokens":1,"outputTokens":1,"cacheCreationInputTokens":0,"cacheReadInputTokens":0},"totalTokens":2,"costUSD":"1.5","models":[],"burnRate":null,"projection":null}]}'`,
    );
    await expectError(
      source(command, dir).load(0),
      "invalid",
      /blocks\[0\]: "costUSD" is not a number/,
    );
    const other = await standIn(`echo '{"sessions":[]}'`);
    await expectError(source(other.command, other.dir).load(0), "invalid", /"blocks" list/);
  },
});

Deno.test({
  name: "ccusage source kills a process that never exits at the timeout",
  ignore: !posix,
  async fn() {
    // The stand-in starts a grandchild that holds the pipe open, like ccusage's Node launcher.
    const { dir, command } = await standIn(`sleep 30 & sleep 30; echo '{"blocks":[]}'`);
    const started = performance.now();
    await expectError(source(command, dir, 300).load(0), "timeout", /did not finish within 300 ms/);
    const elapsed = performance.now() - started;
    ok(elapsed < 3000, `finished in ${elapsed.toFixed(0)} ms`);
  },
});
