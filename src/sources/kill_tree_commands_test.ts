import { deepStrictEqual } from "node:assert/strict";
import { killTreeCommands } from "./kill_tree_commands.ts";
import { RUN_ALLOWLIST } from "../../scripts/permissions.ts";

Deno.test("Windows kills the whole tree with taskkill /PID <pid> /T /F", () => {
  deepStrictEqual(killTreeCommands("windows", 4321), [
    { command: "taskkill", args: ["/PID", "4321", "/T", "/F"] },
  ]);
});

Deno.test("POSIX kills the process group, with procps' `--` first", () => {
  for (const os of ["linux", "darwin", "freebsd"]) {
    deepStrictEqual(killTreeCommands(os, 77), [
      { command: "kill", args: ["-KILL", "--", "-77"] },
      { command: "kill", args: ["-KILL", "-77"] },
    ]);
  }
});

Deno.test("every program the tree kill runs is on the shipped --allow-run list", () => {
  for (const os of ["windows", "linux", "darwin"]) {
    for (const { command } of killTreeCommands(os, 1)) {
      deepStrictEqual(RUN_ALLOWLIST.includes(command), true, `${command} (${os})`);
    }
  }
});
