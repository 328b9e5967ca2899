// deno-lint-ignore-file no-console
/**
 * Builds the release binaries: `deno task compile [--dry-run] [--target T]... [--version V]`.
 * Writes `dist/claude-session-monitor-<target>[.exe]` and `dist/SHA256SUMS`; the version is stamped into
 * each binary through an embedded environment file (see {@linkcode VERSION_ENV}).
 */

import { COMMAND_NAME } from "../src/cli/command_name.ts";
import { parseArgs } from "node:util";
import { RUNTIME_FLAGS } from "./permissions.ts";
import { denoNpmCacheDir } from "./deno_npm_cache.ts";

/** The targets a release ships, as `deno compile --target` names them. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

/** One release target. */
export type Target = typeof TARGETS[number];

/**
 * The variable that carries the version into a compiled binary. `deno compile --env-file` stores
 * the file's variables in the binary and sets them at start-up unless the environment already
 * has them; main.ts reads it and falls back to deno.json's version under `deno run`.
 */
export const VERSION_ENV = "CLAUDE_MONITOR_BUILD_VERSION";

/**
 * Worker entry points: deno compile does not follow `new Worker(...)`, so each must be included
 * by hand (the native reader parses large cold reads in workers).
 */
export const WORKER_MODULES: readonly string[] = ["src/sources/native/parse_worker.ts"];

/** Where the build writes its outputs, relative to the repository root. */
export const DIST_DIR = "dist";

/** The generated env file that stamps the version (kept out of the release assets). */
export const ENV_FILE = `${DIST_DIR}/.build/version.env`;

/** The file name of the binary for `target`. */
export function binaryName(target: Target): string {
  return `${COMMAND_NAME}-${target}${target.includes("windows") ? ".exe" : ""}`;
}

/**
 * The exact `deno compile` argv for one target; `argv[0]` is `deno` (the script runs the deno
 * that runs it). No `--include`: with managed npm, `deno compile` embeds every file of each npm
 * package, so blessed's `usr/` terminfo files and its `lib/widgets/*` (loaded by a computed
 * `require`) travel in the binary. `excludes` are absolute paths left out (see
 * {@linkcode blessedExampleDir}).
 *
 * @example
 * ```ts
 * compileCommand("x86_64-apple-darwin", []).at(-1); // "main.ts"
 * ```
 */
export function compileCommand(target: Target, excludes: readonly string[]): string[] {
  return [
    "deno",
    "compile",
    ...RUNTIME_FLAGS,
    `--env-file=${ENV_FILE}`,
    ...WORKER_MODULES.map((path) => `--include=${path}`),
    ...excludes.map((path) => `--exclude=${path}`),
    "--target",
    target,
    "--output",
    `${DIST_DIR}/${binaryName(target)}`,
    "main.ts",
  ];
}

/**
 * Where blessed's `example/` directory sits in Deno's npm cache. deno compile 2.9.6 runs a CJS
 * export analysis over every embedded file and overflows its stack on
 * `example/ansi-viewer/ansi-art.list` (a 146 KB text file parsed as JavaScript), aborting the
 * build; blessed never loads its examples, so they stay out. `--exclude` takes paths, not globs,
 * hence the absolute path.
 */
export function blessedExampleDir(
  npmCache: string,
  blessedSpecifier: string,
  registryUrl: string | undefined,
): string {
  const version = blessedSpecifier.match(/^npm:blessed@(\d+\.\d+\.\d+)$/)?.[1];
  if (version === undefined) {
    throw new Error(
      `Cannot find blessed's version: expected deno.json's imports.blessed to be "npm:blessed@x.y.z", got "${blessedSpecifier}"`,
    );
  }
  // Deno keeps each registry's packages under its host (and path) inside the npm cache.
  const registry = new URL(registryUrl ?? "https://registry.npmjs.org/");
  const registryDir = `${registry.host}${registry.pathname.replace(/\/+$/, "")}`;
  const sep = npmCache.includes("\\") && !npmCache.includes("/") ? "\\" : "/";
  return [npmCache, ...registryDir.split("/"), "blessed", version, "example"].join(sep);
}

/** Quotes one argument for display in a POSIX shell. */
function shellQuote(arg: string): string {
  return /^[\w./=,:@+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Strips ANSI colours: deno prints them even into a pipe. */
function plainText(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}

/** Whether `deno compile` failed because it could not fetch the runtime it builds on. */
export function isRuntimeDownloadFailure(stderr: string): boolean {
  const plain = plainText(stderr);
  return /dl\.deno\.land\/\S*denort/.test(plain) || /Setting up base binary/.test(plain);
}

/** Turns what `deno compile` printed on failure into one line that says what went wrong. */
export function explainCompileFailure(target: Target, code: number, stderr: string): string {
  const plain = plainText(stderr);
  if (isRuntimeDownloadFailure(plain)) {
    const url = plain.match(/https:\/\/dl\.deno\.land\/\S*denort\S*\.zip/)?.[0];
    return `Cannot compile for ${target}: the Deno runtime (denort) could not be downloaded from ${
      url ?? "dl.deno.land"
    }; build on a machine that can reach dl.deno.land (no binary was written)`;
  }
  if (/overflowed its stack/.test(plain)) {
    return `Cannot compile for ${target}: deno compile overflowed its stack analysing npm package files; find the deeply nested file and leave it out with --exclude, as blessedExampleDir() does for blessed's examples`;
  }
  const first = plain.split("\n").map((l) => l.trim()).find((l) => l !== "") ??
    "no error output";
  return `Cannot compile for ${target}: deno compile exited with code ${code}: ${first}`;
}

/** The SHA256SUMS text for the given files, in the format `sha256sum -c` checks. */
export function checksumsText(sums: readonly { name: string; sha256: string }[]): string {
  return sums.map((s) => `${s.sha256}  ${s.name}\n`).join("");
}

/** The SHA-256 of `bytes` as lowercase hex. */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The outcome of running one command. */
export interface RunOutcome {
  code: number;
  stderr: string;
}

/** What {@linkcode compileMain} touches, so tests can run it without a network or a real build. */
export interface CompileDeps {
  /** Runs `deno` with these arguments (argv without the leading "deno") from the repo root. */
  runDeno(args: string[]): Promise<RunOutcome>;
  /** Deno's npm cache directory (`deno info --json`, key `npmCache`). */
  npmCacheDir(): Promise<string>;
  /** `NPM_CONFIG_REGISTRY`, which moves packages inside the npm cache. */
  npmRegistry: string | undefined;
  readTextFile(path: string): Promise<string>;
  readFile(path: string): Promise<Uint8Array<ArrayBuffer>>;
  writeTextFile(path: string, text: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  remove(path: string): Promise<void>;
  out(line: string): void;
  err(line: string): void;
}

const USAGE = "Usage: deno task compile [--dry-run] [--target TARGET]... [--version VERSION]";

/** The parts of deno.json the build needs. */
interface DenoConfig {
  version?: unknown;
  imports?: Record<string, unknown>;
}

/**
 * Runs the build; returns the exit code (0 built, 1 build failed, 2 usage).
 *
 * @example
 * ```ts
 * await compileMain(["--dry-run"], realDeps()); // prints five deno compile commands
 * ```
 */
export async function compileMain(argv: string[], deps: CompileDeps): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        "dry-run": { type: "boolean" },
        target: { type: "string", multiple: true },
        version: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }).values;
  } catch (error) {
    deps.err(`${error instanceof Error ? error.message.split("\n")[0] : error}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    deps.out(`${USAGE}\nTargets: ${TARGETS.join(", ")}`);
    return 0;
  }
  const targets: Target[] = [];
  for (const t of values.target ?? TARGETS) {
    if (!(TARGETS as readonly string[]).includes(t)) {
      deps.err(`Unknown target "${t}": expected one of ${TARGETS.join(", ")}`);
      return 2;
    }
    if (!targets.includes(t as Target)) targets.push(t as Target);
  }
  const config = JSON.parse(await deps.readTextFile("deno.json")) as DenoConfig;
  if (values.version === undefined && (typeof config.version !== "string" || !config.version)) {
    deps.err(`Cannot read the version: deno.json has no "version" string`);
    return 1;
  }
  // A release tag is "v1.2.3"; the binary reports "1.2.3".
  const version = values.version?.replace(/^v/, "") ?? String(config.version);
  if (!/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(version)) {
    deps.err(`Invalid --version "${version}": expected a semantic version such as 1.2.3`);
    return 2;
  }
  const envText = `${VERSION_ENV}=${version}\n`;
  const excludes = [
    blessedExampleDir(
      await deps.npmCacheDir(),
      String(config.imports?.["blessed"] ?? ""),
      deps.npmRegistry,
    ),
  ];

  if (values["dry-run"]) {
    deps.out(`# ${ENV_FILE}: ${envText.trim()}`);
    for (const target of targets) {
      deps.out(compileCommand(target, excludes).map(shellQuote).join(" "));
    }
    return 0;
  }

  // A stale SHA256SUMS next to fresh binaries would be worse than none.
  await deps.remove(`${DIST_DIR}/SHA256SUMS`);
  await deps.mkdir(`${DIST_DIR}/.build`);
  await deps.writeTextFile(ENV_FILE, envText);
  const sums: { name: string; sha256: string }[] = [];
  for (const target of targets) {
    const [, ...args] = compileCommand(target, excludes);
    deps.out(`Compiling ${binaryName(target)} (version ${version})`);
    const result = await deps.runDeno(args);
    if (result.code !== 0) {
      // Type errors and the like need deno's full report; a missing runtime needs one line.
      if (!isRuntimeDownloadFailure(result.stderr)) deps.err(result.stderr.trimEnd());
      deps.err(explainCompileFailure(target, result.code, result.stderr));
      return 1;
    }
    const name = binaryName(target);
    sums.push({ name, sha256: await sha256Hex(await deps.readFile(`${DIST_DIR}/${name}`)) });
  }
  await deps.writeTextFile(`${DIST_DIR}/SHA256SUMS`, checksumsText(sums));
  deps.out(`Wrote ${sums.length} binaries and ${DIST_DIR}/SHA256SUMS`);
  return 0;
}

/** The real file system and the deno that runs this script. */
function realDeps(): CompileDeps {
  return {
    async runDeno(args) {
      const output = await new Deno.Command(Deno.execPath(), {
        args,
        stdout: "inherit",
        stderr: "piped",
      }).output();
      return { code: output.code, stderr: new TextDecoder().decode(output.stderr) };
    },
    npmCacheDir: () => denoNpmCacheDir(),
    npmRegistry: Deno.env.get("NPM_CONFIG_REGISTRY") || undefined,
    readTextFile: (path) => Deno.readTextFile(path),
    readFile: (path) => Deno.readFile(path),
    writeTextFile: (path, text) => Deno.writeTextFile(path, text),
    mkdir: (path) => Deno.mkdir(path, { recursive: true }),
    async remove(path) {
      await Deno.remove(path).catch((e) => {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      });
    },
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  };
}

if (import.meta.main) {
  // Paths in the commands are relative to the repository root.
  Deno.chdir(new URL("..", import.meta.url));
  try {
    Deno.exit(await compileMain(Deno.args, realDeps()));
  } catch (error) {
    // Setup failures (deno.json, deno info) are one line too, not a stack trace.
    console.error(error instanceof Error ? error.message : String(error));
    Deno.exit(1);
  }
}
