import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { HOSTILE_TEXTS } from "../../tests/support/hostile_text.ts";
import { backendCandidates, buildNotifyCommand } from "./build_notify_command.ts";
import { linuxCommand } from "./linux_command.ts";
import { macosCommand, OSASCRIPT_LINES } from "./macos_command.ts";
import type { BackendName } from "./notify_command.ts";
import {
  BODY_VARIABLE,
  TITLE_VARIABLE,
  WINDOWS_TOAST_SCRIPT,
  windowsCommand,
} from "./windows_command.ts";

/** Every (title, body) pair, including each hostile text against each other one. */
const PAIRS: [string, string][] = HOSTILE_TEXTS.flatMap((title) =>
  HOSTILE_TEXTS.map((body): [string, string] => [title, body])
);

/** Builds with marker text and says where the title and body land in argv. */
function textPositions(backend: BackendName): { title: number; body: number; args: string[] } {
  const args = buildNotifyCommand(backend, "\u0001T", "\u0001B").args;
  return { title: args.indexOf("\u0001T"), body: args.indexOf("\u0001B"), args };
}

Deno.test("linuxCommand() passes title and body as the last two argv elements, after --", () => {
  for (const backend of ["notify-send", "dunstify"] as const) {
    for (const [title, body] of PAIRS) {
      const command = linuxCommand(backend, title, body);
      deepStrictEqual(command, {
        command: backend,
        args: ["-a", "claude-session-monitor", "--", title, body],
      });
    }
  }
});

Deno.test("macosCommand() passes terminal-notifier the text as single option values", () => {
  for (const [title, body] of PAIRS) {
    deepStrictEqual(macosCommand("terminal-notifier", title, body), {
      command: "terminal-notifier",
      args: ["-title", title, "-message", body],
    });
  }
});

Deno.test("macosCommand() gives osascript a constant script and the text as run-handler argv", () => {
  for (const [title, body] of PAIRS) {
    const command = macosCommand("osascript", title, body);
    deepStrictEqual(command, {
      command: "osascript",
      args: [
        "-e",
        "on run argv",
        "-e",
        "display notification (item 2 of argv) with title (item 1 of argv)",
        "-e",
        "end run",
        title,
        body,
      ],
    });
  }
  deepStrictEqual(OSASCRIPT_LINES, [
    "on run argv",
    "display notification (item 2 of argv) with title (item 1 of argv)",
    "end run",
  ]);
});

Deno.test("windowsCommand() passes the text only through environment variables", () => {
  for (const [title, body] of PAIRS) {
    const command = windowsCommand(title, body);
    deepStrictEqual(command, {
      command: "powershell.exe",
      args: ["-NoProfile", "-NonInteractive", "-Command", WINDOWS_TOAST_SCRIPT],
      env: { CLAUDE_MONITOR_TITLE: title, CLAUDE_MONITOR_BODY: body },
    });
  }
});

Deno.test("windowsCommand() uses a script that reads both variables and needs no Windows quoting", () => {
  strictEqual(WINDOWS_TOAST_SCRIPT.includes(`$env:${TITLE_VARIABLE}`), true);
  strictEqual(WINDOWS_TOAST_SCRIPT.includes(`$env:${BODY_VARIABLE}`), true);
  strictEqual(WINDOWS_TOAST_SCRIPT.includes("CreateTextNode"), true);
  for (const forbidden of ['"', "\n", "\r", "`", "\0"]) {
    strictEqual(
      WINDOWS_TOAST_SCRIPT.includes(forbidden),
      false,
      `script contains ${JSON.stringify(forbidden)}`,
    );
  }
});

Deno.test("buildNotifyCommand() keeps every backend's command constant apart from the text", () => {
  const backends: BackendName[] = [
    "notify-send",
    "dunstify",
    "terminal-notifier",
    "osascript",
    "powershell",
  ];
  for (const backend of backends) {
    const reference = textPositions(backend);
    for (const [title, body] of PAIRS) {
      const command = buildNotifyCommand(backend, title, body);
      strictEqual(command.args.length, reference.args.length);
      command.args.forEach((arg, index) => {
        const expected = index === reference.title
          ? title
          : index === reference.body
          ? body
          : reference.args[index];
        strictEqual(arg, expected, `${backend} argv[${index}]`);
      });
      if (backend === "powershell") {
        deepStrictEqual(command.env, { CLAUDE_MONITOR_TITLE: title, CLAUDE_MONITOR_BODY: body });
      } else {
        strictEqual(reference.title >= 0 && reference.body >= 0, true);
        strictEqual(command.env, undefined);
      }
    }
  }
});

Deno.test("buildNotifyCommand() replaces NUL, which no argv or environment value can carry", () => {
  deepStrictEqual(buildNotifyCommand("notify-send", "a\0b", "\0").args.slice(-2), [
    "a\uFFFDb",
    "\uFFFD",
  ]);
  deepStrictEqual(buildNotifyCommand("powershell", "a\0b", "c").env, {
    CLAUDE_MONITOR_TITLE: "a\uFFFDb",
    CLAUDE_MONITOR_BODY: "c",
  });
});

Deno.test("backendCandidates() lists each OS's backends in order of preference", () => {
  deepStrictEqual(backendCandidates("linux"), ["notify-send", "dunstify"]);
  deepStrictEqual(backendCandidates("freebsd"), ["notify-send", "dunstify"]);
  deepStrictEqual(backendCandidates("darwin"), ["terminal-notifier", "osascript"]);
  deepStrictEqual(backendCandidates("windows"), ["powershell"]);
});
