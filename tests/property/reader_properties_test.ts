/**
 * Properties of the native reader and the block builder, through the reader's public API
 * (`createNativeSource` over an in-memory file system) on random entries:
 * - every counted token is in exactly one block; blocks are sorted, hour-aligned, 5 h long and
 *   never overlap; every entry falls inside its block;
 * - de-duplication (DESIGN 2.2) is idempotent and order-independent: exact copies and
 *   strictly larger re-sends of a message, anywhere in any file, give the blocks of the kept set;
 *   a request-less message id in another session is another message;
 * - reading in any chunk size, or incrementally in any number of appends, equals reading whole.
 */

import fc from "fast-check";
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { createNativeSource } from "../../src/sources/native/native_source.ts";
import type { Block } from "../../src/core/types.ts";
import { assistantLine } from "../support/generate_jsonl.ts";
import { MemoryFileSystem } from "../support/memory_file_system.ts";
import { propertySeeds } from "./seeds.ts";

const HOUR = 3_600_000;
const BASE = Date.parse("2026-03-02T00:00:00.000Z");
const NOW = BASE + 10 * 24 * HOUR;
const FILES = [
  "/data/projects/-a/s1.jsonl",
  "/data/projects/-a/s2.jsonl",
  "/data/projects/-b/s3.jsonl",
];
const SESSIONS = ["s1", "s2", "s3"];
const MODELS = [
  "claude-sonnet-4-20250514",
  "claude-opus-4-5-20251101",
  "claude-3-5-haiku-20241022",
];

/** One random usage entry; `id` makes message and request ids unique. */
interface Entry {
  id: number;
  time: number;
  input: number;
  output: number;
  cacheCreation: number;
  cacheRead: number;
  model: string;
  session: number;
  file: number;
  /** "both": message.id and requestId; "message": message.id only; "none": no ids. */
  ids: "both" | "message" | "none";
}

const entryArb = fc.record({
  // Up to 6 days, with bursts and long pauses: gaps, new blocks and blocks at the 5 h edge.
  time: fc.oneof(
    fc.integer({ min: 0, max: 6 * 24 * HOUR }),
    fc.integer({ min: 0, max: 6 * 24 }).map((h) => h * HOUR),
    fc.integer({ min: 0, max: 6 * 24 }).map((h) => h * HOUR + 5 * HOUR + 1),
  ),
  input: fc.integer({ min: 0, max: 5000 }),
  output: fc.integer({ min: 0, max: 5000 }),
  cacheCreation: fc.integer({ min: 0, max: 3000 }),
  cacheRead: fc.integer({ min: 0, max: 30000 }),
  model: fc.constantFrom(...MODELS),
  session: fc.integer({ min: 0, max: 2 }),
  file: fc.integer({ min: 0, max: 2 }),
  ids: fc.constantFrom("both", "both", "message", "none"),
});

const entriesArb = fc.array(entryArb, { minLength: 1, maxLength: 40 }).map((list) =>
  list.map((e, id): Entry => ({ ...e, id, time: BASE + e.time }))
);

function tokens(e: Entry): number {
  return e.input + e.output + e.cacheCreation + e.cacheRead;
}

function line(e: Entry, extraOutput = 0): string {
  return assistantLine({
    time: e.time,
    model: e.model,
    usage: {
      input_tokens: e.input,
      output_tokens: e.output + extraOutput,
      cache_creation_input_tokens: e.cacheCreation,
      cache_read_input_tokens: e.cacheRead,
    },
    messageId: e.ids === "none" ? null : `msg_${e.id}`,
    requestId: e.ids === "both" ? `req_${e.id}` : null,
    // The line names its session, so moving it to another file keeps its session.
    sessionId: SESSIONS[e.session]!,
  });
}

async function read(
  files: Map<string, string[]>,
  options: { chunkSize?: number } = {},
): Promise<Block[]> {
  const fs = new MemoryFileSystem();
  for (const [path, lines] of files) fs.write(path, lines.map((l) => `${l}\n`).join(""));
  const source = createNativeSource({
    fs,
    dirs: ["/data"],
    now: () => NOW,
    workers: 0,
    ...options,
  });
  try {
    return (await source.load(0)).blocks;
  } finally {
    source.close();
  }
}

function byFile(entries: readonly Entry[]): Map<string, string[]> {
  const files = new Map<string, string[]>();
  for (const e of entries) {
    const path = FILES[e.file]!;
    files.set(path, [...(files.get(path) ?? []), line(e)]);
  }
  return files;
}

/**
 * Blocks as far as line order may not change them: entries of equal time keep their file order
 * (ccusage reads files in sorted path order), so sums may add in another order and models of
 * same-time entries may be listed in another order.
 */
function comparable(blocks: readonly Block[]): unknown[] {
  const round = (n: number) => Number(n.toPrecision(12));
  return blocks.map((b) => ({
    ...b,
    models: [...b.models].sort(),
    costUSD: round(b.costUSD),
    burnRate: b.burnRate && {
      tokensPerMinute: round(b.burnRate.tokensPerMinute),
      tokensPerMinuteForIndicator: round(b.burnRate.tokensPerMinuteForIndicator),
      costPerHour: round(b.burnRate.costPerHour),
    },
    projection: b.projection && {
      ...b.projection,
      totalTokens: Math.round(b.projection.totalTokens),
      totalCost: round(b.projection.totalCost),
    },
  }));
}

const seeds = propertySeeds();
// PROPERTY_RUNS raises the count for a longer hunt (CI keeps the default).
const runs = { numRuns: Number(Deno.env.get("PROPERTY_RUNS") ?? 150) };

for (const seed of seeds) {
  Deno.test(`every token lands in exactly one sorted, hour-aligned block of at most 5 h (seed ${seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, async (entries) => {
        const blocks = await read(byFile(entries));
        const windows = blocks.filter((b) => !b.isGap);
        equal(
          windows.reduce((sum, b) => sum + b.totalTokens, 0),
          entries.reduce((s, e) => s + tokens(e), 0),
        );
        equal(windows.reduce((sum, b) => sum + b.entries, 0), entries.length);
        for (const [index, b] of blocks.entries()) {
          // A gap runs from the last entry + 5 h to the next entry, whose block starts at that
          // entry's floored hour: the two may start at the same instant.
          if (index > 0) ok(blocks[index - 1]!.startTime <= b.startTime, "blocks sorted by start");
          if (b.isGap) {
            equal(b.totalTokens, 0);
            continue;
          }
          equal(b.startTime % HOUR, 0, "a block starts on a UTC hour");
          equal(b.endTime - b.startTime, 5 * HOUR, "a block lasts 5 h");
          ok(b.actualEndTime !== null && b.actualEndTime >= b.startTime);
          ok(b.actualEndTime <= b.endTime, "the last entry is inside the block");
        }
        for (let i = 1; i < windows.length; i++) {
          ok(windows[i - 1]!.endTime <= windows[i]!.startTime, "blocks never overlap");
        }
        for (const e of entries) {
          const holders = windows.filter((b) =>
            b.startTime <= e.time && e.time <= b.actualEndTime!
          );
          const when = new Date(e.time).toISOString();
          ok(holders.length >= 1, `entry at ${when} is in no block`);
          // Two only at a shared edge: exactly 5 h after the first block's start, where the next
          // block (of a later entry, floored) begins.
          if (holders.length > 1) {
            equal(holders.length, 2, `entry at ${when} in ${holders.length} blocks`);
            equal(e.time, holders[0]!.endTime);
            equal(e.time, holders[1]!.startTime);
          }
        }
      }),
      { ...runs, seed },
    );
  });

  Deno.test(`de-duplication is idempotent and order-independent (seed ${seed})`, async () => {
    const scenario = entriesArb.chain((entries) => {
      // Only lines with a message id can be duplicates (DESIGN 2.2).
      const withId = entries.filter((e) => e.ids !== "none");
      return fc.record({
        entries: fc.constant(entries),
        copies: fc.array(
          fc.record({
            of: fc.constantFrom(...(withId.length > 0 ? withId : entries)),
            file: fc.integer({ min: 0, max: 2 }),
            // 0: an exact copy; n > 0: a re-send with n more output tokens (it must win).
            more: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 500 })),
          }),
          { maxLength: 30 },
        ),
        order: fc.infiniteStream(fc.integer()),
      });
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ entries, copies, order }) => {
        const valid = copies.filter((c) => c.of.ids !== "none");
        // The kept set: each message once, with its largest output.
        const largest = new Map<number, number>();
        for (const c of valid) largest.set(c.of.id, Math.max(largest.get(c.of.id) ?? 0, c.more));
        const kept = new Map<string, string[]>();
        for (const e of entries) {
          const path = FILES[e.file]!;
          kept.set(path, [...(kept.get(path) ?? []), line(e, largest.get(e.id) ?? 0)]);
        }
        const expected = comparable(await read(kept));
        // Every line once more (idempotence) plus the copies, all shuffled across the files.
        const all = [
          ...entries.map((e) => ({ text: line(e), file: e.file })),
          ...entries.filter((e) => e.ids !== "none").map((e) => ({ text: line(e), file: e.file })),
          ...valid.map((c) => ({ text: line(c.of, c.more), file: c.file })),
        ];
        const keys = order.take(all.length);
        const shuffled = all.map((item) => ({ item, key: keys.next().value as number }))
          .sort((a, b) => a.key - b.key).map(({ item }) => item);
        const mixed = new Map<string, string[]>();
        for (const { text, file } of shuffled) {
          mixed.set(FILES[file]!, [...(mixed.get(FILES[file]!) ?? []), text]);
        }
        deepStrictEqual(comparable(await read(mixed)), expected);
      }),
      { ...runs, seed },
    );
  });

  // DESIGN 2.2: request-less duplicates are scoped to a session, as in ccusage 20.0.24.
  Deno.test(`a request-less message in another session is never merged (seed ${seed})`, async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, fc.integer({ min: 1, max: 2 }), async (entries, shift) => {
        const requestLess = entries.filter((e) => e.ids === "message");
        fc.pre(requestLess.length > 0);
        const base = await read(byFile(entries));
        // The same message id, no request id, another session: a different message to ccusage.
        const files = byFile(entries);
        for (const e of requestLess) {
          const other = { ...e, session: (e.session + shift) % SESSIONS.length };
          files.get(FILES[e.file]!)!.push(line(other));
        }
        const total = (blocks: Block[]) => blocks.reduce((sum, b) => sum + b.totalTokens, 0);
        const entriesOf = (blocks: Block[]) => blocks.reduce((sum, b) => sum + b.entries, 0);
        const mixed = await read(files);
        equal(total(mixed), total(base) + requestLess.reduce((sum, e) => sum + tokens(e), 0));
        equal(entriesOf(mixed), entriesOf(base) + requestLess.length);
      }),
      { ...runs, seed },
    );
  });

  Deno.test(`any chunk size and any sequence of appends read the same as one whole read (seed ${seed})`, async () => {
    const scenario = fc.record({
      entries: entriesArb,
      chunkSize: fc.integer({ min: 1, max: 700 }),
      // Cut points per file as fractions of its length: appends may end mid-line.
      cuts: fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), {
        minLength: 3,
        maxLength: 3,
      }),
    });
    await fc.assert(
      fc.asyncProperty(scenario, async ({ entries, chunkSize, cuts }) => {
        const files = byFile(entries);
        const whole = comparable(await read(files));
        deepStrictEqual(comparable(await read(files, { chunkSize })), whole, "chunked read");
        const fs = new MemoryFileSystem();
        const source = createNativeSource({ fs, dirs: ["/data"], now: () => NOW, workers: 0 });
        try {
          const pieces = [...files].map(([path, lines], index) => {
            const text = lines.map((l) => `${l}\n`).join("");
            const at = [...new Set((cuts[index] ?? []).map((f) => Math.floor(f * text.length)))]
              .sort((a, b) => a - b);
            const parts: string[] = [];
            let from = 0;
            for (const cut of [...at, text.length]) {
              parts.push(text.slice(from, cut));
              from = cut;
            }
            return { path, parts };
          });
          const rounds = Math.max(...pieces.map((p) => p.parts.length));
          for (let round = 0; round < rounds; round++) {
            for (const { path, parts } of pieces) {
              if (round < parts.length) fs.append(path, parts[round]!);
            }
            await source.load(0).catch(() => null);
          }
          deepStrictEqual(comparable((await source.load(0)).blocks), whole, "incremental read");
        } finally {
          source.close();
        }
      }),
      { ...runs, seed },
    );
  });
}
