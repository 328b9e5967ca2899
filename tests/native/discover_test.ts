/** Where the native reader looks for Claude Code transcripts. */

import { deepStrictEqual } from "node:assert/strict";
import { claudeDataDirs, discoverFiles } from "../../src/sources/native/discover.ts";
import { MemoryFileSystem } from "../support/memory_file_system.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("claudeDataDirs() defaults to the XDG config dir and ~/.claude", () => {
  deepStrictEqual(claudeDataDirs({ env: env({}), home: "/home/ana" }), [
    "/home/ana/.config/claude",
    "/home/ana/.claude",
  ]);
  deepStrictEqual(claudeDataDirs({ env: env({ XDG_CONFIG_HOME: "/xdg" }), home: "/home/ana" }), [
    "/xdg/claude",
    "/home/ana/.claude",
  ]);
});

Deno.test("claudeDataDirs() takes CLAUDE_CONFIG_DIR as a trimmed, comma-separated list with ~ expanded", () => {
  const dirs = claudeDataDirs({
    env: env({
      CLAUDE_CONFIG_DIR: " ~/work-claude , /srv/claude/projects,,~ ",
      XDG_CONFIG_HOME: "/xdg",
    }),
    home: "/home/ana",
  });
  deepStrictEqual(dirs, ["/home/ana/work-claude", "/srv/claude/projects", "/home/ana"]);
});

Deno.test("claudeDataDirs() lets --claude-dir values override the environment", () => {
  const dirs = claudeDataDirs({
    env: env({ CLAUDE_CONFIG_DIR: "/env" }),
    home: "/home/ana",
    claudeDirs: ["~/a", "/b", "/b"],
  });
  deepStrictEqual(dirs, ["/home/ana/a", "/b"]);
});

Deno.test("discoverFiles() finds *.jsonl at any depth under projects/, skipping symlinks", async () => {
  const fs = new MemoryFileSystem();
  fs.write("/c1/projects/p/s1.jsonl", "");
  fs.write("/c1/projects/p/s1/subagents/agent-1.jsonl", "");
  fs.write("/c1/projects/p/notes.txt", "");
  fs.write("/c1/other/x.jsonl", "");
  fs.symlink("/c1/projects/p/linked.jsonl");
  fs.write("/c2/projects/q/s2.jsonl", "");
  const found = await discoverFiles(fs, ["/c2/projects", "/c1", "/missing"]);
  deepStrictEqual(found.searched, ["/c2/projects", "/c1", "/missing"]);
  deepStrictEqual(found.projectDirs, ["/c2/projects", "/c1/projects"]);
  deepStrictEqual(found.files, [
    "/c1/projects/p/s1.jsonl",
    "/c1/projects/p/s1/subagents/agent-1.jsonl",
    "/c2/projects/q/s2.jsonl",
  ]);
});

Deno.test("claudeDataDirs() splits --claude-dir values on commas as ccusage splits CLAUDE_CONFIG_DIR", () => {
  deepStrictEqual(
    claudeDataDirs({
      env: env({ CLAUDE_CONFIG_DIR: "/ignored" }),
      home: "/home/ana",
      claudeDirs: ["/a, ~/b", "/c", "/a"],
    }),
    ["/a", "/home/ana/b", "/c"],
  );
});
