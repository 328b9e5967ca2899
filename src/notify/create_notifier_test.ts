import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { FakeRunner, notFound, runResult } from "../../tests/support/fake_runner.ts";
import { createNotifier } from "./create_notifier.ts";
import { OSASCRIPT_LINES } from "./macos_command.ts";
import { WINDOWS_TOAST_SCRIPT } from "./windows_command.ts";

const TITLE = `Claude window ends in 28 min "$(rm -rf ~)"`;
const BODY = "Resets at 14:00 (local).\n812k tokens used, $4.12 🎉";

function exists(...paths: string[]): (path: string) => boolean {
  return (path) => paths.includes(path);
}

Deno.test("createNotifier() on Linux prefers notify-send and runs the path it found", async () => {
  const runner = new FakeRunner();
  const notifier = createNotifier({
    runner,
    platform: "linux",
    env: { PATH: "/usr/local/bin:/usr/bin" },
    exists: exists("/usr/bin/notify-send", "/usr/local/bin/dunstify"),
  });
  strictEqual(notifier.backend, "notify-send");
  deepStrictEqual(await notifier.notify(TITLE, BODY), {
    ok: true,
    tried: ["notify-send (/usr/bin/notify-send)"],
    deliveredBy: "notify-send",
  });
  deepStrictEqual(runner.calls, [{
    command: "/usr/bin/notify-send",
    args: ["-a", "claude-session-monitor", "--", TITLE, BODY],
    options: { timeoutMs: 10_000 },
  }]);
});

Deno.test("createNotifier() on Linux falls back to dunstify when notify-send is absent", async () => {
  const runner = new FakeRunner();
  const notifier = createNotifier({
    runner,
    platform: "linux",
    env: { PATH: "/usr/bin" },
    exists: exists("/usr/bin/dunstify"),
  });
  strictEqual(notifier.backend, "dunstify");
  strictEqual((await notifier.notify(TITLE, BODY)).ok, true);
  deepStrictEqual(runner.calls.map((c) => [c.command, c.args]), [
    ["/usr/bin/dunstify", ["-a", "claude-session-monitor", "--", TITLE, BODY]],
  ]);
});

Deno.test("createNotifier() detects the backend once, not on every notification", async () => {
  let probes = 0;
  const notifier = createNotifier({
    runner: new FakeRunner(),
    platform: "linux",
    env: { PATH: "/usr/bin" },
    exists: (path) => {
      probes++;
      return path === "/usr/bin/notify-send";
    },
  });
  const afterDetection = probes;
  await notifier.notify("a", "b");
  await notifier.notify("c", "d");
  strictEqual(probes, afterDetection);
});

Deno.test("createNotifier() on macOS tries terminal-notifier, then osascript when it fails", async () => {
  const runner = new FakeRunner((call) =>
    call.command.endsWith("terminal-notifier")
      ? runResult({ code: 1, stderr: "Not authorised\nmore" })
      : runResult()
  );
  const notifier = createNotifier({
    runner,
    platform: "darwin",
    env: { PATH: "/opt/homebrew/bin:/usr/bin" },
    exists: exists("/opt/homebrew/bin/terminal-notifier", "/usr/bin/osascript"),
  });
  strictEqual(notifier.backend, "terminal-notifier");
  deepStrictEqual(await notifier.notify(TITLE, BODY), {
    ok: true,
    tried: [
      "terminal-notifier (/opt/homebrew/bin/terminal-notifier)",
      "osascript (/usr/bin/osascript)",
    ],
    deliveredBy: "osascript",
  });
  deepStrictEqual(runner.calls.map((c) => [c.command, c.args]), [
    ["/opt/homebrew/bin/terminal-notifier", ["-title", TITLE, "-message", BODY]],
    ["/usr/bin/osascript", [...OSASCRIPT_LINES.flatMap((l) => ["-e", l]), TITLE, BODY]],
  ]);
});

Deno.test("createNotifier() on Windows finds powershell.exe through Path and passes text in env", async () => {
  const runner = new FakeRunner();
  const powershell = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
  const notifier = createNotifier({
    runner,
    platform: "windows",
    env: { Path: "C:\\Windows\\System32;C:\\Windows\\System32\\WindowsPowerShell\\v1.0" },
    exists: exists(powershell),
    timeoutMs: 5_000,
  });
  strictEqual(notifier.backend, "powershell");
  strictEqual((await notifier.notify(TITLE, BODY)).ok, true);
  deepStrictEqual(runner.calls, [{
    command: powershell,
    args: ["-NoProfile", "-NonInteractive", "-Command", WINDOWS_TOAST_SCRIPT],
    options: {
      timeoutMs: 5_000,
      env: { CLAUDE_MONITOR_TITLE: TITLE, CLAUDE_MONITOR_BODY: BODY },
    },
  }]);
});

Deno.test("createNotifier() without a backend runs nothing and names what it looked for", async () => {
  const runner = new FakeRunner();
  const notifier = createNotifier({
    runner,
    platform: "linux",
    env: { PATH: "/usr/bin:/bin" },
    exists: () => false,
  });
  strictEqual(notifier.backend, null);
  deepStrictEqual(notifier.candidates, ["notify-send", "dunstify"]);
  deepStrictEqual(await notifier.notify(TITLE, BODY), {
    ok: false,
    tried: [],
    error:
      'Cannot send notification: no notification command on PATH (looked for "notify-send", "dunstify")',
  });
  strictEqual(runner.calls.length, 0);
});

Deno.test("createNotifier() reports every failed command with its exit code, timeout or absence", async () => {
  const runner = new FakeRunner((call) => {
    if (call.command.endsWith("notify-send")) {
      return runResult({ code: 1, stderr: "GDBus.Error: no server\n" });
    }
    return notFound(call);
  });
  const notifier = createNotifier({
    runner,
    platform: "linux",
    env: { PATH: "/usr/bin" },
    exists: exists("/usr/bin/notify-send", "/usr/bin/dunstify"),
  });
  deepStrictEqual(await notifier.notify(TITLE, BODY), {
    ok: false,
    tried: ["notify-send (/usr/bin/notify-send)", "dunstify (/usr/bin/dunstify)"],
    error: 'Cannot send notification: "notify-send" exited with code 1 (GDBus.Error: no server); ' +
      '"dunstify" was not found at "/usr/bin/dunstify"',
  });

  const slow = createNotifier({
    runner: new FakeRunner(() => runResult({ code: 137, timedOut: true })),
    platform: "linux",
    env: { PATH: "/usr/bin" },
    exists: exists("/usr/bin/notify-send"),
    timeoutMs: 2_500,
  });
  deepStrictEqual(
    (await slow.notify("a", "b")).error,
    'Cannot send notification: "notify-send" timed out after 2.5 s',
  );
});
