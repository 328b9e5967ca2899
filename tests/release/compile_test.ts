import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import {
  blessedExampleDir,
  type CompileDeps,
  compileMain,
  ENV_FILE,
  explainCompileFailure,
  type RunOutcome,
  TARGETS,
  WORKER_MODULES,
} from "../../scripts/compile.ts";
import { RUN_ALLOWLIST, RUNTIME_FLAGS } from "../../scripts/permissions.ts";

const DENORT_FAILURE =
  "\x1b[0m\x1b[1m\x1b[31merror\x1b[0m: Writing deno compile executable to temporary file " +
  "'dist/claude-session-monitor-x86_64-unknown-linux-gnu.tmp-1'\n\nCaused by:\n    0: Setting up base binary.\n" +
  "    1: error sending request for url (https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip): " +
  "client error (Connect): dns error: failed to lookup address information\n";

/** An in-memory build: `compile` decides what each deno run does. */
function fakeDeps(
  compile: (args: string[], files: Map<string, Uint8Array<ArrayBuffer>>) => RunOutcome,
) {
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  files.set(
    "deno.json",
    new TextEncoder().encode(
      JSON.stringify({ version: "0.4.2", imports: { blessed: "npm:blessed@0.1.81" } }),
    ),
  );
  const out: string[] = [];
  const err: string[] = [];
  const runs: string[][] = [];
  const deps: CompileDeps = {
    runDeno(args) {
      runs.push(args);
      return Promise.resolve(compile(args, files));
    },
    npmCacheDir: () => Promise.resolve("/home/ci/.cache/deno/npm"),
    npmRegistry: undefined,
    readTextFile(path) {
      const bytes = files.get(path);
      if (!bytes) return Promise.reject(new Deno.errors.NotFound(path));
      return Promise.resolve(new TextDecoder().decode(bytes));
    },
    readFile(path) {
      const bytes = files.get(path);
      return bytes ? Promise.resolve(bytes) : Promise.reject(new Deno.errors.NotFound(path));
    },
    writeTextFile(path, text) {
      files.set(path, new TextEncoder().encode(text));
      return Promise.resolve();
    },
    mkdir: () => Promise.resolve(),
    remove(path) {
      files.delete(path);
      return Promise.resolve();
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  };
  return { deps, files, out, err, runs };
}

function text(files: Map<string, Uint8Array<ArrayBuffer>>, path: string): string | undefined {
  const bytes = files.get(path);
  return bytes && new TextDecoder().decode(bytes);
}

Deno.test("compile --dry-run prints one deno compile command per release target", async () => {
  const { deps, out, runs } = fakeDeps(() => ({ code: 0, stderr: "" }));
  assertEquals(await compileMain(["--dry-run"], deps), 0);
  assertEquals(runs, [], "a dry run compiles nothing");
  const commands = out.filter((l) => l.startsWith("deno compile "));
  assertEquals(commands.length, 5);
  for (const [i, target] of TARGETS.entries()) {
    const argv = (commands[i] ?? "").split(" ");
    const exe = target.includes("windows") ? ".exe" : "";
    assertEquals(argv.slice(0, 2), ["deno", "compile"]);
    assertEquals(argv.at(-1), "main.ts");
    assert(argv.includes("--target") && argv[argv.indexOf("--target") + 1] === target);
    assertEquals(argv[argv.indexOf("--output") + 1], `dist/claude-session-monitor-${target}${exe}`);
    assert(argv.includes(`--env-file=${ENV_FILE}`));
    assert(
      argv.includes("--exclude=/home/ci/.cache/deno/npm/registry.npmjs.org/blessed/0.1.81/example"),
      "blessed's examples crash deno compile's CJS analysis and must stay out",
    );
    for (const flag of RUNTIME_FLAGS) assert(argv.includes(flag), `${target} lacks ${flag}`);
    for (const worker of WORKER_MODULES) assert(argv.includes(`--include=${worker}`), worker);
  }
  assert(out[0]?.includes("CLAUDE_MONITOR_BUILD_VERSION=0.4.2"), "version comes from deno.json");
});

Deno.test("compile commands grant no network, no blanket permission and only the known programs", async () => {
  const { deps, out } = fakeDeps(() => ({ code: 0, stderr: "" }));
  await compileMain(["--dry-run"], deps);
  for (const line of out.filter((l) => l.startsWith("deno compile "))) {
    const argv = line.split(" ");
    assert(!argv.some((a) => /^(-A|--allow-all|--allow-net|-N)(=|$)/.test(a)), line);
    assert(argv.includes("--unstable-unsafe-proto"), line);
    const run = argv.filter((a) => a.startsWith("--allow-run"));
    assertEquals(run, [
      "--allow-run=ccusage,notify-send,dunstify,terminal-notifier,osascript,powershell.exe,powershell,kill,taskkill",
    ]);
  }
  assertEquals(RUN_ALLOWLIST.length, 9);
});

Deno.test("the start task in deno.json runs with exactly the flags the binaries get", async () => {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
  ) as { tasks: Record<string, string> };
  assertEquals(config.tasks["start"], `deno run ${RUNTIME_FLAGS.join(" ")} main.ts`);
});

Deno.test("compile --target builds only that target and --version overrides deno.json", async () => {
  const { deps, out } = fakeDeps(() => ({ code: 0, stderr: "" }));
  assertEquals(
    await compileMain(
      ["--dry-run", "--target", "aarch64-apple-darwin", "--version", "v1.2.3"],
      deps,
    ),
    0,
  );
  assertEquals(out.filter((l) => l.startsWith("deno compile ")).length, 1);
  assertMatch(out.join("\n"), /--target aarch64-apple-darwin/);
  assertMatch(out[0] ?? "", /CLAUDE_MONITOR_BUILD_VERSION=1\.2\.3$/);
});

Deno.test("compile rejects an unknown target and a malformed version as usage errors", async () => {
  const a = fakeDeps(() => ({ code: 0, stderr: "" }));
  assertEquals(await compileMain(["--target", "riscv64-linux"], a.deps), 2);
  assertMatch(a.err.join("\n"), /Unknown target "riscv64-linux"/);
  const b = fakeDeps(() => ({ code: 0, stderr: "" }));
  assertEquals(await compileMain(["--version", "latest"], b.deps), 2);
  assertMatch(b.err.join("\n"), /Invalid --version "latest"/);
});

Deno.test("compile fails with one clear line when the Deno runtime cannot be downloaded", async () => {
  const { deps, err, files, out } = fakeDeps(() => ({ code: 1, stderr: DENORT_FAILURE }));
  files.set("dist/SHA256SUMS", new TextEncoder().encode("stale  claude-session-monitor-old\n"));
  assertEquals(await compileMain([], deps), 1);
  assertEquals(err.length, 1, "one line, not deno's backtrace");
  assertMatch(
    err[0] ?? "",
    /^Cannot compile for x86_64-unknown-linux-gnu: the Deno runtime \(denort\)/,
  );
  assertMatch(err[0] ?? "", /denort-x86_64-unknown-linux-gnu\.zip/);
  assertEquals(files.has("dist/SHA256SUMS"), false, "no checksums for binaries that do not exist");
  assert(!out.some((l) => l.startsWith("Wrote")), "nothing claims a binary was built");
});

Deno.test("compile shows deno's own report when compiling fails for another reason", async () => {
  const { deps, err } = fakeDeps(() => ({
    code: 1,
    stderr: "TS2307 [ERROR]: Cannot find module\n",
  }));
  assertEquals(await compileMain(["--target", "x86_64-apple-darwin"], deps), 1);
  assertEquals(err, [
    "TS2307 [ERROR]: Cannot find module",
    "Cannot compile for x86_64-apple-darwin: deno compile exited with code 1: TS2307 [ERROR]: Cannot find module",
  ]);
});

Deno.test("compile writes SHA256SUMS in sha256sum format for every binary it built", async () => {
  const { deps, files, runs } = fakeDeps((args, fs) => {
    const output = args[args.indexOf("--output") + 1] ?? "";
    fs.set(output, new TextEncoder().encode(output.endsWith(".exe") ? "" : "abc"));
    return { code: 0, stderr: "" };
  });
  assertEquals(await compileMain(["--version", "2.0.0"], deps), 0);
  assertEquals(runs.length, 5);
  assertEquals(runs[0]?.[0], "compile", "runs the deno that runs the script, without a shell");
  assertEquals(text(files, ENV_FILE), "CLAUDE_MONITOR_BUILD_VERSION=2.0.0\n");
  const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  const empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  assertEquals(
    text(files, "dist/SHA256SUMS"),
    [
      `${abc}  claude-session-monitor-x86_64-unknown-linux-gnu`,
      `${abc}  claude-session-monitor-aarch64-unknown-linux-gnu`,
      `${abc}  claude-session-monitor-x86_64-apple-darwin`,
      `${abc}  claude-session-monitor-aarch64-apple-darwin`,
      `${empty}  claude-session-monitor-x86_64-pc-windows-msvc.exe`,
      "",
    ].join("\n"),
  );
});

Deno.test("explainCompileFailure() names the runtime download even without colours", () => {
  assertMatch(
    explainCompileFailure("aarch64-apple-darwin", 1, "0: Setting up base binary.\n"),
    /^Cannot compile for aarch64-apple-darwin: the Deno runtime \(denort\) could not be downloaded from dl\.deno\.land/,
  );
});

Deno.test("blessedExampleDir() follows deno.json's blessed version and the npm registry in use", async () => {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
  ) as { imports: Record<string, string> };
  const version = config.imports["blessed"]?.split("@").at(-1);
  assertEquals(
    blessedExampleDir("/c/npm", config.imports["blessed"] ?? "", undefined),
    `/c/npm/registry.npmjs.org/blessed/${version}/example`,
  );
  assertEquals(
    blessedExampleDir("/c/npm", "npm:blessed@0.1.81", "https://mirror.example.com/npm/"),
    "/c/npm/mirror.example.com/npm/blessed/0.1.81/example",
  );
  assertEquals(
    blessedExampleDir("C:\\Users\\me\\AppData\\Local\\deno\\npm", "npm:blessed@0.1.81", undefined),
    "C:\\Users\\me\\AppData\\Local\\deno\\npm\\registry.npmjs.org\\blessed\\0.1.81\\example",
  );
});

Deno.test("compile stops before building when deno.json does not pin blessed to a version", async () => {
  const { deps, files, runs } = fakeDeps(() => ({ code: 0, stderr: "" }));
  files.set(
    "deno.json",
    new TextEncoder().encode(JSON.stringify({ version: "1.0.0", imports: {} })),
  );
  let message = "";
  await compileMain([], deps).catch((e: Error) => message = e.message);
  assertMatch(message, /^Cannot find blessed's version/);
  assertEquals(runs, []);
});

Deno.test("explainCompileFailure() points at --exclude when deno compile overflows its stack", () => {
  const stderr =
    "Compile main.ts\n\nthread 'tokio-runtime-worker' (15751) has overflowed its stack\n" +
    "fatal runtime error: stack overflow, aborting\n";
  assertMatch(
    explainCompileFailure("x86_64-unknown-linux-gnu", 134, stderr),
    /^Cannot compile for x86_64-unknown-linux-gnu: deno compile overflowed its stack .*--exclude/,
  );
});

Deno.test("every worker module in src/ is included in the binary", async () => {
  // deno compile embeds what imports reach; a `new Worker(new URL(...))` target must be listed.
  const found: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (entry.name.endsWith(".ts")) {
        const text = await Deno.readTextFile(path);
        for (const m of text.matchAll(/new Worker\(\s*new URL\("\.\/([^"]+)"/g)) {
          found.push(`${dir}/${m[1]}`);
        }
      }
    }
  };
  await walk("src");
  assert(found.length > 0, "the native reader starts parse workers");
  assertEquals([...found].sort(), [...WORKER_MODULES].sort());
});
