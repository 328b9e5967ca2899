/**
 * Tests that need a system tool (tmux, the D-Bus notification stack): outside CI they are skipped
 * with a visible reason naming the Debian package to install; under `CI` on Linux they always
 * run, so a missing tool fails the build instead of passing silently.
 */

/** Whether `tool` is an executable file in one of PATH's folders. */
export function onPath(tool: string, path = Deno.env.get("PATH") ?? ""): boolean {
  const separator = Deno.build.os === "windows" ? ";" : ":";
  return path.split(separator).filter((dir) => dir !== "").some((dir) => {
    try {
      const info = Deno.statSync(`${dir}/${tool}`);
      return info.isFile && (Deno.build.os === "windows" || ((info.mode ?? 0o111) & 0o111) !== 0);
    } catch {
      return false;
    }
  });
}

/** Whether the `CI` variable is set. */
export function inCi(): boolean {
  const ci = Deno.env.get("CI");
  return ci !== undefined && ci !== "" && ci !== "0" && ci !== "false";
}

/**
 * Whether a missing tool must fail the test: under `CI` on Linux, where `.ci/run` and the
 * workflow install tmux and the notification stack (macOS and Windows runners do not).
 */
export function toolsRequired(): boolean {
  return inCi() && Deno.build.os === "linux";
}

/**
 * `Deno.test` options for a test that needs `tools` (program name -> Debian package). A skipped
 * test's name carries the reason, since `deno test -q` hides output printed while loading:
 * `<name> [skipped: "tmux" not on PATH; install the Debian package tmux]`.
 */
export function toolTestOptions(
  name: string,
  tools: Record<string, string>,
  extraIgnore = false,
): { name: string; ignore: boolean } {
  if (extraIgnore) return { name, ignore: true };
  const missing = Object.keys(tools).filter((tool) => !onPath(tool));
  if (missing.length === 0 || toolsRequired()) return { name, ignore: false };
  const packages = [...new Set(missing.map((tool) => tools[tool]))].join(" ");
  const reason = `${missing.map((t) => `"${t}"`).join(", ")} not on PATH; install the Debian ` +
    `package${packages.includes(" ") ? "s" : ""} ${packages}`;
  return { name: `${name} [skipped: ${reason}]`, ignore: true };
}
