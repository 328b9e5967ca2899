/** `statusline` as Claude Code runs it: always one line and exit 0; captures kept per account. */

import { equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { runMain } from "../support/run_main.ts";
import { assistantLine } from "../support/generate_jsonl.ts";
import { requireSharedDir, sharedTestOptions } from "../support/shared_dir.ts";

const nowS = () => Math.floor(Date.now() / 1000);

function payload(fiveHour: number, sevenDay: number, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    session_id: "s",
    rate_limits: {
      five_hour: { used_percentage: fiveHour, resets_at: nowS() + 2 * 3600 },
      seven_day: { used_percentage: sevenDay, resets_at: nowS() + 3 * 86400 },
      ...extra,
    },
  });
}

async function homeWithConfig(text: string | null): Promise<string> {
  const home = await Deno.makeTempDir({ prefix: "cm-sl-" });
  if (text !== null) {
    await Deno.mkdir(join(home, ".config", "claude-monitor"), { recursive: true });
    await Deno.writeTextFile(join(home, ".config", "claude-monitor", "config.json"), text);
  }
  return home;
}

const garbage = (() => {
  const bytes = new Uint8Array(1024 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
  return new TextDecoder().decode(bytes);
})();

const hostile: [string, string, Record<string, string>, string | null][] = [
  ["empty stdin", "", {}, null],
  ["1 MiB of garbage", garbage, {}, null],
  ["JSON that is not an object", "[1,2,3]", {}, null],
  ["no rate_limits (before the first response)", '{"session_id":"x","model":{}}', {}, null],
  ["wrong types", '{"rate_limits":{"five_hour":"42","seven_day":[17]}}', {}, null],
  [
    "resets_at in milliseconds",
    payload(42.5, 17).replace(/"resets_at":\d+/, '"resets_at":1e13'),
    {},
    null,
  ],
  ["a malformed config file", payload(42.5, 17), {}, '{"startDay": 4,'],
  ["a config file with an unknown key", payload(42.5, 17), {}, '{"bogus": 1}'],
  ["a config file that is a JSON array", payload(42.5, 17), {}, "[]"],
  ["bad CLAUDE_MONITOR_* variables", payload(42.5, 17), {
    CLAUDE_MONITOR_START_DAY: "0",
    CLAUDE_MONITOR_TIMEZONE: "Mars/Base",
    CLAUDE_MONITOR_ALERT_AT: "lots",
  }, null],
];

for (const [what, stdin, env, config] of hostile) {
  Deno.test(`statusline prints one line and exits 0 on ${what}`, async () => {
    const home = await homeWithConfig(config);
    const r = await runMain(["statusline"], { home, stdin, env });
    equal(r.code, 0, r.stderr);
    equal(r.stdout.split("\n").length, 2, r.stdout);
    ok(r.stdout.trim().length > 0);
    ok(!/at .*\.ts:\d+/.test(r.stderr), "no stack trace");
  });
}

Deno.test("statusline keeps the share when resets_at is impossible, and shows 105 % as over", async () => {
  const r = await runMain(["statusline"], {
    stdin: payload(105, 17).replace(/"resets_at":\d+/, '"resets_at":1e13'),
  });
  equal(r.code, 0, r.stderr);
  equal(r.stdout, "5h 105% over · 7d 17%\n");
});

Deno.test("statusline exits 0 even with malformed flags after it", async () => {
  const r = await runMain(["statusline", "--frobnicate"], { stdin: payload(10, 20) });
  equal(r.code, 0, r.stderr);
  match(r.stdout, /^5h 10% → \d\d:\d\d · 7d 20%\n$/);
});

Deno.test({
  ...sharedTestOptions("statusline reads the shared sample payload (spend limit too)"),
  fn: async () => {
    const stdin = await Deno.readTextFile(
      join(requireSharedDir(), "samples", "statusline-input.json"),
    );
    const r = await runMain(["statusline"], { stdin });
    equal(r.code, 0, r.stderr);
    equal(r.stdout, "5h 43% → 16:40 · 7d 17% · spend 8%\n");
  },
});

Deno.test("done when: 42.5 % and 17 % piped into statusline are the official headline everywhere", async () => {
  const home = await Deno.makeTempDir();
  // Real transcripts whose last usage is before the capture: with usage after it, the headline
  // would rightly be extrapolated ("est."), and --demo keeps adding usage up to the present.
  const account = await Deno.makeTempDir({ prefix: "acct-" });
  await Deno.mkdir(join(account, "projects", "p"), { recursive: true });
  const usage = { input_tokens: 1200, output_tokens: 800, cache_read_input_tokens: 5000 };
  const lines = [40, 20].map((minutesAgo, i) =>
    assistantLine({
      time: Date.now() - minutesAgo * 60_000,
      usage,
      model: "claude-opus-4-5-20251101",
      messageId: `msg_${i}`,
      requestId: `req_${i}`,
    })
  );
  await Deno.writeTextFile(join(account, "projects", "p", "s.jsonl"), lines.join("\n") + "\n");
  const env = { CLAUDE_CONFIG_DIR: account };
  const r = await runMain(["statusline"], { home, env, stdin: payload(42.5, 17) });
  equal(r.code, 0, r.stderr);
  const run = (args: string[]) => runMain([...args, "--source", "native"], { home, env });
  const json = await run(["--once", "--json"]);
  equal(json.code, 0, json.stderr);
  const official = JSON.parse(json.stdout).official;
  equal(official.stale, false);
  equal(official.fiveHour.usedPercentage, 42.5);
  equal(official.sevenDay.usedPercentage, 17);
  ok(["configured", "calibrated", "observed", "record"].includes(official.basis.kind));
  ok(official.pace.fiveHour !== null && official.pace.sevenDay !== null);
  const waybar = await run(["--once", "--format", "waybar"]);
  equal(waybar.code, 0, waybar.stderr);
  const bar = JSON.parse(waybar.stdout);
  equal(bar.percentage, 43);
  match(bar.text, /^◑ 5h 43% · 7d 17% · /);
  match(bar.tooltip, /Official \(from Claude Code at \d\d:\d\d\)\n {2}5-hour 43%/);
  const line = await run(["--once", "--format", "line"]);
  match(line.stdout, /^◑ 5h 43% · 7d 17% · \d+h\d\dm → \d\d:\d\d · /);
  const text = await run(["--once"]);
  match(
    text.stdout,
    /Official limits \(from Claude Code at \d\d:\d\d\)\n {2}5-hour {6}\[#+-+\] 43%/,
  );
  match(text.stdout, /\n {2}7-day {7}\[#+-+\] 17%/);
});

Deno.test("statusline keeps each account's captures apart (CLAUDE_CONFIG_DIR)", async () => {
  const home = await Deno.makeTempDir();
  const a = await Deno.makeTempDir({ prefix: "acct-a-" });
  const b = await Deno.makeTempDir({ prefix: "acct-b-" });
  await runMain(["statusline"], { home, stdin: payload(11, 21), env: { CLAUDE_CONFIG_DIR: a } });
  await runMain(["statusline"], { home, stdin: payload(88, 77), env: { CLAUDE_CONFIG_DIR: b } });
  const shares = async (dir: string) => {
    const r = await runMain(["--once", "--json", "--demo"], {
      home,
      env: { CLAUDE_CONFIG_DIR: dir },
    });
    const o = JSON.parse(r.stdout).official;
    return o === null ? null : [o.fiveHour.usedPercentage, o.sevenDay.usedPercentage];
  };
  equal(JSON.stringify(await shares(a)), "[11,21]");
  equal(JSON.stringify(await shares(b)), "[88,77]");
  // The default account (~/.claude) has recorded nothing.
  const none = await runMain(["--once", "--demo"], { home });
  match(none.stdout, /No official limits yet: add "statusLine"/);
});
