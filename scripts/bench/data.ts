/** Generated benchmark data, cached under `.bench/` and keyed by the generator's parameters. */

import { generateBulk } from "../../tests/support/generate_jsonl.ts";
import { type AppendRecord, undoAppends } from "./append.ts";

/** The generator parameters of one data set (besides its size). */
export const DATA_PARAMS = {
  days: 180,
  end: Date.UTC(2026, 0, 1),
  seed: 1,
  userShare: 0.45,
  meanFileBytes: 400 * 1024,
} as const;

/** A cached data set: a Claude config dir with `projects/` under it. */
export interface BenchData {
  /** The Claude config dir (pass as CLAUDE_CONFIG_DIR or --claude-dir). */
  dir: string;
  files: number;
  bytes: number;
  /** Seconds spent generating, or null when it came from the cache. */
  generatedSeconds: number | null;
}

/** Parses a size such as `200M`, `1G`, `512K` or `1048576` into bytes. */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMG]i?B?)?$/i.exec(text.trim());
  if (match === null) {
    throw new Error(`Cannot parse size "${text}": expected a number with K, M or G (e.g. 200M)`);
  }
  const unit = (match[2] ?? "").charAt(0).toUpperCase();
  const scale = unit === "K" ? 1024 : unit === "M" ? 1024 ** 2 : unit === "G" ? 1024 ** 3 : 1;
  return Math.round(Number(match[1]) * scale);
}

/** A short label for a byte count: `200M`, `1G`, `3.5M`. */
export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3}G`;
  if (bytes >= 1024 ** 2) return `${Number((bytes / 1024 ** 2).toFixed(1))}M`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))}K`;
  return `${bytes}`;
}

/** Where the native probe keeps the original sizes of the files it appends to. */
export function appendRecordPath(dataDir: string): string {
  return `${dataDir.replace(/\/claude$/, "")}/appended.json`;
}

async function undoInterruptedAppend(base: string): Promise<void> {
  let record: AppendRecord;
  try {
    record = JSON.parse(await Deno.readTextFile(`${base}/appended.json`));
  } catch {
    return;
  }
  await undoAppends(record);
  await Deno.remove(`${base}/appended.json`);
}

async function cacheKey(bytes: number): Promise<string> {
  // The generator's source is part of the key: a changed generator means new data.
  const generator = await Deno.readTextFile(
    new URL("../../tests/support/generate_jsonl.ts", import.meta.url),
  );
  const text = JSON.stringify({ bytes, ...DATA_PARAMS }) + generator;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].slice(0, 6).map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** Returns the data set of about `bytes`, generating it into `<root>/data-<size>-<key>` if absent. */
export async function ensureData(root: string, bytes: number): Promise<BenchData> {
  const base = `${root}/data-${sizeLabel(bytes)}-${await cacheKey(bytes)}`;
  const marker = `${base}/complete.json`;
  try {
    const done = JSON.parse(await Deno.readTextFile(marker)) as { files: number; bytes: number };
    await undoInterruptedAppend(base);
    return { dir: `${base}/claude`, files: done.files, bytes: done.bytes, generatedSeconds: null };
  } catch {
    // Absent or interrupted: generate from scratch.
  }
  await Deno.remove(base, { recursive: true }).catch(() => {});
  await Deno.mkdir(base, { recursive: true });
  const started = performance.now();
  const summary = await generateBulk({ out: `${base}/claude`, bytes, ...DATA_PARAMS });
  const seconds = (performance.now() - started) / 1000;
  await Deno.writeTextFile(
    marker,
    JSON.stringify({ files: summary.files.length, bytes: summary.bytes, seconds, ...DATA_PARAMS }),
  );
  return {
    dir: `${base}/claude`,
    files: summary.files.length,
    bytes: summary.bytes,
    generatedSeconds: seconds,
  };
}

if (import.meta.main) {
  // `deno run -A scripts/bench/data.ts 1G`: generate (or find) one data set.
  const data = await ensureData(
    new URL("../../.bench", import.meta.url).pathname,
    parseSize(Deno.args[0] ?? "10M"),
  );
  await Deno.stdout.write(new TextEncoder().encode(`${JSON.stringify(data)}\n`));
}
