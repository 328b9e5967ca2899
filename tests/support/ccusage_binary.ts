/**
 * Gets the real ccusage 20.0.24 for differential tests on a machine that has only Deno: the
 * native binary from `.tools/` (what `.ci/run` installs) when present, else from Deno's npm cache
 * (`deno cache npm:@ccusage/ccusage-<os>-<arch>@20.0.24`), copied into the git-ignored
 * `.tools/ccusage-20.0.24/` and made executable (npm tarballs carry no run bit in Deno's cache).
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { denoNpmCacheDir } from "../../scripts/deno_npm_cache.ts";

/** The ccusage version every differential test compares against. */
export const CCUSAGE_VERSION = "20.0.24";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function nativePackage(): string {
  const os = Deno.build.os === "darwin"
    ? "darwin"
    : Deno.build.os === "windows"
    ? "win32"
    : "linux";
  const arch = Deno.build.arch === "aarch64" ? "arm64" : "x64";
  return `@ccusage/ccusage-${os}-${arch}`;
}

function binaryName(): string {
  return Deno.build.os === "windows" ? "ccusage.exe" : "ccusage";
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

async function versionOf(path: string): Promise<string | null> {
  try {
    const out = await new Deno.Command(path, {
      args: ["--version"],
      stdout: "piped",
      stderr: "null",
    })
      .output();
    return out.success
      ? new TextDecoder().decode(out.stdout).trim().replace(/^ccusage\s+/, "")
      : null;
  } catch {
    return null;
  }
}

async function fetchIntoTools(): Promise<string> {
  const pkg = `${nativePackage()}@${CCUSAGE_VERSION}`;
  // --no-config/--no-lock: the project's frozen lock must not change for a test tool.
  const cached = await new Deno.Command(Deno.execPath(), {
    args: ["cache", "-q", "--no-config", "--no-lock", `npm:${pkg}`],
    cwd: Deno.cwd(),
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!cached.success) {
    throw new Error(
      `Cannot get ccusage ${CCUSAGE_VERSION}: \`deno cache npm:${pkg}\` failed: ${
        new TextDecoder().decode(cached.stderr).trim().split("\n")[0]
      }`,
    );
  }
  const source = join(
    await denoNpmCacheDir("piped"),
    "registry.npmjs.org",
    nativePackage(),
    CCUSAGE_VERSION,
    "bin",
    binaryName(),
  );
  if (!isFile(source)) {
    throw new Error(`Cannot get ccusage ${CCUSAGE_VERSION}: "${source}" is missing`);
  }
  const target = join(ROOT, ".tools", `ccusage-${CCUSAGE_VERSION}`, binaryName());
  await Deno.mkdir(dirname(target), { recursive: true });
  // Copy then rename, so a second test process never runs a half-written binary.
  const tmp = `${target}.${Deno.pid}.tmp`;
  await Deno.copyFile(source, tmp);
  if (Deno.build.os !== "windows") await Deno.chmod(tmp, 0o755);
  await Deno.rename(tmp, target);
  return target;
}

let found: Promise<string> | null = null;

/**
 * The path of a runnable ccusage 20.0.24 native binary, fetched through Deno's npm support when
 * no copy exists yet. Throws one clear line when it cannot be had (offline and never cached).
 */
export function ccusageBinary(): Promise<string> {
  return found ??= (async () => {
    const candidates = [
      join(ROOT, ".tools", "node_modules", nativePackage(), "bin", binaryName()),
      join(ROOT, ".tools", `ccusage-${CCUSAGE_VERSION}`, binaryName()),
    ];
    for (const path of candidates) {
      if (isFile(path) && await versionOf(path) === CCUSAGE_VERSION) return path;
    }
    const path = await fetchIntoTools();
    const version = await versionOf(path);
    if (version !== CCUSAGE_VERSION) {
      throw new Error(`Cannot run ccusage at "${path}": it reports version "${version}"`);
    }
    return path;
  })();
}

/** A PATH with the ccusage 20.0.24 binary's folder first, for child processes that run `ccusage`. */
export async function pathWithCcusage(): Promise<string> {
  const separator = Deno.build.os === "windows" ? ";" : ":";
  return `${dirname(await ccusageBinary())}${separator}${Deno.env.get("PATH") ?? ""}`;
}
