import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { appendLines, sessionTail, undoAppends } from "../../scripts/bench/append.ts";
import { Rng } from "../support/generate_jsonl.ts";

Deno.test("sessionTail() writes about the asked bytes of user and assistant lines, deterministically", () => {
  const lines = sessionTail(new Rng(5), 64 * 1024, Date.UTC(2026, 0, 1), "session-a");
  const bytes = lines.reduce((sum, line) => sum + line.length + 1, 0);
  assertEquals(bytes >= 64 * 1024 && bytes < 160 * 1024, true);
  const parsed = lines.map((line) => JSON.parse(line) as { type: string });
  assertEquals(parsed.some((line) => line.type === "user"), true);
  assertEquals(parsed.some((line) => line.type === "assistant"), true);
  assertEquals(sessionTail(new Rng(5), 64 * 1024, Date.UTC(2026, 0, 1), "session-a"), lines);
});

Deno.test("appendLines() grows a few files and undoAppends() cuts them back", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cm-bench-append-" });
  try {
    const files: string[] = [];
    for (let index = 0; index < 6; index++) {
      const path = `${dir}/${index}.jsonl`;
      await Deno.writeTextFile(path, `{"type":"summary","summary":"${index}"}\n`);
      files.push(path);
    }
    const before = await Promise.all(files.map(async (path) => (await Deno.stat(path)).size));
    const record: Record<string, number> = {};
    const written = await appendLines(files, {
      bytes: 32 * 1024,
      fileCount: 4,
      start: Date.UTC(2026, 0, 1),
      seed: 1,
      record,
    });
    assertEquals(Object.keys(record).length, 4);
    assertEquals(written >= 32 * 1024, true);
    const grown = await Promise.all(files.map(async (path) => (await Deno.stat(path)).size));
    assertEquals(grown.reduce((a, b) => a + b) - before.reduce((a, b) => a + b), written);
    await undoAppends(record);
    const after = await Promise.all(files.map(async (path) => (await Deno.stat(path)).size));
    assertEquals(after, before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
