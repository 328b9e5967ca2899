/** Incremental reading gives exactly what a fresh full read gives, and reads nothing when idle. */

import { deepStrictEqual, equal, ok, rejects } from "node:assert/strict";
import type { UsageData } from "../../src/core/types.ts";
import { createDenoFileSystem } from "../../src/sources/native/deno_file_system.ts";
import { createNativeSource } from "../../src/sources/native/native_source.ts";
import { SourceError } from "../../src/sources/source_error.ts";
import { assistantLine, Rng, userLine } from "../support/generate_jsonl.ts";
import { MemoryFileSystem } from "../support/memory_file_system.ts";

const NOW = Date.UTC(2026, 0, 2, 12);
const DIR = "/claude";
const A = `${DIR}/projects/p/a.jsonl`;
const B = `${DIR}/projects/p/b.jsonl`;
const C = `${DIR}/projects/q/sub/agents/c.jsonl`;

function line(minute: number, id: string, output: number, requestId = `req_${id}`): string {
  return assistantLine({
    time: Date.UTC(2026, 0, 2, 9, minute),
    model: "claude-sonnet-4-20250514",
    usage: {
      input_tokens: 100,
      output_tokens: output,
      cache_creation_input_tokens: 10,
      cache_read_input_tokens: 1000,
    },
    messageId: `msg_${id}`,
    requestId,
    sessionId: "s",
  });
}

async function fresh(fs: MemoryFileSystem): Promise<UsageData> {
  return await createNativeSource({ fs, dirs: [DIR], now: () => NOW, chunkSize: 64 }).load(0);
}

function summary(data: UsageData) {
  return { blocks: data.blocks, activity: data.activity, skipped: data.skippedLines };
}

Deno.test("an incremental refresh equals a fresh full read after every kind of change", async () => {
  const fs = new MemoryFileSystem();
  // A tiny chunk size makes lines straddle chunk boundaries.
  const source = createNativeSource({ fs, dirs: [DIR], now: () => NOW, chunkSize: 64 });
  const rng = new Rng(3);
  fs.write(A, `${userLine(Date.UTC(2026, 0, 2, 9), "hi", "s", rng)}\n${line(1, "a", 5)}\n`);
  const steps: [string, () => void][] = [
    ["append a line", () => fs.append(A, `${line(2, "b", 7)}\n`)],
    ["append half a line", () => fs.append(A, line(3, "c", 9).slice(0, 60))],
    ["append the rest of the line", () => fs.append(A, `${line(3, "c", 9).slice(60)}\n`)],
    ["append a streaming duplicate", () => fs.append(A, `${line(4, "b", 70)}\n`)],
    ["add a file with a larger duplicate", () => fs.write(B, `${line(5, "a", 500)}\n`)],
    ["add a nested file", () => fs.write(C, `${line(6, "d", 1)}\n${line(7, "e", 2)}`)],
    ["complete the unterminated last line", () => fs.append(C, "\n")],
    ["truncate a file", () => fs.write(A, `${line(1, "a", 5)}\n`)],
    [
      "replace a file with different content",
      () => fs.write(A, `${line(8, "z", 3)}\n${line(9, "y", 4)}\n`),
    ],
    ["replace a file with same-size content and an older mtime", () => {
      fs.write(A, `${line(8, "x", 3)}\n${line(9, "w", 4)}\n`);
      fs.setMtime(A, 1);
    }],
    [
      "append a rejected usage line",
      () => fs.append(A, `${line(10, "v", 1).replace("2026-", "2026-01-02T")}\n`),
    ],
    ["delete a file", () => fs.remove(B)],
    ["add a duplicate in a later refresh that loses", () => fs.write(B, `${line(5, "a", 1)}\n`)],
  ];
  deepStrictEqual(summary(await source.load(0)), summary(await fresh(fs)));
  for (const [name, change] of steps) {
    change();
    const incremental = await source.load(0);
    deepStrictEqual(summary(incremental), summary(await fresh(fs)), `after "${name}"`);
  }
  const final = await source.load(0);
  equal(final.files, 3);
  ok(final.blocks.length > 0);
});

Deno.test("a refresh with nothing new reads no file contents", async () => {
  const fs = new MemoryFileSystem();
  for (let index = 0; index < 20; index++) {
    fs.write(
      `${DIR}/projects/p${index % 3}/s${index}.jsonl`,
      `${line(index, `m${index}`, index + 1)}\n`,
    );
  }
  const source = createNativeSource({ fs, dirs: [DIR], now: () => NOW });
  const first = await source.load(0);
  ok(fs.counts.readRange > 0);
  fs.resetCounts();
  const second = await source.load(0);
  equal(fs.counts.readRange, 0);
  equal(fs.counts.bytesRead, 0);
  ok(fs.counts.stat >= 20);
  deepStrictEqual(second.blocks, first.blocks);
});

Deno.test("appended bytes are read once and earlier bytes are not read again", async () => {
  const fs = new MemoryFileSystem();
  const first = `${line(1, "a", 5)}\n${line(2, "b", 6)}\n`;
  fs.write(A, first);
  const source = createNativeSource({ fs, dirs: [DIR], now: () => NOW });
  await source.load(0);
  fs.resetCounts();
  const added = `${line(3, "c", 7)}\n`;
  fs.append(A, added);
  const data = await source.load(0);
  // The new line plus at most the 64-byte tail used to notice a replaced file.
  ok(fs.counts.bytesRead <= added.length + 64, `read ${fs.counts.bytesRead} bytes`);
  equal(data.blocks[0]?.entries, 3);
});

Deno.test("a missing data directory is a no-data error naming where it looked", async () => {
  const fs = new MemoryFileSystem();
  const source = createNativeSource({ fs, dirs: ["/nowhere/.claude", "/else"], now: () => NOW });
  await rejects(source.load(0), (error: unknown) => {
    ok(error instanceof SourceError);
    equal(error.code, "no-data");
    equal(error.message, 'No Claude Code logs found in "/nowhere/.claude", "/else"');
    return true;
  });
});

Deno.test("incremental reading on disk follows appends, truncation and deletion", async () => {
  const dir = await Deno.makeTempDir({ prefix: "claude-monitor-incremental-" });
  try {
    const fs = createDenoFileSystem();
    const path = `${dir}/projects/p/a.jsonl`;
    await Deno.mkdir(`${dir}/projects/p`, { recursive: true });
    const source = createNativeSource({ fs, dirs: [dir], now: () => NOW });
    const freshDisk = async () =>
      summary(await createNativeSource({ fs, dirs: [dir], now: () => NOW }).load(0));
    await Deno.writeTextFile(path, `${line(1, "a", 5)}\n`);
    deepStrictEqual(summary(await source.load(0)), await freshDisk());
    await Deno.writeTextFile(path, `${line(2, "b", 6)}\n${line(3, "c", 7).slice(0, 30)}`, {
      append: true,
    });
    deepStrictEqual(summary(await source.load(0)), await freshDisk());
    await Deno.writeTextFile(path, `${line(3, "c", 7).slice(30)}\n`, { append: true });
    const grown = await source.load(0);
    deepStrictEqual(summary(grown), await freshDisk());
    equal(grown.blocks[0]?.entries, 3);
    await Deno.writeTextFile(path, `${line(4, "d", 1)}\n`);
    deepStrictEqual(summary(await source.load(0)), await freshDisk());
    await Deno.writeTextFile(`${dir}/projects/p/b.jsonl`, `${line(5, "e", 1)}\n`);
    await Deno.remove(path);
    const last = await source.load(0);
    deepStrictEqual(summary(last), await freshDisk());
    equal(last.files, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("random appends across files, with duplicates arriving later, always equal a full read", async () => {
  const rng = new Rng(11);
  const fs = new MemoryFileSystem();
  const source = createNativeSource({ fs, dirs: [DIR], now: () => NOW, chunkSize: 256 });
  const paths = [
    `${DIR}/projects/p/s.jsonl`,
    `${DIR}/projects/p/s/subagents/agent-1.jsonl`,
    `${DIR}/projects/p/t.jsonl`,
    `${DIR}/projects/a/early.jsonl`,
    `${DIR}/projects/z/late.jsonl`,
  ];
  const sent: { id: string; request: string; minute: number }[] = [];
  let minute = 0;
  for (let step = 0; step < 60; step++) {
    const lines: string[] = [];
    for (let count = rng.int(1, 4); count > 0; count--) {
      minute += rng.int(0, 3) === 0 ? rng.int(300, 400) : rng.int(0, 20);
      const roll = rng.next();
      const earlier = sent.length > 0 ? rng.pick(sent) : null;
      if (earlier !== null && roll < 0.3) {
        // A streaming or cross-file copy of an earlier message, possibly larger, same or new time.
        const sidechain = rng.next() < 0.3;
        lines.push(assistantLine({
          time: Date.UTC(2026, 0, 1) + (rng.next() < 0.5 ? earlier.minute : minute) * 60_000,
          model: rng.pick(["claude-sonnet-4-20250514", "claude-opus-4-6"]),
          usage: {
            input_tokens: 100,
            output_tokens: rng.int(1, 50),
            ...(rng.next() < 0.2 ? { speed: "fast" as const } : {}),
          },
          messageId: earlier.id,
          requestId: sidechain
            ? `req_side_${rng.hex(4)}`
            : rng.next() < 0.1
            ? null
            : earlier.request,
          sessionId: "s",
          sidechain,
        }));
      } else {
        const id = `msg_${rng.hex(8)}`;
        const request = `req_${rng.hex(8)}`;
        sent.push({ id, request, minute });
        lines.push(assistantLine({
          time: Date.UTC(2026, 0, 1) + minute * 60_000,
          model: "claude-sonnet-4-20250514",
          usage: { input_tokens: rng.int(1, 500), output_tokens: rng.int(1, 50) },
          messageId: roll > 0.95 ? null : id,
          requestId: request,
          sessionId: "s",
        }));
      }
    }
    const path = rng.pick(paths);
    const text = `${lines.join("\n")}\n`;
    if (rng.next() < 0.15) {
      // Half now, the rest in the next refresh.
      const cut = rng.int(1, text.length - 1);
      fs.append(path, text.slice(0, cut));
      deepStrictEqual(
        summary(await source.load(0)),
        summary(await fresh(fs)),
        `step ${step} (half)`,
      );
      fs.append(path, text.slice(cut));
    } else {
      fs.append(path, text);
    }
    deepStrictEqual(summary(await source.load(0)), summary(await fresh(fs)), `step ${step}`);
  }
  ok((await source.load(0)).blocks.length > 3);
});

Deno.test("a tie duplicate appended to an earlier-sorted file wins, as in a full read", async () => {
  const fs = new MemoryFileSystem();
  const late = `${DIR}/projects/z/late.jsonl`;
  const early = `${DIR}/projects/a/early.jsonl`;
  const copy = (minute: number, model: string) =>
    assistantLine({
      time: Date.UTC(2026, 0, 2, 9, minute),
      model,
      usage: { input_tokens: 10, output_tokens: 10 },
      messageId: "msg_tie",
      requestId: "req_tie",
      sessionId: "s",
    });
  fs.write(late, `${copy(30, "claude-sonnet-4-20250514")}\n`);
  fs.write(early, `${line(1, "other", 1)}\n`);
  const source = createNativeSource({ fs, dirs: [DIR], now: () => NOW });
  await source.load(0);
  fs.append(early, `${copy(10, "claude-opus-4-20250514")}\n`);
  const data = await source.load(0);
  deepStrictEqual(summary(data), summary(await fresh(fs)));
  deepStrictEqual(data.blocks[0]?.models, ["claude-sonnet-4-20250514", "claude-opus-4-20250514"]);
  equal(data.blocks[0]?.actualEndTime, Date.parse("2026-01-02T09:10:00.000Z"));
});

Deno.test("a failed read is an io error, and the next refresh recovers to a full read's result", async () => {
  const fs = new MemoryFileSystem();
  fs.write(A, `${line(1, "a", 5)}\n`);
  fs.write(B, `${line(2, "b", 6)}\n`);
  const source = createNativeSource({ fs, dirs: [DIR], now: () => NOW, chunkSize: 32 });
  await source.load(0);
  fs.append(A, `${line(3, "c", 7)}\n${line(4, "a", 50)}\n`);
  fs.append(B, `${line(5, "d", 8)}\n`);
  fs.failReads = 3;
  await rejects(source.load(0), (error: unknown) => {
    ok(error instanceof SourceError);
    equal(error.code, "io");
    return true;
  });
  fs.failReads = 0;
  deepStrictEqual(summary(await source.load(0)), summary(await fresh(fs)));
});

Deno.test("an unreadable file is skipped and named while every other file still counts", async () => {
  const fs = new MemoryFileSystem();
  fs.write(A, `${line(1, "a", 5)}\n`);
  fs.write(B, `${line(2, "b", 6)}\n`);
  fs.write(C, `${line(3, "c", 7)}\n`);
  const source = createNativeSource({ fs, dirs: [DIR], now: () => NOW, chunkSize: 32 });
  const all = await source.load(0);
  deepStrictEqual(all.unreadableFiles, []);
  const withoutB = new MemoryFileSystem();
  withoutB.write(A, `${line(1, "a", 5)}\n`);
  withoutB.write(C, `${line(3, "c", 7)}\n`);
  const expected = summary(await fresh(withoutB));
  // Unreadable from the start, on a fresh reader.
  fs.unreadable.add(B);
  const cold = await createNativeSource({ fs, dirs: [DIR], now: () => NOW, chunkSize: 32 })
    .load(0);
  deepStrictEqual(summary(cold), expected);
  deepStrictEqual(cold.unreadableFiles, [B]);
  deepStrictEqual(cold.files, 2);
  // Unreadable after it was read (grown, so it is read again): its rows go away.
  fs.append(B, `${line(4, "d", 8)}\n`);
  const later = await source.load(0);
  deepStrictEqual(summary(later), expected);
  deepStrictEqual(later.unreadableFiles, [B]);
  // Other files keep updating meanwhile.
  fs.append(A, `${line(5, "e", 9)}\n`);
  withoutB.append(A, `${line(5, "e", 9)}\n`);
  deepStrictEqual(summary(await source.load(0)), summary(await fresh(withoutB)));
  // Readable again: everything counts.
  fs.unreadable.delete(B);
  const again = await source.load(0);
  deepStrictEqual(again.unreadableFiles, []);
  deepStrictEqual(summary(again), summary(await fresh(fs)));
});
