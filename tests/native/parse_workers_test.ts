/** Parse workers survive files without usage lines and read files themselves when asked. */

import { deepStrictEqual, rejects } from "node:assert/strict";
import { ParseWorkers } from "../../src/sources/native/parse_workers.ts";
import { assistantLine, userLine } from "../support/generate_jsonl.ts";

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
