/**
 * Real delivery on Linux: the notifier, through the real command runner, reaches a private
 * D-Bus session bus, and the exact title and body arrive at org.freedesktop.Notifications.
 */

import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { CommandRunner } from "../../src/ports.ts";
import { DenoCommandRunner } from "../../src/sources/command_runner.ts";
import { createNotifier } from "../../src/notify/create_notifier.ts";
import { executableExists } from "../../src/notify/executable_exists.ts";
import { sendTestAlert, TEST_ALERT_BODY, TEST_ALERT_TITLE } from "../../src/notify/test_alert.ts";
import {
  assertToolsInstalled,
  REQUIRED_TOOLS,
  type SessionBus,
  startSessionBus,
} from "./session_bus.ts";
import { toolTestOptions } from "../support/tool_test_options.ts";

const LINUX = Deno.build.os === "linux";
const MAIN = fileURLToPath(new URL("../../main.ts", import.meta.url));

// Hostile but unambiguous in dbus-monitor's output (see parseNotifyCalls).
const TITLE = `-T "Claude" 'window' \`ends\` $(touch /tmp/pwned) %PATH% 🎉`;
const BODY = `Resets at 14:00 (local).\nline two "; do shell script "touch /tmp/pwned"` +
  ` '; Remove-Item -Recurse ~ ;' <b>x</b> & ${"$"}{HOME} 👩‍💻`;

/** Options of a test that needs the notification stack: Linux only; named skip outside CI. */
function busTest(name: string) {
  return toolTestOptions(name, REQUIRED_TOOLS, !LINUX);
}

/** The real runner, pointed at the private bus the way an inherited environment would be. */
function busRunner(bus: SessionBus): CommandRunner {
  const real = new DenoCommandRunner();
  return {
    run: (command, args, options = {}) =>
      real.run(command, args, {
        ...options,
        env: { ...options.env, DBUS_SESSION_BUS_ADDRESS: bus.address },
      }),
  };
}

/** Runs `fn` with a fresh bus and config directory, then stops every process and cleans up. */
async function withBus(fn: (bus: SessionBus, dir: string) => Promise<void>): Promise<void> {
  assertToolsInstalled(Deno.env.get("PATH"));
  const dir = await Deno.makeTempDir({ prefix: "claude-monitor-dbus-" });
  try {
    const bus = await startSessionBus(dir);
    try {
      await fn(bus, dir);
    } finally {
      await bus.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  ...busTest("createNotifier() delivers the exact title and body through notify-send on D-Bus"),
  fn: () =>
    withBus(async (bus) => {
      const notifier = createNotifier({
        runner: busRunner(bus),
        platform: Deno.build.os,
        env: Deno.env.toObject(),
        exists: executableExists,
      });
      strictEqual(notifier.backend, "notify-send");
      const result = await notifier.notify(TITLE, BODY);
      strictEqual(result.ok, true, result.error);
      deepStrictEqual(await bus.waitForCalls(1), [
        { appName: "claude-session-monitor", summary: TITLE, body: BODY },
      ]);
    }),
});

Deno.test({
  ...busTest("createNotifier() falls back to dunstify and delivers the exact text on D-Bus"),
  fn: () =>
    withBus(async (bus, dir) => {
      // A PATH holding only dunstify, so detection has to fall back.
      const bin = `${dir}/bin`;
      await Deno.mkdir(bin);
      const dunstify = (Deno.env.get("PATH") ?? "").split(":")
        .map((d) => `${d}/dunstify`)
        .find(executableExists);
      await Deno.symlink(dunstify ?? "/usr/bin/dunstify", `${bin}/dunstify`);
      const notifier = createNotifier({
        runner: busRunner(bus),
        platform: "linux",
        env: { PATH: bin },
        exists: executableExists,
      });
      strictEqual(notifier.backend, "dunstify");
      const result = await notifier.notify(TITLE, BODY);
      strictEqual(result.ok, true, result.error);
      deepStrictEqual(await bus.waitForCalls(1), [
        { appName: "claude-session-monitor", summary: TITLE, body: BODY },
      ]);
    }),
});

Deno.test({
  ...busTest("sendTestAlert() delivers the test notification on D-Bus"),
  fn: () =>
    withBus(async (bus) => {
      const notifier = createNotifier({
        runner: busRunner(bus),
        platform: "linux",
        env: Deno.env.toObject(),
        exists: executableExists,
      });
      deepStrictEqual(await sendTestAlert(notifier), {
        ok: true,
        message: 'Sent a test notification with "notify-send"',
      });
      deepStrictEqual(await bus.waitForCalls(1), [
        { appName: "claude-session-monitor", summary: TEST_ALERT_TITLE, body: TEST_ALERT_BODY },
      ]);
    }),
});

/** Runs `main.ts --test-alert` as a user would, with `env` on top of this process's. */
async function runTestAlert(env: Record<string, string>) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "--unstable-unsafe-proto", "-A", MAIN, "--test-alert"],
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

Deno.test({
  ...busTest("main.ts --test-alert exits 0 after the test notification reaches D-Bus"),
  fn: () =>
    withBus(async (bus, dir) => {
      const run = await runTestAlert({
        DBUS_SESSION_BUS_ADDRESS: bus.address,
        XDG_CONFIG_HOME: `${dir}/config`,
        XDG_STATE_HOME: `${dir}/state`,
      });
      strictEqual(run.code, 0, `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
      deepStrictEqual(await bus.waitForCalls(1), [
        { appName: "claude-session-monitor", summary: TEST_ALERT_TITLE, body: TEST_ALERT_BODY },
      ]);
    }),
});

Deno.test({
  name: "main.ts --test-alert exits 1 naming the commands it looked for when none is on PATH",
  ignore: !LINUX,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "claude-monitor-nobackend-" });
    try {
      const run = await runTestAlert({
        PATH: dir,
        XDG_CONFIG_HOME: `${dir}/config`,
        XDG_STATE_HOME: `${dir}/state`,
      });
      strictEqual(run.code, 1, `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
      const output = run.stdout + run.stderr;
      for (const name of ["notify-send", "dunstify"]) {
        strictEqual(output.includes(`"${name}"`), true, `output does not name ${name}: ${output}`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
