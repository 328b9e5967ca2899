/**
 * The command is `claude-session-monitor` everywhere a user meets it (help, version, messages,
 * release assets, workflows, docs); the config and state folders keep `claude-monitor`.
 */

import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { COMMAND_NAME } from "../../src/cli/command_name.ts";
import { helpText } from "../../src/cli/args.ts";
import { binaryName, TARGETS } from "../../scripts/compile.ts";
import { configPath, stateDir } from "../../src/store/paths.ts";
import { runMain } from "../support/run_main.ts";

const read = (path: string) => Deno.readTextFileSync(new URL(`../../${path}`, import.meta.url));

Deno.test("the command and release assets are named claude-session-monitor", () => {
  assertEquals(COMMAND_NAME, "claude-session-monitor");
  for (const target of TARGETS) assert(binaryName(target).startsWith("claude-session-monitor-"));
  const help = helpText("1.2.3");
  assert(help.startsWith("claude-session-monitor 1.2.3: "), help);
  // Usage lines name the new command only (folder paths may keep the old name).
  assert(!/^\s+claude-monitor /m.test(help), help);
});

Deno.test("the config and state folders keep the claude-monitor name", () => {
  const env = { HOME: "/home/u" };
  assertEquals(configPath(env, "linux"), "/home/u/.config/claude-monitor/config.json");
  assertEquals(stateDir(env, "linux"), "/home/u/.local/state/claude-monitor");
});

Deno.test("workflows, README and docs never name an asset or command claude-monitor", () => {
  const files = [
    ".github/workflows/ci.yml",
    ".github/workflows/release.yml",
    "README.md",
    "docs/install.md",
    "docs/autostart.md",
    "docs/status-bars.md",
    "docs/configuration.md",
  ];
  for (const file of files) {
    const text = read(file);
    assert(!/claude-monitor-(x86|aarch|\*|\$)/.test(text), `${file} names an old asset`);
    // A command line starting with the old name (folder paths and the note about it aside).
    const commands = text.split("\n").filter((line) =>
      /^\s*(\$ )?claude-monitor( |$)/.test(line) || /`claude-monitor (--|config|blocks)/.test(line)
    );
    assertEquals(commands, [], `${file} runs the old command name`);
  }
  assert(read("README.md").includes("Claude-Code-Usage-Monitor"), "README explains the clash");
});

Deno.test("--version and messages use the new name", async () => {
  const version = await runMain(["--version"]);
  assert(version.stdout.startsWith("claude-session-monitor "), version.stdout);
  const bad = await runMain(["--start-day", "0"]);
  assertEquals(bad.code, 2);
  assert(bad.stderr.startsWith("claude-session-monitor: "), bad.stderr);
  assert(bad.stderr.includes("Run claude-session-monitor --help"), bad.stderr);
});
