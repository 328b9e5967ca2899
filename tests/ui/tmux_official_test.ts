/**
 * End to end in a real terminal: `statusline` records 42.5 % and 17 % for an account, and the
 * dashboard on that account's data shows them as its first gauges, labelled official, with the
 * local reset time, and the weekly panel, at 120x40, 100x30 and 80x24 (issue 12's done-when).
 */

import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { join } from "node:path";
import { generateActive } from "../support/generate_jsonl.ts";
import { localHm } from "../../src/core/zoned_time.ts";
import { toolTestOptions } from "../support/tool_test_options.ts";
import {
  exitCodeIn,
  isolatedEnv,
  run,
  startInTmux,
  startTaskArgs,
  waitFor,
  withTmux,
} from "./support/tmux_session.ts";

const TZ = "Europe/Warsaw";

const NAME =
  "the dashboard in tmux leads with the official gauges and shows the week at 120x40, 100x30 and 80x24";

Deno.test({
  // The skip reason goes into the name (`deno test -q` hides what loading prints).
  ...toolTestOptions(NAME, { tmux: "tmux" }),
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withTmux("claude-monitor-official-", async (dir, tmux) => {
      const data = join(dir, "claude");
      await generateActive({ out: data, now: Date.now() - 60_000 });
      const env = isolatedEnv(dir);
      const reset = Math.floor(Date.now() / 1000) + 3 * 3600;
      const payload = JSON.stringify({
        rate_limits: {
          five_hour: { used_percentage: 42.5, resets_at: reset },
          seven_day: { used_percentage: 17, resets_at: reset + 4 * 86400 },
        },
      });
      // Claude Code runs the statusline with the account's config dir.
      const deno = [Deno.execPath(), ...startTaskArgs()];
      const captured = await run(deno[0]!, [...deno.slice(1), "statusline"], {
        ...env,
        CLAUDE_CONFIG_DIR: data,
      }, payload);
      assertEquals(captured.code, 0, captured.stderr);
      const flags = ["--source", "native", "--claude-dir", data, "--timezone", TZ];
      const resetText = `resets ${localHm(reset * 1000, TZ)}`;
      const expected = ["5h official", "43%", "7d official", "17%", resetText, "Week $"];

      const exitFile = join(dir, "exit-code");
      const capture = await startInTmux(tmux, "off", env, [...deno, ...flags], exitFile);
      const missing = (screen: string) => expected.filter((n) => !screen.includes(n));

      for (const [cols, rows] of [[120, 40], [100, 30], [80, 24]] as const) {
        if (cols !== 120) {
          await tmux("resize-window", "-t", "off", "-x", String(cols), "-y", String(rows));
        }
        const ok = await waitFor(async () => missing(await capture()).length === 0, 20_000);
        const s = await capture();
        assert(ok, `missing ${JSON.stringify(missing(s))} at ${cols}x${rows}:\n${s}`);
        const lines = s.replace(/\n$/, "").split("\n");
        assertEquals(lines.length, rows, s);
        // The official gauges come first in the window panel, whole: label, bar, percentage.
        const first = lines.findIndex((l) => l.includes("Current window")) + 1;
        assert(/│ 5h official █+░+ +43%/.test(lines[first] ?? ""), `${cols}x${rows}:\n${s}`);
        assert(/│ 7d official █*░+ +17%/.test(lines[first + 1] ?? ""), `${cols}x${rows}:\n${s}`);
        for (const line of lines) assert([...line].length <= cols, `${cols}x${rows}:\n${s}`);
      }

      await tmux("send-keys", "-t", "off", "q");
      const code = await exitCodeIn(exitFile, 10_000);
      assert(code !== null, "the dashboard did not exit on q");
      assertEquals(code, "0");
    }),
});
