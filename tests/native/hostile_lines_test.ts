/** Hostile lines are judged as ccusage 20.0.24 judges them (issue 10 items 4 and 7), probe by probe. */

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { type ProbeFiles, probeLine, runProbe } from "../support/probe_fixture.ts";

const FILE = "projects/p/a.jsonl";
const encoder = new TextEncoder();
const BASE = probeLine({ messageId: "m1", requestId: "r1", sessionId: "s1" });

/** The base line with `from` replaced by `to` (text), as one file. */
function edited(from: string, to: string): ProbeFiles {
  if (!BASE.includes(from)) throw new Error(`Cannot edit probe: "${from}" not in the line`);
  return { [FILE]: [BASE.replace(from, to)] };
}

/** The base line with the text `from` replaced by raw bytes (invalid UTF-8), as one file. */
function editedBytes(from: string, before: string, bytes: number[], after: string): ProbeFiles {
  const [head, tail] = BASE.split(from) as [string, string];
  return {
    [FILE]: concat(
      encoder.encode(head + before),
      new Uint8Array(bytes),
      encoder.encode(after + tail + "\n"),
    ),
  };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

function withExtra(extra: string): ProbeFiles {
  return { [FILE]: [`${BASE.slice(0, -1)},${extra}}`] };
}

const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const MODEL = '"model":"claude-sonnet-4-20250514"';

/** Each probe with the entries ccusage 20.0.24 counts (measured). */
const probes: { name: string; files: ProbeFiles; entries: number }[] = [
  { name: "the plain line counts", files: { [FILE]: [BASE] }, entries: 1 },
  {
    name: "invalid UTF-8 in message.model drops the line",
    files: editedBytes(MODEL, '"model":"claude-sonnet-4-20250514', [0xff], '"'),
    entries: 0,
  },
  {
    name: "invalid UTF-8 in sessionId drops the line",
    files: editedBytes('"sessionId":"s1"', '"sessionId":"s1', [0xc3, 0x28], '"'),
    entries: 0,
  },
  {
    name: "invalid UTF-8 in a top-level key drops the line",
    files: editedBytes('"uuid"', '"uu', [0xff], 'id"'),
    entries: 0,
  },
  {
    name: "invalid UTF-8 in an unread string (uuid) still counts",
    files: editedBytes('"uuid":"', '"uuid":"', [0xff], ""),
    entries: 1,
  },
  {
    name: "a BOM at the start of the file drops the first line",
    files: { [FILE]: concat(new Uint8Array([0xef, 0xbb, 0xbf]), encoder.encode(`${BASE}\n`)) },
    entries: 0,
  },
  {
    name: "a BOM at the start of a later line drops that line",
    files: {
      [FILE]: concat(
        encoder.encode(`${probeLine({ messageId: "m0", requestId: "r0", sessionId: "s1" })}\n`),
        new Uint8Array([0xef, 0xbb, 0xbf]),
        encoder.encode(`${BASE}\n`),
      ),
    },
    entries: 1,
  },
  {
    name: "a lone surrogate in requestId drops the line",
    files: edited('"r1"', '"r\\ud800"'),
    entries: 0,
  },
  {
    name: "a lone surrogate in message.id drops the line",
    files: edited('"m1"', '"m\\udc00"'),
    entries: 0,
  },
  {
    name: "a lone surrogate in a top-level key drops the line",
    files: withExtra('"k\\ud800":1'),
    entries: 0,
  },
  {
    name: "a lone surrogate in an unread string still counts",
    files: withExtra('"x":"\\ud800"'),
    entries: 1,
  },
  { name: "a surrogate pair counts", files: withExtra('"x":"\\ud83d\\ude00"'), entries: 1 },
  {
    name: "a duplicate message key drops the line (no 1,000,000 tokens added)",
    files: withExtra(
      '"message":{"id":"m9","model":"claude-sonnet-4-20250514","usage":{"input_tokens":1000000,"output_tokens":0}}',
    ),
    entries: 0,
  },
  {
    name: "a duplicate timestamp drops the line",
    files: withExtra('"timestamp":"2025-03-01T11:00:00.000Z"'),
    entries: 0,
  },
  {
    name: "a duplicate usage field drops the line",
    files: edited('"output_tokens":5', '"output_tokens":5,"output_tokens":7'),
    entries: 0,
  },
  {
    name: "a duplicate cache_creation field drops the line",
    files: edited(
      '"output_tokens":5',
      '"output_tokens":5,"cache_creation":{"ephemeral_1h_input_tokens":1,"ephemeral_1h_input_tokens":1}',
    ),
    entries: 0,
  },
  {
    name: "a duplicate unread key (uuid) still counts",
    files: withExtra('"uuid":"v"'),
    entries: 1,
  },
  {
    name: "a duplicate key in message.content still counts",
    files: edited(
      '"role":"assistant"',
      '"role":"assistant","content":[{"type":"text","text":"a","text":"b"}]',
    ),
    entries: 1,
  },
  {
    name: "a duplicate known key name in an unread object still counts",
    files: withExtra('"toolUseResult":{"message":1,"message":2}'),
    entries: 1,
  },
  {
    name: "JSON nested 129 levels in an unread field still counts",
    files: withExtra(`"deep":${deep(129)}`),
    entries: 1,
  },
  {
    name: "JSON nested 5,000 levels in an unread field still counts",
    files: withExtra(`"deep":${deep(5000)}`),
    entries: 1,
  },
  {
    name: "JSON nested 200 levels inside usage still counts",
    files: edited('"output_tokens":5', `"output_tokens":5,"server":${deep(200)}`),
    entries: 1,
  },
  { name: '"isSidechain":null counts', files: withExtra('"isSidechain":null'), entries: 1 },
  {
    name: '"isSidechain":"yes" drops the line',
    files: withExtra('"isSidechain":"yes"'),
    entries: 0,
  },
  {
    name: "a numeric cwd counts",
    files: edited('"cwd":"/home/dev/project"', '"cwd":5'),
    entries: 1,
  },
  {
    name: "an object cwd counts",
    files: edited('"cwd":"/home/dev/project"', '"cwd":{"a":1}'),
    entries: 1,
  },
  {
    name: '"cwd":null drops the line',
    files: edited('"cwd":"/home/dev/project"', '"cwd":null'),
    entries: 0,
  },
  ...["[100,1000]", "[100]", "[]", "[100,1000,5]", "[1.5,2]", "[null,2]", '["1",2]'].map((
    list,
  ) => ({
    name: `usage.cache_creation written as ${list}`,
    files: edited(
      '"cache_read_input_tokens":0',
      `"cache_read_input_tokens":0,"cache_creation":${list}`,
    ),
    entries: ["[100,1000]", "[100]", "[]"].includes(list) ? 1 : 0,
  })),
  {
    name: "a token count of 2^64-1 counts",
    files: edited('"input_tokens":10', '"input_tokens":18446744073709551615'),
    entries: 1,
  },
  {
    name: "a token count of 2^64 drops the line",
    files: edited('"input_tokens":10', '"input_tokens":18446744073709551616'),
    entries: 0,
  },
  {
    name: "a token count of -0 drops the line",
    files: edited('"input_tokens":10', '"input_tokens":-0'),
    entries: 0,
  },
];

for (const probe of probes) {
  Deno.test(`hostile lines equal ccusage: ${probe.name}`, async () => {
    const result = await runProbe(probe.files);
    assertEquals(result.differences, []);
    assertEquals(result.entries, probe.entries);
  });
}

Deno.test("hostile lines: the 2^64-1 probe is priced, not rejected", async () => {
  const result = await runProbe(edited('"input_tokens":10', '"input_tokens":18446744073709551615'));
  assertEquals(result.native.length, 1);
  assertEquals(result.native[0]!.costUSD > 1e13, true);
});

Deno.test("two lines of costUSD 1e308 never make an Infinity total (ccusage prints null)", async () => {
  const result = await runProbe({
    [FILE]: [
      probeLine({ messageId: "m1", requestId: "r1", sessionId: "s1", extra: { costUSD: 1e308 } }),
      probeLine({ messageId: "m2", requestId: "r2", sessionId: "s1", extra: { costUSD: 1e308 } }),
    ],
  });
  assertEquals(result.ccusage.length, 1);
  assertEquals(result.ccusage[0]!.costUSD, null);
  assertEquals(result.native.length, 1);
  assertEquals(result.native[0]!.costUSD, Number.MAX_VALUE);
  assertEquals(result.native[0]!.entries, 2);
});
