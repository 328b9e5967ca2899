/** main.ts names the system zone "UTC" for TZ=UTC and TZ=Etc/UTC without asking Intl: Intl agrees. */

import { equal } from "node:assert/strict";
import { runMain } from "../support/run_main.ts";

Deno.test("Intl names the system zone UTC for TZ=UTC and TZ=Etc/UTC", async () => {
  for (const tz of ["UTC", "Etc/UTC"]) {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "console.log(Intl.DateTimeFormat().resolvedOptions().timeZone)"],
      env: { TZ: tz },
      stdout: "piped",
    }).output();
    equal(new TextDecoder().decode(output.stdout).trim(), "UTC", `TZ=${tz}`);
    const home = await Deno.makeTempDir({ prefix: "cm-tz-" });
    try {
      const report = await runMain(["config"], { home, env: { TZ: tz } });
      equal(report.code, 0, report.stderr);
      equal(/timezone +(\S+)/.exec(report.stdout)?.[1], "UTC", report.stdout);
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  }
});
