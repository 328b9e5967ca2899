/**
 * Child processes under the shipped permissions (`deno run` with scripts/permissions.ts, as the
 * start task and the binaries run): a timed-out ccusage dies with every process it started, a
 * wrapper that exits but leaves a background job on its stdout is read rather than timed out, and
 * loader variables such as LD_PRELOAD do not stop ccusage or the notifiers from starting.
 */

import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { ROOT, runMain } from "../support/run_main.ts";
import { RUNTIME_FLAGS } from "../../scripts/permissions.ts";
import { childEnv } from "../../src/sources/command_runner.ts";

const posix = Deno.build.os !== "windows";

/** A folder with stand-in programs (shell scripts) for PATH, and the pids they report. */
async function standIns(scripts: Record<string, string>) {
  const bin = await Deno.makeTempDir({ prefix: "cm-tree-" });
  for (const [name, body] of Object.entries(scripts)) {
    await Deno.writeTextFile(join(bin, name), `#!/bin/sh\nd=$(dirname "$0")\n${body}\n`);
    await Deno.chmod(join(bin, name), 0o755);
  }
  const pids = async (): Promise<number[]> =>
    (await Deno.readTextFile(join(bin, "pids")).catch(() => "")).split("\n")
      .filter((line) => line.trim() !== "").map(Number);
  return { bin, pids, path: `${bin}:${Deno.env.get("PATH") ?? ""}` };
}

async function alive(pid: number): Promise<boolean> {
  const out = await new Deno.Command("kill", { args: ["-0", String(pid)], stderr: "null" })
    .output();
  return out.success;
}

/** Waits up to `ms` for every pid to be gone; returns those still running. */
async function survivors(pids: number[], ms: number): Promise<number[]> {
  const end = Date.now() + ms;
  while (true) {
    const left = [];
    for (const pid of pids) if (await alive(pid)) left.push(pid);
    if (left.length === 0 || Date.now() > end) return left;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Kills exactly the pids this test started, whatever happened. */
function cleanUp(pids: number[]) {
  for (const pid of pids) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

Deno.test({
  name: "a timed-out ccusage dies with its whole process tree under the shipped --allow-run list",
  ignore: !posix,
  async fn() {
    // Like the npm launcher: the child starts another process and waits for it.
    const s = await standIns({
      ccusage: `sleep 300 & echo $! >> "$d/pids"; echo $$ >> "$d/pids"; wait`,
    });
    try {
      const started = Date.now();
      const r = await runMain(
        ["--once", "--json", "--source", "ccusage", "--ccusage-timeout", "1"],
        { env: { PATH: s.path } },
      );
      equal(r.code, 1, r.stderr);
      ok(JSON.parse(r.stdout).source.error.includes("did not finish within 1 s"), r.stdout);
      ok(Date.now() - started < 15_000, "the timeout ended the run");
      const pids = await s.pids();
      equal(pids.length, 2, "the stand-in and its background job both started");
      deepStrictEqual(await survivors(pids, 3000), [], "no process outlives the timeout");
    } finally {
      cleanUp(await s.pids());
      await Deno.remove(s.bin, { recursive: true });
    }
  },
});

Deno.test({
  name: "a timed-out notifier wrapper dies with its background child under the shipped list",
  ignore: !posix,
  async fn() {
    const s = await standIns({
      "notify-send": `sleep 300 & echo $! >> "$d/pids"; echo $$ >> "$d/pids"; sleep 300`,
    });
    try {
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          ...RUNTIME_FLAGS,
          `${ROOT}tests/support/run_command.ts`,
          "notify-send",
          "500",
        ],
        env: { PATH: s.path },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const decoder = new TextDecoder();
      equal(out.code, 0, decoder.decode(out.stderr));
      equal(JSON.parse(decoder.decode(out.stdout)).timedOut, true);
      const pids = await s.pids();
      equal(pids.length, 2, "the wrapper and its background job both started");
      deepStrictEqual(await survivors(pids, 3000), [], "no process outlives the timeout");
    } finally {
      cleanUp(await s.pids());
      await Deno.remove(s.bin, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "a wrapper that prints valid JSON and exits 0 is read even while a background job holds stdout",
  ignore: !posix,
  async fn() {
    const s = await standIns({
      ccusage: `sleep 300 & echo $! >> "$d/pids"; echo '{"blocks":[]}'; exit 0`,
    });
    try {
      const started = Date.now();
      const r = await runMain(
        ["--once", "--json", "--source", "ccusage", "--ccusage-timeout", "20"],
        { env: { PATH: s.path } },
      );
      equal(r.code, 0, r.stderr);
      const snapshot = JSON.parse(r.stdout);
      equal(snapshot.source.ok, true, snapshot.source.error);
      ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms: waited for the timeout`);
    } finally {
      cleanUp(await s.pids());
      await Deno.remove(s.bin, { recursive: true });
    }
  },
});

for (const variable of ["LD_PRELOAD", "DYLD_INSERT_LIBRARIES"]) {
  Deno.test({
    name: `ccusage and the notifier still run when ${variable} is set, and never see it`,
    ignore: !posix,
    async fn() {
      const s = await standIns({
        ccusage: `env > "$d/ccusage-env"; echo '{"blocks":[]}'`,
        "notify-send": `env > "$d/notify-env"`,
      });
      // A library name the loader cannot find: it warns and goes on (what matters is the name).
      const env = { PATH: s.path, [variable]: "libclaude-monitor-absent.so" };
      try {
        const once = await runMain(["--once", "--json", "--source", "ccusage"], { env });
        equal(once.code, 0, once.stderr);
        equal(JSON.parse(once.stdout).source.ok, true, once.stdout);
        const alert = await runMain(["--test-alert"], { env });
        equal(alert.code, 0, alert.stderr);
        ok(alert.stdout.includes('"notify-send"'), alert.stdout);
        for (const file of ["ccusage-env", "notify-env"]) {
          const seen = await Deno.readTextFile(join(s.bin, file));
          ok(!seen.includes(`${variable}=`), `${file} has ${variable}`);
          ok(seen.includes(`PATH=${s.bin}`), `${file} keeps the rest of the environment`);
        }
      } finally {
        await Deno.remove(s.bin, { recursive: true });
      }
    },
  });
}

Deno.test("childEnv() drops LD_* and DYLD_* variables and keeps the rest", () => {
  deepStrictEqual(
    childEnv(
      { PATH: "/bin", LD_PRELOAD: "x.so", LD_LIBRARY_PATH: "/l", HOME: "/h", ld_audit: "a" },
      { DYLD_INSERT_LIBRARIES: "y", CLAUDE_CONFIG_DIR: "/c" },
    ),
    { PATH: "/bin", HOME: "/h", CLAUDE_CONFIG_DIR: "/c" },
  );
});
