/**
 * Parse workers survive files without usage lines and read files themselves when asked, one by
 * one or in batches.
 */

import { deepStrictEqual, rejects } from "node:assert/strict";
import { EntryColumns, ID_WORDS, ModelNames } from "../../src/sources/native/entry_columns.ts";
import { ParseWorkers } from "../../src/sources/native/parse_workers.ts";
import { bundledPrices } from "../../src/sources/native/pricing.ts";
import { scanFile, type ScannedFile } from "../../src/sources/native/scan_lines.ts";
import { assistantLine, userLine } from "../support/generate_jsonl.ts";
import { writeEdgeCases } from "../support/native_edge_cases.ts";

Deno.test("a worker parses file after file without usage lines, then one with usage", async () => {
  const pool = new ParseWorkers(1);
  try {
    const encoder = new TextEncoder();
    // The bytes are transferred to the worker: each file gets its own.
    const empty = () => encoder.encode(`${userLine(Date.UTC(2026, 0, 1), "hi", "s")}\n`);
    for (let file = 0; file < 3; file++) {
      deepStrictEqual((await pool.parse(empty())).parts.length, 0);
    }
    const usage = assistantLine({
      time: Date.UTC(2026, 0, 1, 1),
      usage: { input_tokens: 1, output_tokens: 2 },
      messageId: "msg_1",
      requestId: "req_1",
    });
    deepStrictEqual((await pool.parse(encoder.encode(`${usage}\n`))).parts.length, 1);
  } finally {
    pool.close();
  }
});

Deno.test("a worker reads a file itself, counts it as parsed, and answers a failed read", async () => {
  const pool = new ParseWorkers(1);
  const dir = await Deno.makeTempDir();
  try {
    const usage = assistantLine({
      time: Date.UTC(2026, 0, 1, 1),
      usage: { input_tokens: 1, output_tokens: 2 },
      messageId: "msg_1",
      requestId: "req_1",
    });
    const path = `${dir}/a.jsonl`;
    await Deno.writeTextFile(path, `${usage}\n${usage.replace("msg_1", "msg_2")}\n`);
    const { size } = await Deno.stat(path);
    const whole = await pool.parseFile(path, 0, size);
    deepStrictEqual([whole.parts.length, whole.size, whole.scanned.offset], [2, size, size]);
    deepStrictEqual(pool.queuedBytes, 0);
    // A file that is gone: the promise rejects and the caller reads the file itself.
    await rejects(pool.parseFile(`${dir}/missing.jsonl`, 0, 10), /Cannot read in a worker/);
    deepStrictEqual((await pool.parseFile(path, 0, size)).parts.length, 2, "the worker goes on");
    deepStrictEqual(pool.queuedBytes, 0);
  } finally {
    pool.close();
    await Deno.remove(dir, { recursive: true });
  }
});

/** A file's rows and scan result as plain values, to compare two parses of it. */
function plain(columns: EntryColumns, models: ModelNames, scanned: ScannedFile) {
  const parts = columns.toParts();
  const rows = [];
  for (let row = 0; row < parts.length; row++) {
    rows.push([
      parts.time[row],
      parts.input[row],
      parts.output[row],
      parts.cacheCreation[row],
      parts.cacheRead[row],
      parts.cost[row],
      [...parts.ids.subarray(row * ID_WORDS, (row + 1) * ID_WORDS)],
      parts.flags[row],
      models.name(parts.model[row]!),
      models.name(parts.unpriced[row]!),
    ]);
  }
  return { rows, resets: parts.resets, scanned: { ...scanned, tail: [...scanned.tail] } };
}

Deno.test("a batch read by a worker gives each file's rows as this thread's parse, and a failed read alone fails", async () => {
  const pool = new ParseWorkers(1);
  const dir = await Deno.makeTempDir();
  try {
    const files = await writeEdgeCases(dir);
    // An unterminated last line is parsed provisionally: the batch must keep it apart too.
    const partial = `${dir}/partial.jsonl`;
    const usage = assistantLine({
      time: Date.UTC(2026, 0, 1, 1),
      usage: { input_tokens: 1, output_tokens: 2 },
      messageId: "msg_p",
      requestId: "req_p",
    });
    await Deno.writeTextFile(partial, `${usage}\n${usage.replace("msg_p", "msg_q")}`);
    const paths = [...files, partial].sort();
    paths.splice(1, 0, `${dir}/missing.jsonl`);
    const models = new ModelNames();
    const parsed = [];
    for (const path of paths) {
      const size = path.endsWith("missing.jsonl") ? 10 : (await Deno.stat(path)).size;
      // Batches of a few files: each spans several messages, most files are not first in theirs.
      const answer = pool.parseFileBatched(path, 0, size, 64 * 1024);
      // Awaited below, after earlier files: this keeps the failure from being unhandled.
      answer.catch(() => {});
      parsed.push({ path, size, answer });
    }
    pool.flush();
    let compared = 0;
    let resets = 0;
    let partialRows = 0;
    for (const { path, size, answer } of parsed) {
      if (path.endsWith("missing.jsonl")) {
        await rejects(answer, /Cannot read in a worker/);
        continue;
      }
      const response = await answer;
      const here = new EntryColumns(models);
      const scanned = scanFile(await Deno.readFile(path), here, bundledPrices);
      const { from, length } = response.rows!;
      const worker = EntryColumns.fromParts(models, response.parts, response.names, from, length);
      deepStrictEqual(response.size, size);
      deepStrictEqual(plain(worker, models, response.scanned), plain(here, models, scanned), path);
      compared += here.length;
      resets += here.resets.size;
      partialRows += scanned.partialRows;
    }
    deepStrictEqual(pool.queuedBytes, 0);
    // The set is only useful if it had rows, resets and a provisional line.
    deepStrictEqual([compared > 20, resets > 0, partialRows], [true, true, 1]);
  } finally {
    pool.close();
    await Deno.remove(dir, { recursive: true });
  }
});
