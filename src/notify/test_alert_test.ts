import { deepStrictEqual } from "node:assert/strict";
import { FakeRunner, runResult } from "../../tests/support/fake_runner.ts";
import type { Notifier, NotifyResult } from "../ports.ts";
import { createNotifier } from "./create_notifier.ts";
import { sendTestAlert, TEST_ALERT_BODY, TEST_ALERT_TITLE } from "./test_alert.ts";

Deno.test("sendTestAlert() sends the test text and succeeds when the backend exits 0", async () => {
  const runner = new FakeRunner();
  const notifier = createNotifier({
    runner,
    platform: "linux",
    env: { PATH: "/usr/bin" },
    exists: (path) => path === "/usr/bin/notify-send",
  });
  deepStrictEqual(await sendTestAlert(notifier), {
    ok: true,
    message: 'Sent a test notification with "notify-send"',
  });
  deepStrictEqual(runner.calls.map((c) => c.args.slice(-2)), [[TEST_ALERT_TITLE, TEST_ALERT_BODY]]);
  deepStrictEqual([TEST_ALERT_TITLE, TEST_ALERT_BODY], [
    "Claude Session Monitor",
    "Test notification: alerts will appear like this",
  ]);
});

Deno.test("sendTestAlert() names the backend that delivered after the preferred one failed", async () => {
  const runner = new FakeRunner((call) =>
    call.command.endsWith("notify-send") ? runResult({ code: 1, stderr: "no bus" }) : runResult({})
  );
  const notifier = createNotifier({
    runner,
    platform: "linux",
    env: { PATH: "/usr/bin" },
    exists: (path) => path.startsWith("/usr/bin/"),
  });
  deepStrictEqual(await sendTestAlert(notifier), {
    ok: true,
    message: 'Sent a test notification with "dunstify"',
  });
});

Deno.test("sendTestAlert() fails naming every command it tried", async () => {
  const notifier = createNotifier({
    runner: new FakeRunner(() => runResult({ code: 1, stderr: "no server" })),
    platform: "linux",
    env: { PATH: "/usr/bin" },
    exists: (path) => path.startsWith("/usr/bin/"),
  });
  deepStrictEqual(await sendTestAlert(notifier), {
    ok: false,
    message: 'Cannot send notification: "notify-send" exited with code 1 (no server); ' +
      '"dunstify" exited with code 1 (no server)',
  });
});

Deno.test("sendTestAlert() fails naming what it looked for when no backend exists", async () => {
  const notifier = createNotifier({
    runner: new FakeRunner(),
    platform: "darwin",
    env: {},
    exists: () => true,
  });
  deepStrictEqual(await sendTestAlert(notifier), {
    ok: false,
    message:
      'Cannot send notification: no notification command on PATH (looked for "terminal-notifier", "osascript")',
  });
});

Deno.test("sendTestAlert() lists the commands tried when a notifier gives no error text", async () => {
  const notifier: Notifier = {
    backend: "x",
    notify: (): Promise<NotifyResult> => Promise.resolve({ ok: false, tried: ["x --a", "y"] }),
  };
  deepStrictEqual(await sendTestAlert(notifier), {
    ok: false,
    message: 'Cannot send notification: tried "x --a", "y"',
  });
});
