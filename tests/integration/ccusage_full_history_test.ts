/**
 * The ccusage source sees the whole history when it must (issue 10 item 3): on a first run and
 * with --recalculate ccusage runs without --since, so its record window is the native reader's;
 * later runs keep --since.
 */

import { deepStrictEqual, equal } from "node:assert/strict";
import { join } from "node:path";
import { runMain } from "../support/run_main.ts";

const posix = Deno.build.os !== "windows";

Deno.test({
  name: "a first run and --recalculate run ccusage without --since, other runs with it",
  ignore: !posix,
  async fn() {
    const base = await Deno.makeTempDir({ prefix: "cm-since-" });
    const bin = join(base, "bin");
    await Deno.mkdir(bin);
    const log = join(base, "argv.log");
    // Records each call's arguments on one line, then prints an empty history.
    await Deno.writeTextFile(
      join(bin, "ccusage"),
      `#!/bin/sh\necho "$*" >> "${log}"\necho '{"blocks":[]}'\n`,
    );
    await Deno.chmod(join(bin, "ccusage"), 0o755);
    const home = join(base, "home");
    const env = { PATH: `${bin}:/usr/bin:/bin` };
    const once = (...extra: string[]) =>
      runMain(["--once", "--json", "--source", "ccusage", ...extra], { home, env });
    for (const extra of [[], [], ["--recalculate"], []]) {
      const r = await once(...extra);
      equal(r.code, 0, r.stderr);
    }
    const calls = (await Deno.readTextFile(log)).trim().split("\n");
    deepStrictEqual(calls.map((call) => call.includes("--since")), [false, true, false, true]);
    equal(calls[0], "blocks --json --offline");
  },
});
