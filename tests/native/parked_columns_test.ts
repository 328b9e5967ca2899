/**
 * Small files' rows parked in shared slabs (the compact layout for 100,000 small transcripts)
 * give exactly the rows, entries and blocks of columns each file keeps on its own, before and
 * after appends move them out, and through the reader cache.
 */

import { deepStrictEqual, equal, notEqual, ok } from "node:assert/strict";
import { draftBlocks, finishBlocks } from "../../src/core/identify_blocks.ts";
import { dedupeEntries, sortSurvivors } from "../../src/sources/native/dedupe_entries.ts";
import {
  type ColumnParts,
  EntryColumns,
  ID_WORDS,
  ModelNames,
  type SortedEntries,
} from "../../src/sources/native/entry_columns.ts";
import { IncrementalReader } from "../../src/sources/native/incremental_reader.ts";
import { bundledPrices } from "../../src/sources/native/pricing.ts";
import {
  bytesSource,
  decodeReaderCache,
  encodeReaderCache,
} from "../../src/sources/native/reader_cache_codec.ts";
import { scanFile } from "../../src/sources/native/scan_lines.ts";
import { assistantLine, Rng, usageLimitLine } from "../support/generate_jsonl.ts";
import { MemoryFileSystem } from "../support/memory_file_system.ts";

const BASE = Date.UTC(2026, 0, 2, 9);
const NOW = Date.UTC(2026, 0, 3);
const MODELS = ["claude-sonnet-4-20250514", "claude-opus-4-1-20250805", "claude-future-9"];

function randomLine(rng: Rng, messages: number): string {
  if (rng.next() < 0.02) {
    return usageLimitLine(BASE + rng.int(0, 600) * 60_000, 1767350000 + rng.int(0, 9), "s0", rng);
  }
  const id = rng.int(0, messages);
  return assistantLine({
    time: BASE + rng.int(0, 600) * 60_000,
    model: MODELS[rng.int(0, MODELS.length - 1)]!,
    usage: {
      input_tokens: rng.int(1, 50),
      output_tokens: rng.int(1, 50),
      cache_creation_input_tokens: rng.int(0, 5),
      cache_read_input_tokens: rng.int(0, 3),
    },
    messageId: rng.next() < 0.1 ? null : `msg_${id}`,
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

const encode = (text: string) => new TextEncoder().encode(text);

/** A memory file system that also gives back what it holds. */
class Files extends MemoryFileSystem {
  readonly texts = new Map<string, string>();
  override write(path: string, text: string): void {
    this.texts.set(path, text);
    super.write(path, text);
  }
  override append(path: string, text: string): void {
    this.texts.set(path, (this.texts.get(path) ?? "") + text);
    super.append(path, text);
  }
  read(path: string): Uint8Array {
    return encode(this.texts.get(path) ?? "");
  }
}

/** The values of rows `[0, length)` of `columns`, read where they are (`start + row`). */
function rowsOf(columns: EntryColumns) {
  const rows = [];
  for (let row = 0; row < columns.length; row++) {
    const at = columns.start + row;
    rows.push([
      columns.time[at],
      columns.input[at],
      columns.output[at],
      columns.cacheCreation[at],
      columns.cacheRead[at],
      columns.cost[at],
      [...columns.ids.subarray(at * ID_WORDS, (at + 1) * ID_WORDS)],
      columns.flags[at],
      columns.model[at],
      columns.unpriced[at],
      columns.resets.get(row) ?? null,
    ]);
  }
  return rows;
}

function partsOf(parts: ColumnParts) {
  return {
    length: parts.length,
    time: [...parts.time],
    input: [...parts.input],
    output: [...parts.output],
    cacheCreation: [...parts.cacheCreation],
    cacheRead: [...parts.cacheRead],
    cost: [...parts.cost],
    ids: [...parts.ids],
    flags: [...parts.flags],
    model: [...parts.model],
    unpriced: [...parts.unpriced],
    resets: parts.resets,
  };
}

function view(sorted: SortedEntries) {
  const rows = [];
  for (let index = 0; index < sorted.length; index++) {
    rows.push([
      sorted.time[index],
      sorted.input[index],
      sorted.output[index],
      sorted.cacheCreation[index],
      sorted.cacheRead[index],
      sorted.cost[index],
      sorted.models.name(sorted.model[index]!),
      sorted.models.name(sorted.unpriced[index]!),
      sorted.resets.get(index) ?? null,
    ]);
  }
  return rows;
}

/** Entries and blocks from columns each file keeps on its own (never parked). */
function reference(fs: Files, paths: readonly string[]) {
  const models = new ModelNames();
  const files = paths.map((path) => {
    const columns = new EntryColumns(models);
    scanFile(fs.read(path), columns, bundledPrices);
    return columns;
  });
  ok(files.every((columns) => columns.start === 0));
  const sorted = sortSurvivors(files, dedupeEntries(files, paths), models);
  return { entries: view(sorted), blocks: finishBlocks(draftBlocks(sorted), NOW) };
}

function actual(reader: IncrementalReader) {
  const sorted = reader.entries();
  return { entries: view(sorted), blocks: finishBlocks(draftBlocks(sorted), NOW) };
}

function roundTrip(reader: IncrementalReader) {
  const encoded = encodeReaderCache(reader.snapshot(), "key");
  const bytes = new Uint8Array(encoded.bytes);
  let at = 0;
  for (const part of encoded.chunks) {
    bytes.set(part, at);
    at += part.length;
  }
  return decodeReaderCache(bytesSource(bytes), "key");
}

Deno.test("parked columns hold the same rows and parts as columns of their own", () => {
  const rng = new Rng(7);
  const models = new ModelNames();
  for (let file = 0; file < 40; file++) {
    const text = encode(lines(rng, rng.int(0, 30), 20));
    const own = new EntryColumns(models);
    const parked = new EntryColumns(models);
    scanFile(text, own, bundledPrices);
    scanFile(text, parked, bundledPrices);
    parked.park();
    if (parked.length > 0) notEqual(parked.time.length, parked.length, "parked in a shared slab");
    deepStrictEqual(rowsOf(parked), rowsOf(own));
    deepStrictEqual(partsOf(parked.toParts()), partsOf(own.toParts()));
    // Through another thread's names, as a worker's or the cache's parts arrive.
    const names = models.list();
    const fromParts = EntryColumns.fromParts(models, own.toParts(), names);
    deepStrictEqual(rowsOf(fromParts), rowsOf(own));
    // Rows appended to a parked file move it out of the slab, rows intact.
    const more = encode(lines(rng, rng.int(1, 5), 20));
    scanFile(more, own, bundledPrices);
    scanFile(more, parked, bundledPrices);
    equal(parked.start, 0);
    deepStrictEqual(rowsOf(parked), rowsOf(own));
    parked.truncate(1);
    own.truncate(1);
    deepStrictEqual(rowsOf(parked), rowsOf(own));
  }
});

Deno.test("a reader over many small files gives the entries and blocks of unparked columns", async () => {
  for (let seed = 1; seed <= 25; seed++) {
    const rng = new Rng(seed);
    const fs = new Files();
    const messages = rng.int(10, 200);
    let paths: string[] = [];
    for (let file = 0; file < 30; file++) {
      const path = `/p/${String(file).padStart(3, "0")}.jsonl`;
      paths.push(path);
      // Mostly a few rows; now and then more than a slab file may hold (300 > 256).
      fs.write(path, lines(rng, rng.next() < 0.1 ? 300 : rng.int(0, 6), messages));
    }
    const reader = new IncrementalReader(fs, { workers: 0, chunkSize: rng.int(97, 5000) });
    await reader.refresh(paths);
    deepStrictEqual(actual(reader), reference(fs, paths), `seed ${seed}: first read`);
    const restored = new IncrementalReader(fs, { workers: 0 });
    restored.restore(roundTrip(reader));
    for (let step = 0; step < 3; step++) {
      // Appends move parked files out; new files are parked; a replaced one is parked again.
      for (const path of paths) {
        if (rng.next() < 0.3) fs.append(path, lines(rng, rng.int(1, 3), messages));
      }
      const added = `/p/${String(100 + step).padStart(3, "0")}.jsonl`;
      fs.write(added, lines(rng, rng.int(1, 4), messages));
      fs.write(paths[rng.int(0, paths.length - 1)]!, lines(rng, rng.int(0, 3), messages));
      paths = [...paths, added].sort();
      await reader.refresh(paths);
      await restored.refresh(paths);
      const expected = reference(fs, paths);
      deepStrictEqual(actual(reader), expected, `seed ${seed}: step ${step}`);
      deepStrictEqual(actual(restored), expected, `seed ${seed}: restored, step ${step}`);
    }
  }
});
