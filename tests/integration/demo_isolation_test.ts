/**
 * `--demo` never touches real state (issue 10 item 1): it writes nothing to the state directory,
 * leaves the next real run's numbers unchanged and sends no desktop notification.
 */

import { deepStrictEqual, equal, match } from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RUNTIME_FLAGS } from "../../scripts/permissions.ts";
import { assistantLine, writeTranscript } from "../support/generate_jsonl.ts";
import { runMain } from "../support/run_main.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const posix = Deno.build.os !== "windows";

async function listTree(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      names.push(entry.name);
      if (entry.isDirectory) {
        for (const inner of await listTree(join(dir, entry.name))) {
          names.push(`${entry.name}/${inner}`);
        }
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return names.sort();
}

async function realData(base: string): Promise<string> {
  const data = join(base, "claude");
  const day = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const usage = { input_tokens: 1000, output_tokens: 400 };
  await writeTranscript(data, "p/s.jsonl", [
    assistantLine({ time: day - 3 * 3_600_000, usage, messageId: "m1", requestId: "r1" }),
  ]);
  return data;
}

Deno.test("--once --demo writes nothing and the next real run's numbers are unchanged", async () => {
  const base = await Deno.makeTempDir({ prefix: "cm-demo-" });
  const home = join(base, "home");
  const data = await realData(base);
  const real = () =>
    runMain(["--once", "--json", "--source", "native", "--claude-dir", data], { home });
  const before = await real();
  equal(before.code, 0, before.stderr);
  const stateBefore = await listTree(join(home, ".local", "state"));
  // The native reader's cache (issue 13) is real data's too: demo runs leave it as it is.
  const cacheBefore = await listTree(join(home, ".cache"));
  const cacheFile = (await listTree(join(home, ".cache"))).find((name) => name.endsWith(".bin"));
  const cacheBytes = cacheFile ? await Deno.readFile(join(home, ".cache", cacheFile)) : null;

  for (const format of [["--json"], []]) {
    const demo = await runMain(["--once", "--demo", ...format], { home });
    equal(demo.code, 0, demo.stderr);
  }
  deepStrictEqual(await listTree(join(home, ".local", "state")), stateBefore);
  deepStrictEqual(await listTree(join(home, ".cache")), cacheBefore);
  if (cacheFile) deepStrictEqual(await Deno.readFile(join(home, ".cache", cacheFile)), cacheBytes);

  const after = await real();
  equal(after.code, 0, after.stderr);
  deepStrictEqual(JSON.parse(after.stdout).period, JSON.parse(before.stdout).period);
});

Deno.test("--once --demo on a fresh machine leaves no state or cache folder at all", async () => {
  const home = await Deno.makeTempDir({ prefix: "cm-demo-home-" });
  for (const args of [["--once", "--demo"], ["--once", "--demo", "--source", "native"]]) {
    const demo = await runMain(args, { home });
    equal(demo.code, 0, demo.stderr);
  }
  // Nothing at all in HOME: no state, no reader cache, no captures.
  deepStrictEqual(await listTree(home), []);
});

Deno.test({
  name: "a headless --demo monitor shows its alerts but sends no desktop notification",
  ignore: !posix,
  async fn() {
    const base = await Deno.makeTempDir({ prefix: "cm-demo-notify-" });
    const bin = join(base, "bin");
    await Deno.mkdir(bin);
    const record = join(base, "notifications.log");
    await Deno.writeTextFile(join(bin, "notify-send"), `#!/bin/sh\necho "$*" >> "${record}"\n`);
    await Deno.chmod(join(bin, "notify-send"), 0o755);
    const home = join(base, "home");
    const child = new Deno.Command(Deno.execPath(), {
      // The demo's live window ends within 3 h: --alert-before 300 fires the alert at once.
      args: ["run", ...RUNTIME_FLAGS, join(ROOT, "main.ts"), "--headless", "--demo"].concat(
        ["--alert-before", "300", "--timezone", "UTC"],
      ),
      env: {
        PATH: `${bin}:/usr/bin:/bin`,
        HOME: home,
        XDG_STATE_HOME: join(home, "state"),
        XDG_CONFIG_HOME: join(home, "config"),
        DENO_DIR: Deno.env.get("DENO_DIR") ?? join(Deno.env.get("HOME") ?? "", ".cache", "deno"),
      },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let stdout = "";
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !/ends in/.test(stdout)) {
      const { value, done } = await reader.read();
      if (done) break;
      stdout += value;
    }
    // A notification would be sent right after the alert fires: give it time to show up.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill("SIGTERM");
    reader.releaseLock();
    await child.stdout.cancel().catch(() => {});
    const status = await child.status;
    const stderr = await new Response(child.stderr).text();
    equal(status.code, 0, stderr);
    match(stdout, /ends in/);
    equal(await Deno.readTextFile(record).catch(() => ""), "", "no notify-send call");
    deepStrictEqual(await listTree(join(home, "state")), []);
  },
});
