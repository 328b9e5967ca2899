/** Appends realistic transcript lines to a data set and takes them away again afterwards. */

import { assistantLine, Rng, userLine } from "../../tests/support/generate_jsonl.ts";

/** Original sizes of the files an append touched, kept beside the data so a crash can be undone. */
export type AppendRecord = Record<string, number>;

const MODELS = [
  "claude-sonnet-4-5-20250929",
  "claude-opus-4-5-20251101",
  "claude-haiku-4-5-20251001",
] as const;
const WORDS = "the of and to in is that for it with as on function return const value file test"
  .split(" ");

function text(rng: Rng, length: number): string {
  let out = "";
  while (out.length < length) out += `${rng.pick(WORDS)} `;
  return out.slice(0, length);
}

/**
 * Lines like a live session's (45 % user lines with long text, assistant lines streamed in 1-3
 * copies), about `bytes` long, with timestamps from `start` on. Deterministic for a seed.
 */
export function sessionTail(rng: Rng, bytes: number, start: number, sessionId: string): string[] {
  const lines: string[] = [];
  let written = 0;
  let time = start;
  while (written < bytes) {
    time += rng.int(2_000, 60_000);
    let line: string;
    if (rng.next() < 0.45) {
      const length = Math.min(60_000, Math.floor(Math.exp(6 + rng.normal() * 1.3)));
      line = userLine(time, text(rng, length), sessionId, rng);
      lines.push(line);
      written += line.length + 1;
      continue;
    }
    const model = rng.pick(MODELS);
    const messageId = `msg_${rng.hex(24)}`;
    const requestId = `req_${rng.hex(24)}`;
    const output = rng.int(1, 3000);
    const copies = rng.next() < 0.4 ? rng.int(2, 3) : 1;
    const body = text(rng, Math.floor(Math.exp(5 + rng.normal())));
    for (let copy = 1; copy <= copies; copy++) {
      line = assistantLine({
        time: time + copy * 700,
        model,
        usage: {
          input_tokens: rng.int(1, 4000),
          output_tokens: copy < copies ? Math.max(1, Math.floor(output * copy / 4)) : output,
          cache_creation_input_tokens: rng.int(0, 30_000),
          cache_read_input_tokens: rng.int(0, 120_000),
        },
        messageId,
        requestId,
        sessionId,
        text: body,
      }, rng);
      lines.push(line);
      written += line.length + 1;
    }
  }
  return lines;
}

/**
 * Appends about `bytes` of new lines spread over `fileCount` of `files` (picked by `seed`),
 * timestamped from `start` on. Records each touched file's original size in `record` first.
 */
export async function appendLines(
  files: readonly string[],
  options: { bytes: number; fileCount: number; start: number; seed: number; record: AppendRecord },
): Promise<number> {
  const rng = new Rng(options.seed);
  const picked = new Set<string>();
  while (picked.size < Math.min(options.fileCount, files.length)) picked.add(rng.pick(files));
  let written = 0;
  const share = Math.ceil(options.bytes / picked.size);
  for (const path of picked) {
    if (!(path in options.record)) options.record[path] = (await Deno.stat(path)).size;
    const lines = sessionTail(rng, share, options.start, crypto.randomUUID());
    const chunk = new TextEncoder().encode(`${lines.join("\n")}\n`);
    await Deno.writeFile(path, chunk, { append: true });
    written += chunk.length;
  }
  return written;
}

/** Cuts every recorded file back to its original size. */
export async function undoAppends(record: AppendRecord): Promise<void> {
  for (const [path, size] of Object.entries(record)) await Deno.truncate(path, size);
}
