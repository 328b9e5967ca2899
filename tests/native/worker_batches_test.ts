/** Small files read by a worker in batches give a full read's entries, and a failed read falls back. */

import { deepStrictEqual } from "node:assert/strict";
import type { FileSystem } from "../../src/ports.ts";
import type { SortedEntries } from "../../src/core/identify_blocks.ts";
import { createDenoFileSystem } from "../../src/sources/native/deno_file_system.ts";
import { IncrementalReader } from "../../src/sources/native/incremental_reader.ts";
import { assistantLine, Rng, userLine } from "../support/generate_jsonl.ts";
import { withTempDir } from "../support/temp_dir.ts";

/** Entries as plain rows, to compare two reads. */
function rowsOf(entries: SortedEntries) {
  const rows = [];
  for (let row = 0; row < entries.length; row++) {
    rows.push([
      entries.time[row],
      entries.input[row],
      entries.output[row],
      entries.cacheCreation[row],
      entries.cacheRead[row],
      entries.cost[row],
      entries.models.name(entries.model[row]!),
      entries.resets.get(row) ?? null,
    ]);
  }
  return rows;
}

/**
 * The disk, where paths under `/hidden` name files of `dir`: this thread reads them, a worker
 * (given the path as is) cannot, so each of them fails inside its batch.
 */
function hiding(dir: string): FileSystem {
  const disk = createDenoFileSystem();
  const real = (path: string) => path.startsWith("/hidden/") ? `${dir}/${path.slice(8)}` : path;
  return {
    workerReadable: true,
    readDir: (path) => disk.readDir(real(path)),
    stat: (path) => disk.stat(real(path)),
    readRange: (path, offset, length, into) => disk.readRange(real(path), offset, length, into),
  };
}

Deno.test("small files parsed in worker batches, some failing there, give the single-thread read's entries", async () => {
  await withTempDir("claude-monitor-batches-", async (dir) => {
    const rng = new Rng(7);
    // One large file without usage: workers start only for reads of 16 MiB or more. It is read
    // last (sent first, it would fill the worker's queue and leave the small files to this thread).
    const filler = `${userLine(Date.UTC(2026, 0, 1), "x".repeat(1000), "s")}\n`.repeat(17_000);
    await Deno.writeTextFile(`${dir}/zz_big.jsonl`, filler);
    const paths = [];
    for (let file = 0; file < 400; file++) {
      const lines = [];
      for (let line = 0; line < rng.int(1, 12); line++) {
        lines.push(assistantLine({
          time: Date.UTC(2026, 0, 1, 2) + rng.int(0, 3_600_000),
          usage: { input_tokens: rng.int(1, 500), output_tokens: rng.int(1, 500) },
          // Repeated ids across files: de-duplication order must not depend on who parsed.
          messageId: `msg_${rng.int(0, 300)}`,
          requestId: `req_${rng.int(0, 300)}`,
        }));
      }
      const name = `f${String(file).padStart(3, "0")}.jsonl`;
      // Some files end without a newline: their last line is provisional.
      await Deno.writeTextFile(`${dir}/${name}`, lines.join("\n") + (file % 3 === 0 ? "" : "\n"));
      paths.push(file % 5 === 0 ? `/hidden/${name}` : `${dir}/${name}`);
    }
    paths.push(`${dir}/zz_big.jsonl`);
    const fs = hiding(dir);
    const single = new IncrementalReader(fs, { workers: 0 });
    await single.refresh(paths);
    const batched = new IncrementalReader(fs, { workers: 1 });
    await batched.refresh(paths);
    const expected = rowsOf(single.entries());
    deepStrictEqual(expected.length > 1000, true);
    deepStrictEqual(rowsOf(batched.entries()), expected);
    deepStrictEqual([batched.unreadableFiles(), batched.skippedLines()], [
      [],
      single.skippedLines(),
    ]);
  });
});
