/** Transcripts whose file or folder name is not valid UTF-8 (issue 10 item 7). */

import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { createDenoFileSystem } from "../../src/sources/native/deno_file_system.ts";
import { createNativeSource } from "../../src/sources/native/native_source.ts";
import { runCcusageBlocks } from "../support/ccusage_blocks.ts";
import { probeLine } from "../support/probe_fixture.ts";

/** Writes a file at a path given as bytes, through a shell (Deno paths must be valid UTF-8). */
async function writeRawPath(dir: string, relative: number[], text: string): Promise<void> {
  const escaped = relative.map((byte) => `\\${byte.toString(8).padStart(3, "0")}`).join("");
  const script = `p="$1/$(printf '${escaped}')"; mkdir -p "$(dirname "$p")"; cat > "$p"`;
  const child = new Deno.Command("sh", { args: ["-c", script, "sh", dir], stdin: "piped" })
    .spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  ok((await child.status).success);
}

const bytes = (text: string) => [...new TextEncoder().encode(text)];

Deno.test("non-UTF-8 file and folder names: ccusage reads them; the native reader names them instead of skipping silently", async () => {
  const dir = await Deno.makeTempDir({ prefix: "claude-monitor-names-" });
  try {
    const line = (id: string) =>
      `${probeLine({ messageId: id, requestId: id, sessionId: "s1" })}\n`;
    await writeRawPath(dir, bytes("projects/p/ok.jsonl"), line("m1"));
    await writeRawPath(dir, [...bytes("projects/p/a"), 0xff, ...bytes(".jsonl")], line("m2"));
    await writeRawPath(dir, [...bytes("projects/q"), 0xfe, ...bytes("/b.jsonl")], line("m3"));
    const expected = await runCcusageBlocks(dir);
    assertEquals(expected.blocks.map((block) => block.entries), [3]);
    const source = createNativeSource({
      fs: createDenoFileSystem(),
      dirs: [dir],
      now: () => expected.now,
      workers: 0,
    });
    const data = await source.load(0);
    assertEquals(data.blocks.map((block) => block.entries), [1]);
    assertEquals(data.unreadableFiles, [
      `${dir}/projects/q\uFFFD`,
      `${dir}/projects/p/a\uFFFD.jsonl`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
