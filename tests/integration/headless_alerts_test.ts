/**
 * A running monitor (`--headless`) sends the window-ending and idle alerts through a recording
 * stand-in notify-send, each once, and a restart repeats neither (fired alerts persist).
 */

import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { assistantLine, writeTranscript } from "../support/generate_jsonl.ts";
import { RUNTIME_FLAGS } from "../../scripts/permissions.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const posix = Deno.build.os !== "windows";

async function setup() {
  const base = await Deno.makeTempDir({ prefix: "cm-headless-" });
  const data = join(base, "claude");
  const now = Date.now();
  // The window starts 4 h before the current hour, so it ends at the next full hour (within
  // 60 min: inside --alert-before 90); the last entry was 15 min ago (past --idle-after 10).
  const hour = Math.floor(now / 3_600_000) * 3_600_000;
  const first = hour - 4 * 3_600_000 + 60_000;
  const last = now - 15 * 60_000;
  const usage = {
    input_tokens: 1000,
    output_tokens: 400,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
  await writeTranscript(data, "p/s.jsonl", [
    assistantLine({ time: first, usage, messageId: "msg_a", requestId: "req_a" }),
    assistantLine({
      time: Math.max(first + 60_000, last),
      usage,
      messageId: "msg_b",
      requestId: "req_b",
    }),
  ]);
  const bin = join(base, "bin");
  await Deno.mkdir(bin);
  const record = join(base, "notifications.log");
  // Records one line per call: every argument, separated by a tab.
  await Deno.writeTextFile(
    join(bin, "notify-send"),
    `#!/bin/sh\n(IFS="$(printf '\\t')"; printf '%s\\n' "$*") >> "${record}"\n`,
  );
  await Deno.chmod(join(bin, "notify-send"), 0o755);
  return { base, data, bin, record, home: join(base, "home") };
}

async function runHeadless(
  ctx: Awaited<ReturnType<typeof setup>>,
  waitFor: (log: string) => boolean,
  waitMs = 15_000,
) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...RUNTIME_FLAGS,
      join(ROOT, "main.ts"),
      "--headless",
      "--source",
      "native",
      "--alert-before",
      "90",
      "--idle-after",
      "10",
      "--timezone",
      "UTC",
    ],
    env: {
      PATH: `${ctx.bin}:/usr/bin:/bin`,
      HOME: ctx.home,
      XDG_STATE_HOME: join(ctx.home, "state"),
      XDG_CONFIG_HOME: join(ctx.home, "config"),
      CLAUDE_CONFIG_DIR: ctx.data,
      DENO_DIR: Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "", ".cache", "deno"),
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const deadline = Date.now() + waitMs;
  let log = "";
  while (Date.now() < deadline) {
    log = await Deno.readTextFile(ctx.record).catch(() => "");
    if (waitFor(log)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  // Let a second tick pass: a repeated alert would show up now.
  await new Promise((r) => setTimeout(r, 2500));
  child.kill("SIGTERM");
  const out = await child.output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
    log: await Deno.readTextFile(ctx.record).catch(() => ""),
  };
}

Deno.test({
  name: "a headless monitor sends each alert once through notify-send, and none after a restart",
  ignore: !posix,
  async fn() {
    const ctx = await setup();
    const first = await runHeadless(ctx, (log) => log.trim().split("\n").length >= 2);
    equal(first.code, 0, first.stderr);
    const calls = first.log.trim().split("\n").map((l) => l.split("\t"));
    equal(calls.length, 2, first.log);
    for (const call of calls) {
      deepStrictEqual(call.slice(0, 3), ["-a", "claude-session-monitor", "--"]);
    }
    const titles = calls.map((c) => c[3]).sort();
    match(titles[0]!, /^Claude window ends in (\d+ min|1 h)$/);
    match(titles[1]!, /^Claude window idle for 1[5-6] min$/);
    // Headless prints one line per event, the alerts among them.
    match(first.stdout, /ends in (\d+ min|1 h)/);
    match(first.stdout, /idle for/);

    const second = await runHeadless(ctx, () => false, 3000);
    equal(second.code, 0, second.stderr);
    equal(second.log, first.log, "no alert repeats after a restart");
    ok(second.stdout.length > 0, "headless still reports its start");
  },
});
