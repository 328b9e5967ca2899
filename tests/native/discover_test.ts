/** Where the native reader looks for Claude Code transcripts. */

import { deepStrictEqual, ok } from "node:assert/strict";
import { claudeDataDirs, discoverFiles } from "../../src/sources/native/discover.ts";
import { createDenoFileSystem } from "../../src/sources/native/deno_file_system.ts";
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

Deno.test("discoverFiles() finds the same with a synchronous listing as with the async one", async () => {
  const root = await Deno.makeTempDir({ prefix: "cm-discover-" });
  try {
    const made = [
      "a/projects/p1/s1.jsonl",
      "a/projects/p1/notes.txt",
      "a/projects/p1/deep/er/s2.jsonl",
      "a/projects/p2/s3.jsonl",
      "a/projects/top.jsonl",
      "b/s4.jsonl",
      "c/projects/empty/.keep",
    ];
    for (const file of made) {
      await Deno.mkdir(`${root}/${file.slice(0, file.lastIndexOf("/"))}`, { recursive: true });
      await Deno.writeTextFile(`${root}/${file}`, "{}\n");
    }
    await Deno.symlink(`${root}/a/projects/p2`, `${root}/a/projects/linked`);
    await Deno.symlink(`${root}/a/projects/p1/s1.jsonl`, `${root}/a/projects/p2/link.jsonl`);
    await Deno.mkdir(`${root}/a/projects/p2/dir.jsonl`);
    const dirs = [`${root}/a`, `${root}/b/projects/..`, `${root}/c`, `${root}/missing`];
    const deno = createDenoFileSystem();
    const { readDirSync: _sync, ...asyncOnly } = deno;
    ok(deno.readDirSync !== undefined);
    const withSync = await discoverFiles(deno, dirs);
    deepStrictEqual(withSync, await discoverFiles(asyncOnly, dirs));
    deepStrictEqual(withSync.files, [
      `${root}/a/projects/p1/deep/er/s2.jsonl`,
      `${root}/a/projects/p1/s1.jsonl`,
      `${root}/a/projects/p2/s3.jsonl`,
      `${root}/a/projects/top.jsonl`,
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
