/**
 * The reader cache's rows are checked block by block when read: a bad block fails only the
 * files whose rows are in it, and a restored reader that meets one while merging an append
 * says so once and reads everything again, giving a full read's entries.
 */

import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { IncrementalReader } from "../../src/sources/native/incremental_reader.ts";
import {
  bytesSource,
  CacheInvalid,
  decodeReaderCache,
  encodeReaderCache,
} from "../../src/sources/native/reader_cache_codec.ts";
import { BLOCK_ROWS } from "../../src/sources/native/stored_rows.ts";
import { assistantLine, Rng } from "../support/generate_jsonl.ts";
import { MemoryFileSystem } from "../support/memory_file_system.ts";

const BASE = Date.UTC(2026, 0, 2, 9);

function lines(rng: Rng, count: number, prefix: string): string {
  let text = "";
  for (let index = 0; index < count; index++) {
    text += `${
      assistantLine({
        time: BASE + index * 1000,
        model: "claude-sonnet-4-20250514",
        usage: {
          input_tokens: rng.int(1, 50),
          output_tokens: rng.int(1, 50),
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
        messageId: `msg_${prefix}_${index}`,
        requestId: `req_${prefix}_${index}`,
        sessionId: prefix,
      }, rng)
    }\n`;
  }
  return text;
}

/** Three files: rows 0-2999 (block 0), 3000-5999 (blocks 0 and 1), 6000-6099 (block 1). */
async function encoded() {
  const rng = new Rng(3);
  const fs = new MemoryFileSystem();
  const paths = ["/p/a.jsonl", "/p/b.jsonl", "/p/c.jsonl"];
  fs.write(paths[0]!, lines(rng, 3000, "a"));
  fs.write(paths[1]!, lines(rng, 3000, "b"));
  fs.write(paths[2]!, lines(rng, 100, "c"));
  const reader = new IncrementalReader(fs, { workers: 0 });
  await reader.refresh(paths);
  const encoded = encodeReaderCache(reader.snapshot(), "key");
  const bytes = new Uint8Array(encoded.bytes);
  let at = 0;
  for (const chunk of encoded.chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  const headerLength = new DataView(bytes.buffer).getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(24, 24 + headerLength)));
  const rowsStart = ((24 + headerLength + 7) & ~7) + header.sorted.bytes;
  equal(header.columns[0].name, "time");
  equal(header.columns[0].storage, "Float64Array");
  return { fs, paths, bytes, rowsStart };
}

Deno.test("a bad block of stored rows fails only the files whose rows are in it", async () => {
  const { bytes, rowsStart } = await encoded();
  equal(BLOCK_ROWS, 4096);
  // A byte of the second block of the time column (row 4096 on).
  const bad = bytes.slice();
  bad[rowsStart + BLOCK_ROWS * 8 + 5]! ^= 0x20;
  const snapshot = decodeReaderCache(bytesSource(bad), "key");
  snapshot.rows!.check();
  equal(snapshot.files[0]!.parts.length, 3000);
  throws(() => snapshot.files[1]!.parts, CacheInvalid);
  throws(() => snapshot.files[2]!.parts, /rows checksum/);
  // The untouched copy reads every file.
  const good = decodeReaderCache(bytesSource(bytes), "key");
  deepStrictEqual(good.files.map((file) => file.parts.length), [3000, 3000, 100]);
  // A bad block checksum (the trailer) fails the check itself.
  const badTrailer = bytes.slice();
  badTrailer[badTrailer.length - 12]! ^= 0x01;
  throws(() => decodeReaderCache(bytesSource(badTrailer), "key").rows!.check(), CacheInvalid);
});

Deno.test("a restored reader that meets a bad block in a merge reads everything again", async () => {
  const { fs, paths, bytes, rowsStart } = await encoded();
  const bad = bytes.slice();
  bad[rowsStart + BLOCK_ROWS * 8 + 5]! ^= 0x20;
  const warnings: unknown[] = [];
  const restored = new IncrementalReader(fs, { workers: 0 });
  restored.restore(decodeReaderCache(bytesSource(bad), "key"), (error) => warnings.push(error));
  fs.append(paths[2]!, lines(new Rng(9), 5, "late"));
  await restored.refresh(paths);
  equal(warnings.length, 1);
  ok(warnings[0] instanceof CacheInvalid);
  const fresh = new IncrementalReader(fs, { workers: 0 });
  await fresh.refresh(paths);
  deepStrictEqual(
    Array.from(restored.entries().time),
    Array.from(fresh.entries().time),
  );
  deepStrictEqual(
    Array.from(restored.entries().output),
    Array.from(fresh.entries().output),
  );
});
