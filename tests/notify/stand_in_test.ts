/**
 * Recording stand-ins: small scripts named like the real notification commands, alone on a
 * temporary PATH, append the argv (and the toast variables) they receive to a file. They prove
 * a notifier built with the real runner sends the exact argv, byte for byte, on every backend.
 */

import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { createNotifier } from "../../src/notify/create_notifier.ts";
import { executableExists } from "../../src/notify/executable_exists.ts";
import { OSASCRIPT_LINES } from "../../src/notify/macos_command.ts";
import { WINDOWS_TOAST_SCRIPT, windowsCommand } from "../../src/notify/windows_command.ts";
import { DenoCommandRunner } from "../../src/sources/command_runner.ts";
import { HOSTILE_TEXTS } from "../support/hostile_text.ts";

// The stand-ins are POSIX shell scripts; Windows has no /bin/sh to run them.
const POSIX = Deno.build.os !== "windows";

/** What one stand-in run received. */
interface Recorded {
  program: string;
  args: string[];
  title: string;
  body: string;
}

/** A temporary PATH directory of stand-ins that record into one file. */
class StandIns {
  private constructor(readonly dir: string, readonly record: string) {}

  static async create(): Promise<StandIns> {
    const dir = await Deno.makeTempDir({ prefix: "claude-monitor-stand-in-" });
    return new StandIns(dir, `${dir}/record`);
  }

  /** Installs a stand-in named `name` that records its call and exits with `code`. */
  async add(name: string, code = 0): Promise<void> {
    // NUL-separated fields: program, argument count, arguments, then the two toast variables
    // (or "<unset>"), so any text, newlines included, reads back exactly.
    const script = `#!/bin/sh
{
  printf '%s\\0' ${JSON.stringify(name)} "$#" "$@"
  printf '%s\\0' "\${CLAUDE_MONITOR_TITLE-<unset>}" "\${CLAUDE_MONITOR_BODY-<unset>}"
} >> '${this.record}'
exit ${code}
`;
    await Deno.writeTextFile(`${this.dir}/${name}`, script, { mode: 0o755 });
  }

  async calls(): Promise<Recorded[]> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.record);
    } catch {
      return [];
    }
    const fields = text.split("\0");
    const calls: Recorded[] = [];
    let i = 0;
    while (i < fields.length - 1) {
      const program = fields[i++] ?? "";
      const count = Number(fields[i++]);
      const args = fields.slice(i, i + count);
      i += count;
      const title = fields[i++] ?? "";
      const body = fields[i++] ?? "";
      calls.push({ program, args, title, body });
    }
    return calls;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await Deno.remove(this.dir, { recursive: true });
  }
}

Deno.test({
  name: "createNotifier() with the real runner sends notify-send the exact argv for hostile text",
  ignore: !POSIX,
  fn: async () => {
    await using bin = await StandIns.create();
    await bin.add("notify-send");
    const notifier = createNotifier({
      runner: new DenoCommandRunner(),
      platform: "linux",
      env: { PATH: bin.dir },
      exists: executableExists,
    });
    strictEqual(notifier.backend, "notify-send");
    const sent: [string, string][] = [];
    for (const [i, text] of HOSTILE_TEXTS.entries()) {
      const body = HOSTILE_TEXTS[(i + 1) % HOSTILE_TEXTS.length] ?? "";
      const result = await notifier.notify(text, body);
      strictEqual(result.ok, true, result.error);
      sent.push([text, body]);
    }
    deepStrictEqual(
      await bin.calls(),
      sent.map(([title, body]) => ({
        program: "notify-send",
        args: ["-a", "claude-session-monitor", "--", title, body],
        title: "<unset>",
        body: "<unset>",
      })),
    );
  },
});

Deno.test({
  name: "createNotifier() with the real runner falls back from a failing notify-send to dunstify",
  ignore: !POSIX,
  fn: async () => {
    await using bin = await StandIns.create();
    await bin.add("notify-send", 1);
    await bin.add("dunstify");
    const notifier = createNotifier({
      runner: new DenoCommandRunner(),
      platform: "linux",
      env: { PATH: bin.dir },
      exists: executableExists,
    });
    const result = await notifier.notify("Title", "Body");
    deepStrictEqual(result, {
      ok: true,
      tried: [`notify-send (${bin.dir}/notify-send)`, `dunstify (${bin.dir}/dunstify)`],
      deliveredBy: "dunstify",
    });
    deepStrictEqual((await bin.calls()).map((c) => [c.program, c.args]), [
      ["notify-send", ["-a", "claude-session-monitor", "--", "Title", "Body"]],
      ["dunstify", ["-a", "claude-session-monitor", "--", "Title", "Body"]],
    ]);
  },
});

Deno.test({
  name: "createNotifier() with the real runner reports failing stand-ins with their exit codes",
  ignore: !POSIX,
  fn: async () => {
    await using bin = await StandIns.create();
    await bin.add("notify-send", 3);
    await bin.add("dunstify", 4);
    const notifier = createNotifier({
      runner: new DenoCommandRunner(),
      platform: "linux",
      env: { PATH: bin.dir },
      exists: executableExists,
    });
    deepStrictEqual(await notifier.notify("Title", "Body"), {
      ok: false,
      tried: [`notify-send (${bin.dir}/notify-send)`, `dunstify (${bin.dir}/dunstify)`],
      error: 'Cannot send notification: "notify-send" exited with code 3; ' +
        '"dunstify" exited with code 4',
    });
  },
});

Deno.test({
  name: "createNotifier() with the real runner sends the macOS commands the exact argv",
  ignore: !POSIX,
  fn: async () => {
    await using bin = await StandIns.create();
    await bin.add("terminal-notifier", 1);
    await bin.add("osascript");
    const notifier = createNotifier({
      runner: new DenoCommandRunner(),
      platform: "darwin",
      env: { PATH: bin.dir },
      exists: executableExists,
    });
    strictEqual(notifier.backend, "terminal-notifier");
    const title = HOSTILE_TEXTS[5] ?? "";
    const body = HOSTILE_TEXTS[4] ?? "";
    strictEqual((await notifier.notify(title, body)).ok, true);
    deepStrictEqual((await bin.calls()).map((c) => [c.program, c.args]), [
      ["terminal-notifier", ["-title", title, "-message", body]],
      ["osascript", [...OSASCRIPT_LINES.flatMap((line) => ["-e", line]), title, body]],
    ]);
  },
});

Deno.test({
  name: "windowsCommand() text reaches the child through the environment, exactly",
  ignore: !POSIX,
  fn: async () => {
    // The real runner on a stand-in named like PowerShell: the script argument arrives
    // unchanged and the text only in the two variables.
    await using bin = await StandIns.create();
    await bin.add("powershell.exe");
    const runner = new DenoCommandRunner();
    const expected: Recorded[] = [];
    for (const [i, title] of HOSTILE_TEXTS.entries()) {
      const body = HOSTILE_TEXTS[(i + 3) % HOSTILE_TEXTS.length] ?? "";
      const command = windowsCommand(title, body);
      const options = command.env === undefined ? {} : { env: command.env };
      const result = await runner.run(`${bin.dir}/${command.command}`, command.args, options);
      strictEqual(result.code, 0);
      expected.push({
        program: "powershell.exe",
        args: ["-NoProfile", "-NonInteractive", "-Command", WINDOWS_TOAST_SCRIPT],
        title,
        body,
      });
    }
    deepStrictEqual(await bin.calls(), expected);
  },
});
