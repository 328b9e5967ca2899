/**
 * End to end in a real terminal: main.ts runs the dashboard inside tmux on generated Claude Code
 * data; the screen must show what `--once --json` reports for the same data at 120x40, after a
 * resize to 100x30 and after one to 80x24, and `q` must exit with code 0.
 */

import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { join } from "node:path";
import { generateActive } from "../support/generate_jsonl.ts";
import { formatPercent, formatTokens, formatUsd } from "../../src/core/format.ts";
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
const DENO_ARGS = startTaskArgs();

const NAME = "the dashboard in tmux shows the --once --json numbers at 120x40, 100x30 and 80x24";

/** The parts of the `--once --json` snapshot this test reads (times are ISO strings there). */
interface OnceJson {
  window: {
    endTime: string;
    tokens: { total: number };
    costUSD: number;
    percentOfMax: number | null;
  } | null;
  period: { sessionsUsed: number; sessionsLimit: number; costUSD: number };
}

Deno.test({
  ...toolTestOptions(NAME, { tmux: "tmux" }),
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () =>
    withTmux("claude-monitor-e2e-", async (dir, tmux) => {
      const data = join(dir, "claude");
      await generateActive({ out: data, now: Date.now() - 60_000 });
      const env = isolatedEnv(dir);
      let flags = ["--source", "native", "--claude-dir", data, "--timezone", TZ];
      let once = await run(Deno.execPath(), [...DENO_ARGS, ...flags, "--once", "--json"], env);
      if (once.code !== 0 && once.stderr.includes("not available yet")) {
        // Until the native reader is wired into main.ts, ccusage reads the same files.
        flags = ["--source", "ccusage", "--claude-dir", data, "--timezone", TZ];
        once = await run(Deno.execPath(), [...DENO_ARGS, ...flags, "--once", "--json"], env);
      }
      assertEquals(once.code, 0, `--once --json failed: ${once.stderr}`);
      const snapshot = JSON.parse(once.stdout) as OnceJson;
      assert(snapshot.window, "the generated data has an active window");
      const w = snapshot.window;
      const tokens = formatTokens(w.tokens.total);
      const sessions = `${snapshot.period.sessionsUsed} / ${snapshot.period.sessionsLimit} used`;
      const reset = `resets ${localHm(Date.parse(w.endTime), TZ)}`;
      // Every layout shows these; the full one also the period's cost.
      const everywhere = [tokens, sessions, reset, formatUsd(w.costUSD)];
      if (w.percentOfMax !== null) everywhere.push(formatPercent(w.percentOfMax));
      const full = [...everywhere, formatUsd(snapshot.period.costUSD)];

      const exitFile = join(dir, "exit-code");
      const argv = [Deno.execPath(), ...DENO_ARGS, ...flags];
      const capture = await startInTmux(tmux, "e2e", env, argv, exitFile);
      const missing = (screen: string, numbers: string[]) =>
        numbers.filter((n) => !screen.includes(n));

      const shown = await waitFor(async () => missing(await capture(), full).length === 0, 20_000);
      const screen = await capture();
      assert(shown, `missing ${JSON.stringify(missing(screen, full))} at 120x40:\n${screen}`);
      assert(screen.includes("Recent windows"), screen);
      // The countdown ticks every second without a data refresh.
      const countdown = (text: string) => text.match(/(\d+h )?\d+m \d\ds left/)?.[0];
      const before = countdown(screen);
      assert(before, `no countdown on screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 1500));
      const after = countdown(await capture());
      assert(after && after !== before, `countdown did not tick: ${before} then ${after}`);
      assert(!/lqq|qqk/.test(screen), `DEC line drawing on screen:\n${screen}`);

      const sizes: Array<[number, number, string[], boolean]> = [
        [100, 30, full, true],
        [80, 24, everywhere, false],
      ];
      for (const [cols, rows, numbers, recent] of sizes) {
        await tmux("resize-window", "-t", "e2e", "-x", String(cols), "-y", String(rows));
        const ok = await waitFor(async () => {
          const s = await capture();
          return s.includes("Recent windows") === recent && missing(s, numbers).length === 0;
        }, 10_000);
        const s = await capture();
        assert(ok, `missing ${JSON.stringify(missing(s, numbers))} at ${cols}x${rows}:\n${s}`);
        const lines = s.replace(/\n$/, "").split("\n");
        assertEquals(lines.length, rows, s);
        for (const line of lines) assert([...line].length <= cols, `${cols}x${rows}:\n${s}`);
        // No blank line anywhere: panels tile the screen after the resize, no leftovers.
        lines.forEach((line, i) =>
          assert(line.trim() !== "", `line ${i} blank at ${cols}x${rows}`)
        );
      }

      await tmux("send-keys", "-t", "e2e", "q");
      const code = await exitCodeIn(exitFile, 10_000);
      assert(code !== null, "the dashboard did not exit on q");
      assertEquals(code, "0");
    }),
});
