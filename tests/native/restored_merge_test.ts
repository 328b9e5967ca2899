/**
 * A reader restored from a cache and then refreshed gives exactly the entries of a fresh full
 * read, whatever was appended, added, truncated or deleted in between (random histories with
 * duplicates across files, sidechain replays, equal times and lines without ids).
 */

import { deepStrictEqual, equal } from "node:assert/strict";
import {
  IncrementalReader,
  type ReaderSnapshot,
} from "../../src/sources/native/incremental_reader.ts";
import {
  bytesSource,
  decodeReaderCache,
  encodeReaderCache,
} from "../../src/sources/native/reader_cache_codec.ts";
import type { SortedEntries } from "../../src/sources/native/entry_columns.ts";
import { assistantLine, Rng } from "../support/generate_jsonl.ts";
import { MemoryFileSystem } from "../support/memory_file_system.ts";

const BASE = Date.UTC(2026, 0, 2, 9);
const MODELS = ["claude-sonnet-4-20250514", "claude-opus-4-1-20250805", "claude-future-9"];

function randomLine(rng: Rng, messages: number): string {
  const id = rng.int(0, messages);
  // Few distinct times, so equal times (and their tie-breaks) are common.
  const time = BASE + rng.int(0, 40) * 60_000;
  const noId = rng.next() < 0.1;
  return assistantLine({
    time,
    model: MODELS[rng.int(0, MODELS.length - 1)]!,
    usage: {
      input_tokens: rng.int(1, 50),
      output_tokens: rng.int(1, 50),
      cache_creation_input_tokens: rng.int(0, 5),
      cache_read_input_tokens: 0,
    },
    messageId: noId ? null : `msg_${id}`,
    requestId: rng.next() < 0.2 ? null : `req_${id}_${rng.int(0, 1)}`,
    sessionId: `s${rng.int(0, 2)}`,
    sidechain: rng.next() < 0.2,
  }, rng);
}

function lines(rng: Rng, count: number, messages: number): string {
  let text = "";
  for (let index = 0; index < count; index++) text += `${randomLine(rng, messages)}\n`;
  return text;
}

function view(sorted: SortedEntries) {
  const rows = [];
  for (let index = 0; index < sorted.length; index++) {
    rows.push([
      sorted.time[index],
      sorted.input[index],
      sorted.output[index],
      sorted.cacheCreation[index],
      sorted.cost[index],
      sorted.models.name(sorted.model[index]!),
      sorted.models.name(sorted.unpriced[index]!),
      sorted.resets.get(index) ?? null,
    ]);
  }
  return rows;
}

async function fullRead(fs: MemoryFileSystem, paths: string[]) {
  const reader = new IncrementalReader(fs, { workers: 0 });
  await reader.refresh(paths);
  return { entries: view(reader.entries()), skipped: reader.skippedLines() };
}

/** The bytes of a snapshot in the file format. */
function encode(snapshot: ReaderSnapshot): Uint8Array {
  const encoded = encodeReaderCache(snapshot, "key");
  const parts = [...encoded.chunks];
  const bytes = new Uint8Array(encoded.bytes);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/** A snapshot through the real file format, as a later run would load it. */
function roundTrip(reader: IncrementalReader): ReaderSnapshot {
  const snapshot = reader.snapshot();
  const bytes = encode(snapshot);
  // A save that copies stored rows writes what encoding every file's rows writes.
  if (snapshot.files.some((file) => file.stored !== undefined)) {
    const decoded = snapshot.files.map((file) => ({
      path: file.path,
      size: file.size,
      mtimeMs: file.mtimeMs,
      ino: file.ino,
      offset: file.offset,
      tail: file.tail,
      parts: file.parts,
      skipped: file.skipped,
      partialRows: file.partialRows,
      partialSkipped: file.partialSkipped,
    }));
    deepStrictEqual(bytes, encode({ ...snapshot, files: decoded }));
  }
  return decodeReaderCache(bytesSource(bytes), "key");
}

Deno.test("a restored reader refreshed after random changes equals a fresh full read", async () => {
  for (let seed = 1; seed <= 60; seed++) {
    const rng = new Rng(seed);
    const fs = new MemoryFileSystem();
    const messages = rng.int(5, 30);
    let paths = ["/p/b.jsonl", "/p/d.jsonl", "/p/f.jsonl"];
    for (const path of paths) fs.write(path, lines(rng, rng.int(0, 12), messages));
    const first = new IncrementalReader(fs, { workers: 0, chunkSize: 97 });
    await first.refresh(paths);
    // A second generation of the cache: the first one's restore and merge must save correctly too.
    for (let generation = 0; generation < 2; generation++) {
      const source = generation === 0 ? first : new IncrementalReader(fs, { workers: 0 });
      if (generation === 1) {
        source.restore(roundTrip(first));
        await source.refresh(paths);
      }
      const restored = new IncrementalReader(fs, { workers: 0, chunkSize: 97 });
      // Odd seeds restore a snapshot as a reader gives it (no stored rows to search or copy).
      const saved = seed % 2 === 1 && generation === 1 ? source.snapshot() : roundTrip(source);
      restored.restore(saved);
      const change = rng.int(0, 5);
      if (change === 0) {
        for (const path of paths) {
          if (rng.next() < 0.6) fs.append(path, lines(rng, rng.int(1, 6), messages));
        }
      } else if (change === 1) {
        const added = rng.next() < 0.5 ? "/p/a.jsonl" : "/p/e.jsonl";
        if (!paths.includes(added)) paths = [...paths, added].sort();
        fs.write(added, lines(rng, rng.int(1, 8), messages));
        fs.append(paths[rng.int(0, paths.length - 1)]!, lines(rng, 2, messages));
      } else if (change === 2) {
        // Half a line: read provisionally now, completed later.
        const line = randomLine(rng, messages);
        fs.append(paths[0]!, line.slice(0, 40));
        fs.append(paths[1]!, `${randomLine(rng, messages)}\n`);
      } else if (change === 3) {
        const victim = paths[rng.int(0, paths.length - 1)]!;
        fs.remove(victim);
        paths = paths.filter((path) => path !== victim);
      } else if (change === 4) {
        fs.write(paths[0]!, lines(rng, rng.int(0, 4), messages));
      }
      await restored.refresh(paths);
      deepStrictEqual(
        { entries: view(restored.entries()), skipped: restored.skippedLines() },
        await fullRead(fs, paths),
        `seed ${seed}, generation ${generation}, change ${change}`,
      );
      // Entries said to be unchanged are the restored ones (block drafts before them are kept).
      const unchanged = restored.takeUnchanged();
      if (saved.sorted !== null) {
        deepStrictEqual(
          view(restored.entries()).slice(0, unchanged),
          restoredView(saved).slice(0, unchanged),
        );
      }
      // Its save (stored rows copied, new ones encoded) restores to the same entries.
      const again = new IncrementalReader(fs, { workers: 0 });
      again.restore(roundTrip(restored));
      await again.refresh(paths);
      deepStrictEqual(view(again.entries()), view(restored.entries()), `seed ${seed}: saved`);
      // And it keeps following changes like any reader.
      fs.append(paths[paths.length - 1]!, lines(rng, 3, messages));
      await restored.refresh(paths);
      deepStrictEqual(view(restored.entries()), (await fullRead(fs, paths)).entries);
    }
  }
});

Deno.test("appends of the newest entries grow the restored columns in place, as a full read", async () => {
  const rng = new Rng(5);
  let clock = BASE;
  const newest = (count: number, messages: string) => {
    // Later than everything so far (equal times would sort by file, not always last).
    clock += 1000;
    let text = "";
    for (let index = 0; index < count; index++) {
      clock += rng.int(0, 2) * 1000;
      const id = `${messages}_${index}`;
      text += `${
        assistantLine({
          time: clock,
          model: MODELS[0]!,
          usage: {
            input_tokens: rng.int(1, 50),
            output_tokens: rng.int(1, 50),
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
          },
          messageId: `msg_${id}`,
          requestId: `req_${id}`,
          sessionId: "s",
        }, rng)
      }\n`;
    }
    return text;
  };
  const fs = new MemoryFileSystem();
  const paths = ["/p/a.jsonl", "/p/b.jsonl", "/p/c.jsonl"];
  for (const path of paths) fs.write(path, newest(30, path));
  const first = new IncrementalReader(fs, { workers: 0 });
  await first.refresh(paths);
  let snapshot = roundTrip(first);
  // More than the room (4096 entries at least) falls back to copying the columns.
  for (const count of [40, 3, 5000, 20]) {
    const before = restoredView(snapshot);
    const restored = new IncrementalReader(fs, { workers: 0 });
    restored.restore(snapshot);
    fs.append(paths[1]!, newest(count, `${count}b`));
    fs.append(paths[0]!, newest(2, `${count}a`));
    await restored.refresh(paths);
    deepStrictEqual(view(restored.entries()), (await fullRead(fs, paths)).entries, `${count}`);
    // The loaded entries themselves are unchanged (only their room was written).
    deepStrictEqual(restoredView(snapshot), before);
    if (count < 4096) equal(restored.takeUnchanged(), before.length);
    equal(
      restored.entries().time.buffer === snapshot.sorted!.time.buffer,
      count < 4096,
      "grown in place when there is room",
    );
    snapshot = roundTrip(restored);
  }
});

/** The entries of a loaded snapshot, as `view` shows them. */
function restoredView(snapshot: ReaderSnapshot) {
  const names = snapshot.models;
  const models = { name: (id: number) => id === 0 ? null : names[id] ?? null };
  return view({ ...snapshot.sorted!, models } as unknown as SortedEntries);
}

Deno.test("a restored reader decodes no rows on later scans that find nothing changed", async () => {
  const rng = new Rng(7);
  const fs = new MemoryFileSystem();
  const paths = ["/p/a.jsonl", "/p/b.jsonl"];
  for (const path of paths) fs.write(path, lines(rng, 6, 10));
  const first = new IncrementalReader(fs, { workers: 0 });
  await first.refresh(paths);
  const snapshot = roundTrip(first);
  // Counts how often the restored files' rows are decoded (the codec decodes on `parts`).
  let decoded = 0;
  const files = snapshot.files.map((file) =>
    new Proxy(file, {
      get(target, key) {
        if (key === "parts") decoded++;
        // The file itself as `this`: its getters read private fields.
        return Reflect.get(target, key, target);
      },
    })
  );
  const restored = new IncrementalReader(fs, { workers: 0 });
  restored.restore({ ...snapshot, files });
  // The first scan after the start and the later (per-minute) scans of an idle dashboard.
  for (let scan = 0; scan < 3; scan++) deepStrictEqual(await restored.refresh(paths), false);
  deepStrictEqual(decoded, 0);
  deepStrictEqual(view(restored.entries()), (await fullRead(fs, paths)).entries);
  // A change then decodes them, and the result is a full read's.
  fs.append(paths[0]!, lines(rng, 2, 10));
  deepStrictEqual(await restored.refresh(paths), true);
  deepStrictEqual(decoded > 0, true);
  deepStrictEqual(view(restored.entries()), (await fullRead(fs, paths)).entries);
});
