/**
 * Data sets an attacker (or an unlucky user) could hand the reader (issue 13): very many small
 * files, one huge line, one line full of `:null`. Generated once into `.bench/` like the others.
 */

import {
  assistantLine,
  generateBulk,
  questionsAndAnswers,
  Rng,
  userLine,
} from "../../tests/support/generate_jsonl.ts";
import { sizeLabel } from "./data.ts";

/** A generated hostile data set (a Claude config dir). */
export interface HostileData {
  dir: string;
  files: number;
  bytes: number;
  label: string;
}

const END = Date.UTC(2026, 0, 1);

/**
 * A few ordinary lines, the last question 10 minutes before END, so a set has blocks to compare
 * besides its hostile part.
 */
function ordinaryLines(rng: Rng, session: string, count: number): string[] {
  const start = END - count * 600_000;
  const model = "claude-sonnet-4-5-20250929";
  return questionsAndAnswers(rng, {
    session,
    count,
    start,
    stepMs: 600_000,
    replyAfterMs: 4_000,
    model,
  });
}

async function ready(base: string): Promise<HostileData | null> {
  try {
    const data = JSON.parse(await Deno.readTextFile(`${base}/complete.json`)) as HostileData;
    // Where the set is now: a data root copied elsewhere keeps the path it was made at.
    return { ...data, dir: `${base}/claude` };
  } catch {
    await Deno.remove(base, { recursive: true }).catch(() => {});
    await Deno.mkdir(`${base}/claude/projects/p`, { recursive: true });
    return null;
  }
}

async function finish(base: string, data: HostileData): Promise<HostileData> {
  await Deno.writeTextFile(`${base}/complete.json`, JSON.stringify(data));
  return data;
}

/** About `count` small transcripts (about 1.5 KiB each) in many project folders. */
export async function manyFiles(root: string, count: number): Promise<HostileData> {
  const base = `${root}/hostile-files-${count}`;
  const done = await ready(base);
  if (done !== null) return done;
  const summary = await generateBulk({
    out: `${base}/claude`,
    bytes: count * 1536,
    days: 180,
    end: END,
    seed: 3,
    meanFileBytes: 1536,
  });
  return await finish(base, {
    dir: `${base}/claude`,
    files: summary.files.length,
    bytes: summary.bytes,
    label: `${summary.files.length} files`,
  });
}

/** One transcript whose middle line is a user line of about `bytes` bytes (no newline in it). */
export async function hugeLine(root: string, bytes: number): Promise<HostileData> {
  const base = `${root}/hostile-line-${sizeLabel(bytes)}`;
  const done = await ready(base);
  if (done !== null) return done;
  const rng = new Rng(5);
  const path = `${base}/claude/projects/p/huge.jsonl`;
  const before = ordinaryLines(rng, "huge", 20);
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  try {
    await file.write(encoder.encode(`${before.join("\n")}\n`));
    // The huge line is written in pieces: it never has to exist as one string here.
    const head = userLine(END - 1_000, "§", "huge", rng);
    const [prefix, suffix] = head.split("§") as [string, string];
    await file.write(encoder.encode(prefix));
    const piece = encoder.encode("lorem ipsum dolor sit amet ".repeat(40_000));
    for (let written = 0; written < bytes; written += piece.length) await file.write(piece);
    await file.write(encoder.encode(`${suffix}\n`));
    await file.write(encoder.encode(`${ordinaryLines(rng, "huge-after", 5).join("\n")}\n`));
  } finally {
    file.close();
  }
  const size = (await Deno.stat(path)).size;
  return await finish(base, {
    dir: `${base}/claude`,
    files: 1,
    bytes: size,
    label: `one ${sizeLabel(bytes)} line`,
  });
}

/** One transcript with an assistant usage line whose text is `:null, ` repeated `count` times. */
export async function nullLine(root: string, count: number): Promise<HostileData> {
  const base = `${root}/hostile-null-${count}`;
  const done = await ready(base);
  if (done !== null) return done;
  const rng = new Rng(6);
  const lines = ordinaryLines(rng, "nulls", 20);
  lines.push(assistantLine({
    time: END - 1_000,
    model: "claude-sonnet-4-5-20250929",
    usage: {
      input_tokens: 10,
      output_tokens: 20,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
    sessionId: "nulls",
    text: ":null, ".repeat(count),
  }, rng));
  const path = `${base}/claude/projects/p/nulls.jsonl`;
  await Deno.writeTextFile(path, `${lines.join("\n")}\n`);
  const size = (await Deno.stat(path)).size;
  return await finish(base, {
    dir: `${base}/claude`,
    files: 1,
    bytes: size,
    label: `${(size / 1e6).toFixed(1)} MB :null line`,
  });
}
