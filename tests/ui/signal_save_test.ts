/**
 * Signals in the dashboard (in a real terminal, tmux, with the start task's permissions): SIGTERM,
 * SIGINT, SIGHUP and SIGQUIT each save the state, print the warnings held while the screen was
 * up, leave the alternate screen and exit 0. blessed's own SIGTERM/SIGINT/SIGQUIT handler used to
 * call process.exit(0) first, so the final save never happened.
 */

import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { join } from "node:path";
import { generateActive } from "../support/generate_jsonl.ts";
import { toolTestOptions } from "../support/tool_test_options.ts";
import {
  exitCodeIn,
  isolatedEnv,
  shellQuote as quote,
  startTaskArgs,
  waitFor,
  withTmux,
} from "./support/tmux_session.ts";

async function readOr(path: string, fallback: string): Promise<string> {
  return await Deno.readTextFile(path).catch(() => fallback);
}

/** The file under `dir` (any depth) whose text contains `needle`, or null. */
async function fileContaining(dir: string, needle: string): Promise<string | null> {
  try {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) {
        const inner = await fileContaining(path, needle);
        if (inner !== null) return inner;
      } else if (entry.name.endsWith(".json") && (await readOr(path, "")).includes(needle)) {
        return path;
      }
    }
  } catch {
    // Not there yet.
  }
  return null;
}

for (const signal of ["SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT"] as const) {
  const name = `${signal} in the dashboard saves state, prints held warnings, restores the ` +
    "terminal and exits 0";
  Deno.test({
    ...toolTestOptions(name, { tmux: "tmux" }, Deno.build.os === "windows"),
    sanitizeResources: false,
    sanitizeOps: false,
    fn: () =>
      withTmux("cm-signal-", async (dir, tmux) => {
        const data = join(dir, "claude");
        // The last entry is about 13 minutes old: the idle alert fires at once.
        await generateActive({ out: data, now: Date.now() });
        // A notifier that fails, so the dashboard holds a warning until it exits.
        const bin = join(dir, "bin");
        await Deno.mkdir(bin);
        await Deno.writeTextFile(
          join(bin, "notify-send"),
          "#!/bin/sh\necho 'no bus' >&2\nexit 1\n",
        );
        await Deno.chmod(join(bin, "notify-send"), 0o755);
        const state = join(dir, "state");
        const env = { ...isolatedEnv(dir, `${bin}:${Deno.env.get("PATH") ?? ""}`), TZ: "UTC" };
        const files = { pid: join(dir, "pid"), err: join(dir, "stderr"), exit: join(dir, "exit") };
        const monitor = [
          "env",
          ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
          Deno.execPath(),
          ...startTaskArgs(),
          "--source",
          "native",
          "--claude-dir",
          data,
        ].map(quote).join(" ");
        // exec keeps the pid: the one written is the monitor's own.
        const inner = `echo $$ > ${quote(files.pid)}; exec ${monitor}`;
        const command = `sh -c ${quote(inner)} 2> ${quote(files.err)}; echo $? > ${
          quote(files.exit)
        }; sleep 30`;
        const started = await tmux("new-session", "-d", "-s", "sig", "-x", "120", "-y", "40");
        assertEquals(started.code, 0, started.stderr);
        await tmux("send-keys", "-t", "sig", command, "Enter");
        // The idle alert was fired, persisted and its delivery failed (a warning is held).
        let statePath = "";
        const fired = await waitFor(
          async () => {
            statePath = await fileContaining(join(state, "claude-monitor"), '"idle:') ?? "";
            return statePath !== "";
          },
          20_000,
          200,
        );
        assert(fired, `no idle alert in the state: ${await readOr(files.err, "")}`);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await Deno.remove(statePath);
        const pid = Number((await Deno.readTextFile(files.pid)).trim());
        Deno.kill(pid, signal);
        const code = await exitCodeIn(files.exit, 10_000);
        assert(code !== null, `the dashboard did not exit on ${signal}`);
        assertEquals(code, "0");
        const saved = JSON.parse(await Deno.readTextFile(statePath));
        assert(JSON.stringify(saved.alerts).includes('"idle:'), "the final save wrote the alerts");
        const stderr = await Deno.readTextFile(files.err);
        assert(stderr.includes("Cannot send notification"), `held warning not printed: ${stderr}`);
        const screen = await tmux("display-message", "-p", "-t", "sig", "#{alternate_on}");
        assertEquals(screen.stdout.trim(), "0", "the terminal left the alternate screen");
      }),
  });
}
