/**
 * The byte-level fast path (`fastUsageLine`) never accepts a line that `parseUsageLine` (the
 * exact path) rejects, and gives the same entry for every line it accepts: on every line of the
 * real transcripts, on hostile edits, and on randomly mutated lines. Files read with and
 * without it give the same columns.
 */

import fc from "fast-check";
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { EntryColumns, fingerprint, ModelNames } from "../../src/sources/native/entry_columns.ts";
import { fastLineEntry, fingerprintBytes } from "../../src/sources/native/fast_line_entry.ts";
import { FastLine, fastUsageLine } from "../../src/sources/native/fast_usage_line.ts";
import { parseUsageLine, USAGE_MARKER } from "../../src/sources/native/parse_line.ts";
import { bundledPrices } from "../../src/sources/native/pricing.ts";
import { scanFile } from "../../src/sources/native/scan_lines.ts";
import { probeLine } from "../support/probe_fixture.ts";
import { requireSharedDir, sharedTestOptions } from "../support/shared_dir.ts";
import { propertySeeds } from "../property/seeds.ts";

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
const line = new FastLine();

/** What the exact path gives for the line's bytes, decoded as the reader decodes them. */
function exactEntries(bytes: Uint8Array) {
  let text: string;
  let invalid = false;
  try {
    text = strictDecoder.decode(bytes);
  } catch {
    text = lenientDecoder.decode(bytes);
    invalid = true;
  }
  return parseUsageLine(text, bundledPrices, invalid);
}

/**
 * Runs the fast path on `bytes` placed at an offset of `pad` bytes in a larger buffer (so word
 * alignment varies), followed by a newline and another line; checks it against the exact path.
 * Returns whether the fast path accepted the line.
 */
function agrees(bytes: Uint8Array, pad = 0): boolean {
  const buffer = new Uint8Array(pad + bytes.length + 8);
  buffer.fill(10, 0, pad);
  buffer.set(bytes, pad);
  buffer.set(encoder.encode('\n{"a":1}'), pad + bytes.length);
  const end = fastUsageLine(buffer, pad, buffer.length, line);
  if (end === -1) return false;
  equal(end, pad + bytes.length, "the line ends at its newline");
  const exact = exactEntries(bytes);
  ok(exact !== null, `fast path accepted a line the exact path rejects: ${show(bytes)}`);
  equal(exact.length, 1, `fast path accepted a line with advisor entries: ${show(bytes)}`);
  deepStrictEqual(fastLineEntry(buffer, line, bundledPrices), exact[0], show(bytes));
  return true;
}

function show(bytes: Uint8Array): string {
  return JSON.stringify(lenientDecoder.decode(bytes).slice(0, 400));
}

function usageLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  while (start < bytes.length) {
    let stop = bytes.indexOf(10, start);
    if (stop === -1) stop = bytes.length;
    const lineBytes = bytes.subarray(start, stop);
    if (lenientDecoder.decode(lineBytes).includes(USAGE_MARKER)) lines.push(lineBytes);
    start = stop + 1;
  }
  return lines;
}

async function transcriptFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...await transcriptFiles(path));
    else if (entry.name.endsWith(".jsonl")) files.push(path);
  }
  return files.sort();
}

Deno.test(
  sharedTestOptions("fastUsageLine() agrees with parseUsageLine on every real transcript line"),
  async () => {
    let accepted = 0;
    let total = 0;
    for (const path of await transcriptFiles(join(requireSharedDir(), "transcripts"))) {
      for (const bytes of usageLines(await Deno.readFile(path))) {
        total++;
        if (agrees(bytes, total % 8)) accepted++;
      }
    }
    ok(total > 1000, `expected the real transcripts, found ${total} usage lines`);
    // The fast path is only worth having if it takes nearly all real lines.
    ok(accepted > total * 0.95, `fast path took ${accepted} of ${total} lines`);
  },
);

Deno.test(
  sharedTestOptions("a real transcript file gives the same columns with and without the fast path"),
  async () => {
    for (const path of await transcriptFiles(join(requireSharedDir(), "transcripts"))) {
      const bytes = await Deno.readFile(path);
      const models = new ModelNames();
      const fast = new EntryColumns(models);
      const exact = new EntryColumns(models);
      const fastScan = scanFile(bytes, fast, bundledPrices, true);
      const exactScan = scanFile(bytes, exact, bundledPrices, false);
      deepStrictEqual(fastScan, exactScan, path);
      deepStrictEqual(fast.toParts(), exact.toParts(), path);
    }
  },
);

const BASE = probeLine({ messageId: "msg_1", requestId: "req_1", sessionId: "s-1" });

/** Hostile edits of a plain line: each must be judged as the exact path judges it. */
const EDITS: [string, string][] = [
  ['"msg_1"', '"m\\u0073g"'],
  ['"msg_1"', '"m\\ud800"'],
  ['"msg_1"', '""'],
  ['"msg_1"', "null"],
  ['"msg_1"', "5"],
  ['"req_1"', '"r\\/1"'],
  ['"s-1"', '"s\u00e9"'],
  ['"type":"assistant"', '"type":"assistant","type":"x"'],
  ['"type":"assistant"', '"timestamp":"2025-03-01T09:00:00.000Z"'],
  ['"type":"assistant"', '"isSidechain":null'],
  ['"type":"assistant"', '"isSidechain":true'],
  ['"type":"assistant"', '"isSidechain":1'],
  ['"type":"assistant"', '"isApiErrorMessage":false'],
  ['"type":"assistant"', '"isApiErrorMessage":true'],
  ['"type":"assistant"', '"costUSD":0.125'],
  ['"type":"assistant"', '"costUSD":-1e-3'],
  ['"type":"assistant"', '"costUSD":null'],
  ['"type":"assistant"', '"costUSD":"1"'],
  ['"type":"assistant"', '"x":{"id":null}'],
  ['"type":"assistant"', '"x":{"a\\"id":null}'],
  ['"type":"assistant"', '"x":{"cwd" :null}'],
  ['"type":"assistant"', '"x":{"cwd": null}'],
  ['"type":"assistant"', '"x":"\\"cwd\\":null"'],
  ['"type":"assistant"', '"x":{"y_tokens":-1}'],
  ['"type":"assistant"', '"x":{"y_tokens":1.5}'],
  ['"type":"assistant"', '"x":{"y_tokens":"-1"}'],
  ['"type":"assistant"', '"x":{"y_tokens" :-1}'],
  ['"type":"assistant"', '"x":[1,2,{"a":[true,false,null]}]'],
  ['"type":"assistant"', '"x":' + "[".repeat(100) + "]".repeat(100)],
  ['"type":"assistant"', '"x":"a\tb"'],
  ['"type":"assistant"', '"x":"\\x"'],
  ['"type":"assistant"', '"x":01'],
  ['"type":"assistant"', '"x":1.'],
  ['"type":"assistant"', '"x":-'],
  ['"type":"assistant"', '"x":tru'],
  ['"type":"assistant"', '"\\u0074imestamp":"2025-03-01T09:00:00.000Z"'],
  ['"type":"assistant"', '"advisor_message":1'],
  ['"2025-03-01T10:00:00.000Z"', '"2025-03-01T10:00:00Z"'],
  ['"2025-03-01T10:00:00.000Z"', '"2025-03-01T10:00:00.000+02:00"'],
  ['"2025-03-01T10:00:00.000Z"', '"2025-02-30T10:00:00.000Z"'],
  ['"2025-03-01T10:00:00.000Z"', '"2025-03-31T24:00:00.000Z"'],
  ['"2025-03-01T10:00:00.000Z"', '"1969-12-31T23:59:59.999Z"'],
  ['"2025-03-01T10:00:00.000Z"', '"0099-03-01T10:00:00.000Z"'],
  ['"2025-03-01T10:00:00.000Z"', '"2025-03-01T10:00:00.00Z"'],
  ['"1.0.80"', '"1.0"'],
  ['"1.0.80"', '"v1.0.8"'],
  ['"1.0.80"', '"10.20.3-beta"'],
  ['"input_tokens":10', '"input_tokens":10.0'],
  ['"input_tokens":10', '"input_tokens":1e1'],
  ['"input_tokens":10', '"input_tokens": 10'],
  ['"input_tokens":10', '"input_tokens" :10'],
  ['"input_tokens":10', '"input_tokens":0'],
  ['"input_tokens":10', '"input_tokens":123456789012345'],
  ['"input_tokens":10', '"input_tokens":1234567890123456'],
  ['"input_tokens":10', '"input_tokens":18446744073709551615'],
  ['"input_tokens":10', '"input_tokens":"10"'],
  ['"input_tokens":10,', ""],
  ['"output_tokens":5', '"output_tokens":5,"speed":"fast"'],
  ['"output_tokens":5', '"output_tokens":5,"speed":"standard"'],
  ['"output_tokens":5', '"output_tokens":5,"speed":"slow"'],
  ['"output_tokens":5', '"output_tokens":5,"speed":null'],
  ['"output_tokens":5', '"output_tokens":5,"cache_creation":null'],
  [
    '"output_tokens":5',
    '"output_tokens":5,"cache_creation":{"ephemeral_5m_input_tokens":3,"ephemeral_1h_input_tokens":4}',
  ],
  ['"output_tokens":5', '"output_tokens":5,"cache_creation":{"ephemeral_1h_input_tokens":4}'],
  ['"output_tokens":5', '"output_tokens":5,"cache_creation":[1,2]'],
  ['"output_tokens":5', '"output_tokens":5,"cache_creation":{"ephemeral_5m_input_tokens":null}'],
  ['"output_tokens":5', '"output_tokens":5,"iterations":[]'],
  ['"output_tokens":5', '"output_tokens":5,"output_tokens":5'],
  ['"claude-sonnet-4-20250514"', '"<synthetic>"'],
  ['"claude-sonnet-4-20250514"', '"no-such-model"'],
  ['"claude-sonnet-4-20250514"', '"claude-opus-4-5-20251101"'],
  ['"model":"claude-sonnet-4-20250514",', ""],
  ['"message":{', '"message":{"model":"x",'],
  ['{"type"', ' {"type"'],
  ['{"type"', '\ufeff{"type"'],
  ['{"type"', '[{"type"'],
];

Deno.test("fastUsageLine() agrees with parseUsageLine on hostile edits of a line", () => {
  ok(agrees(encoder.encode(BASE)), "the plain line takes the fast path");
  for (const [from, to] of EDITS) {
    ok(BASE.includes(from), `edit "${from}" applies`);
    const edited = BASE.replace(from, to);
    for (let pad = 0; pad < 4; pad++) agrees(encoder.encode(edited), pad);
    agrees(encoder.encode(`${edited}  `));
    agrees(encoder.encode(`${edited}\r`));
    agrees(encoder.encode(`${edited} x`));
  }
});

Deno.test("fastUsageLine() is unsure about an unterminated line and invalid UTF-8 in a read field", () => {
  const bytes = encoder.encode(BASE);
  equal(fastUsageLine(bytes.subarray(0, bytes.length - 1), 0, bytes.length - 1, line), -1);
  const model = BASE.indexOf("claude-sonnet");
  const broken = bytes.slice();
  broken[model + 2] = 0xff;
  equal(agrees(broken), false);
  const uuid = BASE.indexOf("00000000-");
  const unread = bytes.slice();
  unread[uuid] = 0xff;
  ok(agrees(unread), "invalid UTF-8 in an unread string takes the fast path");
});

/** Pieces a mutation inserts: JSON syntax, rule-sensitive names, escapes and raw bytes. */
const PIECES = [
  '"',
  "\\",
  ":",
  ",",
  "{",
  "}",
  "[",
  "]",
  " ",
  "\t",
  "\r",
  "0",
  "7",
  "-",
  ".",
  "e",
  ":null",
  "null",
  "true",
  '"id"',
  '"model"',
  '"usage"',
  '"message"',
  '"cwd"',
  '"speed"',
  '"costUSD"',
  '"timestamp"',
  '"isSidechain"',
  '"isApiErrorMessage"',
  '"cache_creation"',
  '"input_tokens"',
  '_tokens":',
  "\\u0041",
  "\\ud800",
  "\\n",
  "\u00e9",
  "\u0000",
].map((piece) => encoder.encode(piece)).concat([
  new Uint8Array([0xff]),
  new Uint8Array([0xc3]),
  new Uint8Array([0xef, 0xbb, 0xbf]),
]);

const BASES = [
  BASE,
  probeLine({
    messageId: "msg_2",
    requestId: "req_2",
    sessionId: "s-2",
    sidechain: true,
    usage: {
      input_tokens: 3,
      output_tokens: 4,
      cache_creation_input_tokens: 100,
      cache_read_input_tokens: 7,
      cache_creation: { ephemeral_5m_input_tokens: 60, ephemeral_1h_input_tokens: 40 },
      speed: "fast",
    },
    extra: { content: [{ type: "tool_use", id: "t1", input: { cmd: 'ls "a"\n' } }] },
  }),
].map((text) => encoder.encode(text));

const mutation = fc.record({
  base: fc.nat(BASES.length - 1),
  pad: fc.nat(7),
  edits: fc.array(
    fc.record({
      at: fc.nat(),
      remove: fc.nat(4),
      piece: fc.nat(PIECES.length - 1),
    }),
    { minLength: 1, maxLength: 4 },
  ),
});

Deno.test("fastUsageLine() never accepts a mutated line the exact path rejects", () => {
  for (const seed of propertySeeds()) {
    fc.assert(
      fc.property(mutation, ({ base, pad, edits }) => {
        let bytes = BASES[base]!;
        for (const { at, remove, piece } of edits) {
          const index = at % (bytes.length + 1);
          const insert = PIECES[piece]!;
          const next = new Uint8Array(
            bytes.length - Math.min(remove, bytes.length - index) +
              insert.length,
          );
          next.set(bytes.subarray(0, index));
          next.set(insert, index);
          next.set(bytes.subarray(index + remove), index + insert.length);
          bytes = next;
        }
        agrees(bytes, pad);
      }),
      { seed, numRuns: 3000 },
    );
  }
});

Deno.test("fingerprintBytes() gives the fingerprint of the same ASCII text", () => {
  const fromText = new Uint32Array(2);
  const fromBytes = new Uint32Array(2);
  for (const text of ["", "a", "msg_01ABCdef", "00000000-0000-4000-8000-000000000000"]) {
    fingerprint(text, fromText, 0);
    const bytes = encoder.encode(`x${text}y`);
    fingerprintBytes(bytes, 1, bytes.length - 1, fromBytes, 0);
    deepStrictEqual(fromBytes, fromText, text);
  }
});

Deno.test("fastUsageLine() reads every day of a leap and a common year as Date.parse does", () => {
  for (const year of [2024, 2025]) {
    for (let month = 1; month <= 12; month++) {
      for (let day = 1; day <= 31; day++) {
        const date = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
        for (const time of ["T23:59:59.999Z", "T00:00:00Z"]) {
          const text = BASE.replace("2025-03-01T10:00:00.000Z", date + time);
          ok(agrees(encoder.encode(text)), `${date}${time} takes the fast path`);
          equal(line.time, Date.parse(date + time));
        }
      }
    }
  }
});
