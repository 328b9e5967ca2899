/**
 * Config file and environment edge cases: a byte order mark, a FIFO (must not hang), keys named
 * like Object internals, numbers JSON cannot hold, and misspelled CLAUDE_MONITOR_* variables.
 */

import { deepStrictEqual, equal, match, ok, rejects } from "node:assert/strict";
import { join } from "node:path";
import { loadConfigFile } from "../../src/store/config_file.ts";
import { resolveSettings } from "../../src/cli/settings.ts";
import { UsageError } from "../../src/cli/usage_error.ts";
import { unknownEnvWarnings } from "../../src/cli/unknown_env.ts";
import { runMain } from "../support/run_main.ts";

async function configWith(text: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "cm-config-" });
  const path = join(dir, "config.json");
  await Deno.writeTextFile(path, text);
  return path;
}

Deno.test("loadConfigFile() accepts a UTF-8 byte order mark", async () => {
  const path = await configWith('\uFEFF{ "startDay": 15 }');
  deepStrictEqual({ ...(await loadConfigFile(path, true)).layer }, { startDay: 15 });
});

Deno.test({
  name: "loadConfigFile() refuses a FIFO at once instead of waiting for a writer",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir();
    const fifo = join(dir, "config.json");
    const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
    equal(made.code, 0);
    const started = Date.now();
    await rejects(loadConfigFile(fifo, true), (e: unknown) => {
      ok(e instanceof UsageError);
      equal(e.message, `Cannot read config file ${fifo}: it is not a regular file`);
      return true;
    });
    ok(Date.now() - started < 2000);
    // The program as a whole: --config on a FIFO exits 2 with the message, without hanging.
    const r = await runMain(["--once", "--demo", "--config", fifo]);
    equal(r.code, 2, r.stderr);
    ok(r.stderr.includes("it is not a regular file"), r.stderr);
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test("loadConfigFile() refuses a folder as the config file", async () => {
  const dir = await Deno.makeTempDir();
  await rejects(loadConfigFile(dir, true), /Cannot read config file .*: it is a folder/);
  await Deno.remove(dir);
});

for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
  Deno.test(`loadConfigFile() reports "${key}" as an unknown key`, async () => {
    const path = await configWith(`{ "${key}": { "startDay": 3 } }`);
    await rejects(loadConfigFile(path, true), (e: unknown) => {
      ok(e instanceof UsageError, String(e));
      match(e.message, new RegExp(`^Unknown key "${key}" in .*config\\.json: allowed keys are`));
      return true;
    });
  });
}

Deno.test("a number JSON cannot hold is quoted as written, not as null", async () => {
  const path = await configWith('{ "refresh": 1e999 }');
  const file = await loadConfigFile(path, true);
  let message = "";
  try {
    resolveSettings({
      flags: {},
      env: {},
      file: file.layer,
      fileName: path,
      systemTimeZone: "UTC",
    });
  } catch (error) {
    message = (error as Error).message;
  }
  equal(message, `Invalid "refresh" 1e999 in ${path}: expected a number from 1 to 3600`);
});

Deno.test("an out-of-range number in the file prints the value given", async () => {
  const path = await configWith('{ "startDay": 32 }');
  const r = await runMain(["--once", "--demo", "--config", path]);
  equal(r.code, 2);
  ok(r.stderr.includes(`Invalid "startDay" 32 in ${path}: expected a whole number from 1 to 31`));
});

Deno.test("unknownEnvWarnings() names the close match of a misspelled variable", () => {
  deepStrictEqual(
    unknownEnvWarnings({
      CLAUDE_MONITOR_STRAT_DAY: "15",
      CLAUDE_MONITOR_TIMEZONE: "UTC",
      CLAUDE_MONITOR_IDLE: "5",
      CLAUDE_MONITOR_XYZZY_PLUGH_FROBNICATE: "1",
      HOME: "/h",
    }),
    [
      "Ignoring unknown environment variable CLAUDE_MONITOR_IDLE: did you mean CLAUDE_MONITOR_IDLE_AFTER?",
      "Ignoring unknown environment variable CLAUDE_MONITOR_STRAT_DAY: did you mean CLAUDE_MONITOR_START_DAY?",
      "Ignoring unknown environment variable CLAUDE_MONITOR_XYZZY_PLUGH_FROBNICATE (see --help for the known ones)",
    ],
  );
});

Deno.test("main.ts warns about a misspelled CLAUDE_MONITOR_* variable and still runs", async () => {
  const r = await runMain(["--once", "--demo"], { env: { CLAUDE_MONITOR_REFRSH: "5" } });
  equal(r.code, 0, r.stderr);
  ok(
    r.stderr.includes(
      "Ignoring unknown environment variable CLAUDE_MONITOR_REFRSH: did you mean CLAUDE_MONITOR_REFRESH?",
    ),
    r.stderr,
  );
});
