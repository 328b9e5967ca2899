/** Parse workers survive files without usage lines (their columns share empty arrays). */

import { deepStrictEqual } from "node:assert/strict";
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
