/**
 * Small crafted transcript sets ("probes") that run through both the real ccusage 20.0.24 and the
 * native reader, for one-rule differential tests.
 */

import { type BlockJson, blockToJson } from "../../src/core/blocks_output.ts";
import { createDenoFileSystem } from "../../src/sources/native/deno_file_system.ts";
import { createNativeSource } from "../../src/sources/native/native_source.ts";
import { blockDifferences, runCcusageBlocks } from "./ccusage_blocks.ts";

/** Fields of one probe line; `undefined` leaves a field out of the line. */
export interface ProbeLine {
  messageId?: string;
  requestId?: string;
  sessionId?: string;
  /** Default "2025-03-01T10:00:00.000Z". */
  timestamp?: string;
  sidechain?: boolean;
  /** Default 10 input and 5 output tokens. */
  usage?: Record<string, unknown>;
  /** Default "claude-sonnet-4-20250514". */
  model?: string;
  /** Extra top-level fields. */
  extra?: Record<string, unknown>;
}

/** One compact assistant line as Claude Code writes it. */
export function probeLine(line: ProbeLine = {}): string {
  const message: Record<string, unknown> = {};
  if (line.messageId !== undefined) message.id = line.messageId;
  message.type = "message";
  message.role = "assistant";
  message.model = line.model ?? "claude-sonnet-4-20250514";
  message.usage = line.usage ?? {
    input_tokens: 10,
    output_tokens: 5,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
  const record: Record<string, unknown> = {
    type: "assistant",
    timestamp: line.timestamp ?? "2025-03-01T10:00:00.000Z",
    message,
    uuid: "00000000-0000-4000-8000-000000000000",
    version: "1.0.80",
    cwd: "/home/dev/project",
  };
  if (line.requestId !== undefined) record.requestId = line.requestId;
  if (line.sessionId !== undefined) record.sessionId = line.sessionId;
  if (line.sidechain !== undefined) record.isSidechain = line.sidechain;
  return JSON.stringify({ ...record, ...line.extra });
}

/** Files of a probe by path under the config dir (text lines, or raw bytes). */
export type ProbeFiles = Record<string, string[] | Uint8Array>;

/** What one probe gave in ccusage and in the native reader. */
export interface ProbeResult {
  ccusage: BlockJson[];
  native: BlockJson[];
  /** Entries and tokens over ccusage's non-gap blocks. */
  entries: number;
  tokens: number;
  differences: string[];
}

/** Writes `files` into a new temporary config dir and returns its path. */
export async function writeProbe(files: ProbeFiles): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "claude-monitor-probe-" });
  for (const [path, content] of Object.entries(files)) {
    const full = `${dir}/${path}`;
    await Deno.mkdir(full.slice(0, full.lastIndexOf("/")), { recursive: true });
    await Deno.writeFile(
      full,
      content instanceof Uint8Array
        ? content
        : new TextEncoder().encode(content.map((line) => `${line}\n`).join("")),
    );
  }
  return dir;
}

/** Blocks of the native source over `dirs` at `now`, in ccusage's JSON shape. */
export async function nativeBlocksOf(
  dirs: readonly string[],
  now: number,
  workers = 0,
): Promise<BlockJson[]> {
  const source = createNativeSource({ fs: createDenoFileSystem(), dirs, now: () => now, workers });
  try {
    return (await source.load(0)).blocks.map(blockToJson);
  } finally {
    source.close();
  }
}

/** Runs ccusage and the native reader on the config dir `dir` and compares their blocks. */
export async function compareDir(dir: string): Promise<ProbeResult> {
  const expected = await runCcusageBlocks(dir);
  const native = await nativeBlocksOf([dir], expected.now);
  let entries = 0;
  let tokens = 0;
  for (const block of expected.blocks) {
    if (block.isGap) continue;
    entries += block.entries;
    tokens += block.totalTokens;
  }
  return {
    ccusage: expected.blocks,
    native,
    entries,
    tokens,
    differences: blockDifferences(native, expected.blocks),
  };
}

/** Writes a probe, compares ccusage and the native reader on it, and removes it. */
export async function runProbe(files: ProbeFiles): Promise<ProbeResult> {
  const dir = await writeProbe(files);
  try {
    return await compareDir(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
