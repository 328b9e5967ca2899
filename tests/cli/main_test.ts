import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { ROOT, runMain } from "../support/run_main.ts";

const usageErrors: [string[], RegExp][] = [
  [["--start-day", "0"], /Invalid --start-day "0": expected a whole number from 1 to 31/],
  [["--timezone", "Mars/Base"], /Invalid --timezone "Mars\/Base": expected an IANA time zone/],
  [["--source", "bogus"], /Invalid --source "bogus": expected "auto", "ccusage", "native"/],
  [["--frobnicate"], /Unknown option --frobnicate/],
  [["--refresh", "0", "--once"], /Invalid --refresh "0"/],
];

for (const [args, pattern] of usageErrors) {
  Deno.test(`main exits 2 with a short message for ${args.join(" ")}`, async () => {
    const r = await runMain(args);
    equal(r.code, 2);
    match(r.stderr, pattern);
    match(r.stderr, /--help/);
    ok(r.stderr.trim().split("\n").length <= 3, r.stderr);
    ok(!/at .*\.ts:\d+/.test(r.stderr), "no stack trace");
    equal(r.stdout, "");
  });
}

Deno.test("main prints the version and the help", async () => {
  const v = await runMain(["--version"]);
  equal(v.code, 0);
  match(v.stdout, /^claude-session-monitor \d+\.\d+\.\d+/);
  const h = await runMain(["--help"]);
  equal(h.code, 0);
  match(h.stdout, /--start-day N/);
  match(h.stdout, /--once/);
});

Deno.test("main exits 2 naming the file and key for a bad preferences file", async () => {
  const home = await Deno.makeTempDir();
  const dir = join(home, ".config", "claude-monitor");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "config.json"), '{"startDay": 40}');
  const r = await runMain(["--once"], { home });
  equal(r.code, 2);
  match(r.stderr, /Invalid "startDay" 40 in .*config\.json: expected a whole number from 1 to 31/);
  await Deno.writeTextFile(join(dir, "config.json"), '{"startDay": 4,}');
  const r2 = await runMain(["--once"], { home });
  equal(r2.code, 2);
  match(r2.stderr, /Cannot parse config file .*config\.json/);
});

Deno.test("main refuses the dashboard without a terminal and points to --once", async () => {
  const r = await runMain([]);
  equal(r.code, 2);
  match(r.stderr, /not a terminal.*--once/);
});

Deno.test({
  name: "main --once reports a failing ccusage and exits 1, keeping JSON valid",
  // The stand-in is a shell script on a ':'-separated PATH.
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const fake = join(dir, "ccusage");
    await Deno.writeTextFile(fake, "#!/bin/sh\necho 'boom' >&2\nexit 3\n");
    await Deno.chmod(fake, 0o755);
    const r = await runMain(["--once", "--json", "--source", "ccusage"], {
      env: { PATH: `${dir}:${Deno.env.get("PATH")}` },
    });
    equal(r.code, 1);
    const snap = JSON.parse(r.stdout);
    deepStrictEqual(snap.source.ok, false);
    match(snap.source.error, /exited with code 3: boom/);
    equal(snap.window, null);
  },
});

Deno.test("statusline records Claude Code's rate limits and --once shows them", async () => {
  const home = await Deno.makeTempDir();
  const resets = Math.floor(Date.now() / 1000) + 3600;
  const stdin = JSON.stringify({
    rate_limits: {
      five_hour: { used_percentage: 23.5, resets_at: resets },
      seven_day: { used_percentage: 41.2, resets_at: resets + 86400 },
    },
  });
  const data = await Deno.makeTempDir();
  // Captures belong to the account Claude Code runs with (its CLAUDE_CONFIG_DIR).
  const account = { CLAUDE_CONFIG_DIR: data };
  const r = await runMain(["statusline"], { home, stdin, env: account });
  equal(r.code, 0, r.stderr);
  match(r.stdout, /^5h 24% → \d\d:\d\d · 7d 41%\n$/);
  const once = await runMain(["--once", "--json", "--demo"], { home, env: account });
  equal(once.code, 0, once.stderr);
  const official = JSON.parse(once.stdout).official;
  equal(official.stale, false);
  equal(official.fiveHour.usedPercentage, 23.5);
  equal(official.sevenDay.usedPercentage, 41.2);
  const text = await runMain(["--once", "--demo"], { home, env: account });
  match(text.stdout, /Official limits \(from Claude Code at \d\d:\d\d\)\n {2}5-hour .* 24%/);
  match(text.stdout, /\n {2}7-day .* 41%/);
});

Deno.test("statusline without rate limits says so and still exits 0", async () => {
  const r = await runMain(["statusline"], { stdin: '{"session_id":"x"}' });
  equal(r.code, 0);
  equal(r.stdout, "claude-session-monitor: no rate limits yet\n");
});

Deno.test({
  name: "main --once with history in the state says no usage since when, not none at all",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const bin = await Deno.makeTempDir();
    const home = await Deno.makeTempDir();
    const fixture = join(ROOT, "tests", "fixtures", "ccusage-blocks-20.0.24.json");
    // The first run (empty state) asks for the whole history and gets it; later runs ask with
    // --since, and this period had no usage.
    await Deno.writeTextFile(
      join(bin, "ccusage"),
      `#!/bin/sh\ncase " $* " in *" --since "*) echo '{"blocks":[]}' ;; *) cat '${fixture}' ;; esac\n`,
    );
    await Deno.chmod(join(bin, "ccusage"), 0o755);
    const data = await Deno.makeTempDir();
    const env = { PATH: `${bin}:${Deno.env.get("PATH")}` };
    try {
      const args = ["--once", "--source", "ccusage", "--claude-dir", data];
      const first = await runMain(args, { home, env });
      equal(first.code, 0, first.stderr);
      equal(first.stderr, "");
      const second = await runMain(args, { home, env });
      equal(second.code, 0, second.stderr);
      match(
        second.stderr,
        new RegExp(
          `^claude-session-monitor: no Claude Code usage since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d in ${data}\n$`,
        ),
      );
    } finally {
      for (const d of [bin, home, data]) await Deno.remove(d, { recursive: true });
    }
  },
});

Deno.test({
  name: "main --once says where it looked when ccusage finds no usage at all",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(join(dir, "ccusage"), `#!/bin/sh\necho '{"blocks":[]}'\n`);
    await Deno.chmod(join(dir, "ccusage"), 0o755);
    const data = await Deno.makeTempDir();
    const r = await runMain(["--once", "--source", "ccusage", "--claude-dir", data], {
      env: { PATH: `${dir}:${Deno.env.get("PATH")}` },
    });
    equal(r.code, 0, r.stderr);
    match(r.stdout, /waiting for a new window/);
    equal(
      r.stderr,
      `claude-session-monitor: no Claude Code usage found in ${data} (see --claude-dir, or try --demo)\n`,
    );
  },
});
