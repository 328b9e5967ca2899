/**
 * Trouble with the state folder never stops the monitor: `--once` still prints the numbers and
 * exits 0, warns once naming the path, keeps the state in memory and leaves the files as found.
 * The state file is located by a first, healthy run, so these tests do not depend on its name.
 */

import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { emptyState, StateStore } from "../../src/store/state_store.ts";
import { generateActive } from "../support/generate_jsonl.ts";
import { runMain } from "../support/run_main.ts";
import { readOnly, readOnlySupport } from "../support/read_only.ts";
import { toolsRequired } from "../support/tool_test_options.ts";

const posix = Deno.build.os !== "windows";

/** A home with data and one healthy run behind it; `stateFile` is where that run saved. */
async function prepared() {
  const home = await Deno.makeTempDir({ prefix: "cm-state-trouble-" });
  const data = join(home, "claude");
  await generateActive({ out: data, now: Date.now() });
  const stateDir = join(home, ".local", "state", "claude-monitor");
  const args = ["--once", "--json", "--source", "native", "--claude-dir", data];
  const first = await runMain(args, { home });
  equal(first.code, 0, first.stderr);
  const stateFile = await findStateFile(stateDir);
  ok(stateFile, "the healthy run saved a state file");
  return { home, data, stateDir, stateFile, args, expected: JSON.parse(first.stdout) };
}

/** The JSON file under `dir` that holds a tracker (whatever the layout names it). */
async function findStateFile(dir: string): Promise<string | null> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      const inner = await findStateFile(path);
      if (inner) return inner;
    } else if (entry.name.endsWith(".json")) {
      const text = await Deno.readTextFile(path);
      if (text.includes('"tracker"')) return path;
    }
  }
  return null;
}

/** The run's warnings: every stderr line. Exactly one is expected. */
function warnings(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.startsWith("claude-session-monitor: "));
}

/** Same numbers as the healthy run (the state only adds the record window, rebuilt here). */
interface Numbers {
  window: { tokens: unknown } | null;
  period: { sessionsUsed: number };
}

function sameNumbers(snapshot: Numbers, expected: Numbers) {
  deepStrictEqual(snapshot.window?.tokens, expected.window?.tokens);
  equal(snapshot.period.sessionsUsed, expected.period.sessionsUsed);
}

Deno.test({
  name: "a state file that is a folder: warns once, runs in memory, leaves the folder",
  ignore: !posix,
  async fn() {
    const s = await prepared();
    try {
      await Deno.remove(s.stateFile);
      await Deno.mkdir(s.stateFile);
      const r = await runMain(s.args, { home: s.home });
      equal(r.code, 0, r.stderr);
      sameNumbers(JSON.parse(r.stdout), s.expected);
      const lines = warnings(r.stderr);
      equal(lines.length, 1, r.stderr);
      match(lines[0]!, /Cannot read state file .*: it is a folder; running with in-memory state/);
      ok(lines[0]!.includes(s.stateFile), lines[0]);
      ok((await Deno.stat(s.stateFile)).isDirectory);
    } finally {
      await Deno.remove(s.home, { recursive: true });
    }
  },
});

Deno.test({
  name: "a file where the state folder should be: the warning names that file",
  ignore: !posix,
  async fn() {
    const s = await prepared();
    try {
      await Deno.remove(s.stateDir, { recursive: true });
      await Deno.writeTextFile(s.stateDir, "not a folder");
      for (const source of ["native", "ccusage"]) {
        // The ccusage source needs a working folder: a temporary one serves (a stand-in here).
        const bin = await Deno.makeTempDir();
        await Deno.writeTextFile(join(bin, "ccusage"), "#!/bin/sh\necho '{\"blocks\":[]}'\n");
        await Deno.chmod(join(bin, "ccusage"), 0o755);
        const args = s.args.map((a) => (a === "native" ? source : a));
        const r = await runMain(args, {
          home: s.home,
          env: { PATH: `${bin}:${Deno.env.get("PATH") ?? ""}` },
        });
        await Deno.remove(bin, { recursive: true });
        equal(r.code, 0, r.stderr);
        const lines = warnings(r.stderr);
        equal(lines.length, 1, r.stderr);
        ok(lines[0]!.includes(`${s.stateDir} is a file`), lines[0]);
        match(lines[0]!, /running with in-memory state/);
        equal(await Deno.readTextFile(s.stateDir), "not a folder");
      }
    } finally {
      await Deno.remove(s.home, { recursive: true });
    }
  },
});

Deno.test({
  name: "a state file from a newer schema is reported, kept and not overwritten",
  ignore: !posix,
  async fn() {
    const s = await prepared();
    try {
      const newer = JSON.stringify({ version: 2, tracker: { future: true }, alerts: null });
      await Deno.writeTextFile(s.stateFile, newer);
      const r = await runMain([...s.args, "--recalculate"], { home: s.home });
      equal(r.code, 0, r.stderr);
      sameNumbers(JSON.parse(r.stdout), s.expected);
      const lines = warnings(r.stderr);
      equal(lines.length, 1, r.stderr);
      match(lines[0]!, /is from a newer version \(schema 2\): kept unchanged/);
      equal(await Deno.readTextFile(s.stateFile), newer);
      const names = [...Deno.readDirSync(join(s.stateFile, ".."))].map((e) => e.name);
      ok(!names.some((n) => n.includes("corrupt")), `moved aside: ${names}`);
    } finally {
      await Deno.remove(s.home, { recursive: true });
    }
  },
});

// Read-only folders need `chmod` (a normal user) or a private read-only mount (root).
const readOnlyOk = readOnlySupport();
const readOnlyName = (name: string) =>
  readOnlyOk.ok || toolsRequired() ? name : `${name} [skipped: ${readOnlyOk.reason}]`;

Deno.test({
  name: readOnlyName("a read-only state folder with a corrupt state file: kept, warned once"),
  ignore: !posix || (!readOnlyOk.ok && !toolsRequired()),
  async fn() {
    const s = await prepared();
    try {
      await Deno.writeTextFile(s.stateFile, '{"version":1,"tracker":{"maxTok');
      const folder = join(s.stateFile, "..");
      const plan = await readOnly(folder);
      if (!plan.ok) throw new Error(`Cannot make ${folder} read-only: ${plan.reason}`);
      let r;
      try {
        r = await runMain(s.args, { home: s.home, prefix: plan.prefix });
      } finally {
        await plan.undo();
      }
      equal(r.code, 0, r.stderr);
      sameNumbers(JSON.parse(r.stdout), s.expected);
      const lines = warnings(r.stderr);
      equal(lines.length, 1, r.stderr);
      match(lines[0]!, /is corrupt and cannot be moved aside \(.+\): kept; running with in-memory/);
      equal(await Deno.readTextFile(s.stateFile), '{"version":1,"tracker":{"maxTok');
    } finally {
      await Deno.remove(s.home, { recursive: true });
    }
  },
});

Deno.test({
  name: readOnlyName("a read-only state folder with the ccusage source: ccusage runs elsewhere"),
  ignore: !posix || (!readOnlyOk.ok && !toolsRequired()),
  async fn() {
    const s = await prepared();
    const bin = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(
        join(bin, "ccusage"),
        `#!/bin/sh\npwd > "$(dirname "$0")/cwd"\necho '{"blocks":[]}'\n`,
      );
      await Deno.chmod(join(bin, "ccusage"), 0o755);
      await Deno.remove(join(s.stateDir, "ccusage-cwd"), { recursive: true }).catch(() => {});
      const plan = await readOnly(s.stateDir);
      if (!plan.ok) throw new Error(`Cannot make ${s.stateDir} read-only: ${plan.reason}`);
      let r;
      try {
        r = await runMain(s.args.map((a) => (a === "native" ? "ccusage" : a)), {
          home: s.home,
          prefix: plan.prefix,
          env: { PATH: `${bin}:${Deno.env.get("PATH") ?? ""}` },
        });
      } finally {
        await plan.undo();
      }
      equal(r.code, 0, r.stderr);
      equal(JSON.parse(r.stdout).source.ok, true, r.stdout);
      const cwd = (await Deno.readTextFile(join(bin, "cwd"))).trim();
      ok(!cwd.startsWith(s.stateDir), `ccusage ran in ${cwd}`);
      // The temporary working folder is removed when the run ends.
      await Deno.stat(cwd).then(() => ok(false, `${cwd} left behind`), () => {});
    } finally {
      await Deno.remove(bin, { recursive: true });
      await Deno.remove(s.home, { recursive: true });
    }
  },
});

Deno.test("StateStore warns once when saving fails, and a later save retries", async () => {
  const home = await Deno.makeTempDir();
  try {
    const dir = join(home, "claude-monitor");
    const store = new StateStore(dir);
    equal((await store.load(0)).warning, null);
    // The folder turns into a file after loading: the first save says so, the next stay quiet.
    await Deno.writeTextFile(dir, "x");
    let first: unknown = null;
    await store.save(emptyState()).catch((error) => (first = error));
    ok(first instanceof Error);
    match(first.message, new RegExp(`${dir} is a file; running with in-memory state`));
    await store.save(emptyState());
    equal(await Deno.readTextFile(dir), "x");
    // The trouble goes away: the next save writes the state, without a second warning.
    await Deno.remove(dir);
    const state = emptyState();
    state.tracker.maxTokens = 1234;
    await store.save(state);
    equal(JSON.parse(await Deno.readTextFile(store.path)).tracker.maxTokens, 1234);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
