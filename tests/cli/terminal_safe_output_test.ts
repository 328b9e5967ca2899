/**
 * Output a terminal shows never carries escape sequences or control characters from the data:
 * a transcript's model name, a ccusage error, a path from the environment. JSON output keeps the
 * exact text (escaped), so scripts lose nothing.
 */

import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { terminalSafe, terminalSafeJson } from "../../src/core/terminal_safe.ts";
import { generateActive } from "../support/generate_jsonl.ts";
import { ROOT, runMain } from "../support/run_main.ts";
import { RUNTIME_FLAGS } from "../../scripts/permissions.ts";

const HOSTILE_MODEL = "claude-\x1b]0;pwned\x07sonnet\x1b[2J\x9b31m\u202e-x\nq\r\t\x1bPq#\x1b\\end";
// Anything a terminal could act on: C0 except the line feed, DEL, C1, bidi overrides.
// deno-lint-ignore no-control-regex -- matching control characters is the point
const UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

Deno.test("terminalSafe() removes escape sequences and turns control characters into spaces", () => {
  deepStrictEqual(
    [
      "a\x1b[31mred\x1b[0m",
      "t\x1b]0;title\x07x",
      "t\x1b]8;;http://e\x1b\\link\x1b]8;;\x1b\\",
      "c1\x9b2Jx",
      "dcs\x1bPq#0\x1b\\end",
      "line\nnext\r\ttab",
      "rtl \u202eevil\u2066",
      "plain é 🎉",
    ].map(terminalSafe),
    ["ared", "tx", "tlink", "c1x", "dcsend", "line next  tab", "rtl evil", "plain é 🎉"],
  );
});

Deno.test("terminalSafeJson() escapes DEL, C1 and bidi characters and keeps the value", () => {
  const value = { model: HOSTILE_MODEL };
  const json = terminalSafeJson(JSON.stringify(value));
  ok(!UNSAFE.test(json), json);
  deepStrictEqual(JSON.parse(json), value);
});

async function hostileData(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "cm-hostile-" });
  const { files } = await generateActive({ out: dir, now: Date.now() });
  const escaped = JSON.stringify(HOSTILE_MODEL);
  for (const file of files) {
    const text = await Deno.readTextFile(file);
    await Deno.writeTextFile(
      file,
      text.replaceAll('"claude-sonnet-4-20250514"', escaped)
        .replaceAll('"claude-opus-4-5-20251101"', escaped),
    );
  }
  return dir;
}

function assertSafe(label: string, text: string) {
  const bad = text.match(UNSAFE);
  ok(
    bad === null,
    `${label}: U+${bad?.[0]?.codePointAt(0)?.toString(16)} in\n${JSON.stringify(text)}`,
  );
}

Deno.test("--once, --once --json, --format line/waybar and blocks print hostile model names safely", async () => {
  const data = await hostileData();
  try {
    const base = ["--source", "native", "--claude-dir", data];
    for (
      const args of [
        ["--once"],
        ["--once", "--format", "line"],
        ["--once", "--format", "waybar"],
        ["--once", "--json"],
        ["blocks"],
        ["blocks", "--json"],
      ]
    ) {
      const r = await runMain([...args, ...base]);
      equal(r.code, 0, r.stderr);
      assertSafe(args.join(" "), r.stdout);
      assertSafe(`${args.join(" ")} (stderr)`, r.stderr);
      if (args.includes("--json")) ok(r.stdout.includes("\\u009b"), "JSON keeps the C1 character");
    }
    const once = await runMain(["--once", ...base]);
    ok(once.stdout.includes("claude-sonnet"), "the model name is still shown");
    const json = JSON.parse((await runMain(["--once", "--json", ...base])).stdout);
    deepStrictEqual(json.window.models, [HOSTILE_MODEL], "the JSON value is exact");
  } finally {
    await Deno.remove(data, { recursive: true });
  }
});

Deno.test({
  name: "a ccusage error, headless lines and the config report never pass escape sequences through",
  ignore: Deno.build.os === "windows",
  async fn() {
    const bin = await Deno.makeTempDir({ prefix: "cm-hostile-bin-" });
    try {
      await Deno.writeTextFile(
        join(bin, "ccusage"),
        `#!/bin/sh\nprintf 'Error: \\033]0;pwned\\007bad \\033[2Jdata\\n' >&2\nexit 1\n`,
      );
      await Deno.chmod(join(bin, "ccusage"), 0o755);
      const env = {
        PATH: `${bin}:${Deno.env.get("PATH") ?? ""}`,
        CLAUDE_MONITOR_CLAUDE_DIR: "/tmp/x\x1b[31mred\x1b]0;t\x07",
      };
      const once = await runMain(["--once", "--source", "ccusage"], { env });
      equal(once.code, 1);
      ok(once.stderr.includes("Error: bad data"), once.stderr);
      assertSafe("--once stdout", once.stdout);
      assertSafe("--once stderr", once.stderr);
      const config = await runMain(["config"], { env });
      equal(config.code, 0, config.stderr);
      ok(config.stdout.includes("/tmp/xred"), config.stdout);
      assertSafe("config", config.stdout);
      // Headless: runs until a signal; its first lines report the source error.
      const home = await Deno.makeTempDir();
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", ...RUNTIME_FLAGS, `${ROOT}main.ts`, "--headless", "--source", "ccusage"],
        env: {
          ...env,
          HOME: home,
          XDG_STATE_HOME: `${home}/s`,
          XDG_CONFIG_HOME: `${home}/c`,
          // Deno's module cache stays where it is: a fresh HOME would mean a cold cache.
          DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME")}/.cache/deno`,
        },
        stdout: "piped",
        stderr: "null",
      }).spawn();
      let lines = "";
      const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
      const deadline = Date.now() + 20_000;
      while (!lines.includes("source error") && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        lines += value;
      }
      child.kill("SIGTERM");
      await reader.cancel();
      await child.status;
      ok(lines.includes("source error (ccusage)"), lines);
      ok(lines.includes("Error: bad data"), lines);
      assertSafe("headless", lines);
      await Deno.remove(home, { recursive: true });
    } finally {
      await Deno.remove(bin, { recursive: true });
    }
  },
});
