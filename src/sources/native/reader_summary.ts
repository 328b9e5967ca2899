/**
 * The reader summary: a small companion of the reader cache holding, for one stat signature of
 * the transcripts (path, size, mtime, identity of each), the finished result a snapshot needs:
 * block drafts, recent activity and the source's counts. A run where no transcript changed
 * reads this instead of decoding the cache's entries. Pure: no Deno, no clock.
 */

import type { BlockDraft } from "../../core/identify_blocks.ts";
import type { ActivityPoint, Block } from "../../core/types.ts";

/** Layout version of the summary file; the caller's key versions everything else. */
export const SUMMARY_FORMAT_VERSION = 4;

const MAGIC = "CMSUMARY";
/** Magic, format, header and body lengths, then at 24 the digest of everything after the lead. */
const LEAD_BYTES = 32;
const DIGEST_AT = 24;
const DIGEST_BYTES = 8;
/** Numbers stored per block draft and per activity point in the binary body. */
const FILE_FIELDS = 3;
const BLOCK_FIELDS = 15;
const POINT_FIELDS = 4;

/** One transcript's stat signature, as the reader last read it. */
export interface SummaryFile {
  path: string;
  size: number;
  mtimeMs: number | null;
  ino: number | null;
}

/** Files and their stat signatures in columns: decoding makes no object per file. */
export interface SummaryFiles {
  /** Sorted. */
  paths: string[];
  /** Per file: size, mtime (NaN for none), identity (NaN for none). */
  signatures: Float64Array;
}

/** The columns of `files` (in the order given). */
export function summaryFiles(files: readonly SummaryFile[]): SummaryFiles {
  const signatures = new Float64Array(files.length * FILE_FIELDS);
  files.forEach((file, index) => {
    signatures[index * FILE_FIELDS] = file.size;
    signatures[index * FILE_FIELDS + 1] = file.mtimeMs ?? NaN;
    signatures[index * FILE_FIELDS + 2] = file.ino ?? NaN;
  });
  return { paths: files.map((file) => file.path), signatures };
}

/** Whether file `index` of `files` has this stat signature (the reader's "unchanged" test). */
export function sameSignature(
  files: SummaryFiles,
  index: number,
  stat: { size: number; mtimeMs: number | null; ino?: number | null },
): boolean {
  const at = index * FILE_FIELDS;
  const mtime = files.signatures[at + 1]!;
  const ino = files.signatures[at + 2]!;
  return files.signatures[at] === stat.size &&
    (stat.mtimeMs === null ? Number.isNaN(mtime) : stat.mtimeMs === mtime) &&
    ((stat.ino ?? null) === null ? Number.isNaN(ino) : stat.ino === ino);
}

/** What a load returns when the files still have the signatures in `files`. */
export interface ReaderSummary {
  /** Every file the reader holds, in sorted path order. */
  files: SummaryFiles;
  /** Block drafts of the de-duplicated entries (finished per `now` by the caller). */
  drafts: BlockDraft[];
  unpricedModels: string[];
  skippedLines: number;
  /** `activity` holds every entry from this instant (epoch ms) on. */
  since: number;
  activity: ActivityPoint[];
}

/** Thrown when a summary cannot be used; the message says why. */
export class SummaryInvalid extends Error {}

const pad8 = (bytes: number) => (bytes + 7) & ~7;

/**
 * The first 8 bytes of the SHA-256 of `bytes`: computed natively (a JavaScript loop over a
 * summary's 100,000 words took a run 2-10 ms before the JIT compiled it; node:zlib's CRC costs
 * ~15 ms of start-up to load).
 */
async function digest(bytes: Uint8Array): Promise<Uint8Array> {
  // A copy when `bytes` is a view: digest wants a plain ArrayBuffer's bytes.
  const whole = bytes.buffer instanceof ArrayBuffer
    ? bytes as Uint8Array<ArrayBuffer>
    : bytes.slice();
  return new Uint8Array(await crypto.subtle.digest("SHA-256", whole), 0, DIGEST_BYTES);
}

/** The strings and counts; every number per file, block or point is in the binary body. */
interface Header {
  key: string;
  /** Whole paths: JSON.parse makes them natively, where rebuilding shared prefixes cost ms. */
  paths: string[];
  ids: string[];
  names: string[];
  unpriced: string[];
  skipped: number;
  since: number;
  points: number;
}

/**
 * Encodes a summary made under `key` (everything its numbers depend on): a JSON header of
 * strings, then one Float64 body (per file size, mtime, identity; per block its numbers and
 * its models; per activity point its numbers), so decoding parses no number from text.
 *
 * @example
 * ```ts
 * const bytes = encodeReaderSummary(summary, key);
 * decodeReaderSummary(bytes, key); // the same summary
 * ```
 */
export async function encodeReaderSummary(
  summary: ReaderSummary,
  key: string,
): Promise<Uint8Array> {
  const names: string[] = [""];
  const nameIds = new Map<string, number>();
  const nameId = (name: string | undefined) => {
    if (name === undefined) return 0;
    let id = nameIds.get(name);
    if (id === undefined) {
      id = names.push(name) - 1;
      nameIds.set(name, id);
    }
    return id;
  };
  const { files, drafts, activity } = summary;
  let modelRefs = 0;
  for (const draft of drafts) modelRefs += draft.block.models.length;
  if (files.signatures.length !== files.paths.length * FILE_FIELDS) {
    throw new Error("Cannot encode the reader summary: files and signatures differ in count");
  }
  const body = new Float64Array(
    files.signatures.length + drafts.length * (BLOCK_FIELDS + 1) + modelRefs +
      activity.length * POINT_FIELDS,
  );
  body.set(files.signatures);
  let at = files.signatures.length;
  for (const { block, first, last, trigger } of drafts) {
    const t = block.tokenCounts;
    body.set([
      block.startTime,
      block.endTime,
      block.actualEndTime ?? NaN,
      block.isGap ? 1 : 0,
      block.entries,
      t.inputTokens,
      t.outputTokens,
      t.cacheCreationInputTokens,
      t.cacheReadInputTokens,
      block.costUSD,
      block.usageLimitResetTime ?? NaN,
      first,
      last,
      trigger,
      block.totalTokens,
    ], at);
    at += BLOCK_FIELDS;
    body[at++] = block.models.length;
    for (const model of block.models) body[at++] = nameId(model);
  }
  for (const point of activity) {
    body.set([point.time, point.tokens, point.costUSD, nameId(point.model)], at);
    at += POINT_FIELDS;
  }
  const header: Header = {
    key,
    paths: files.paths,
    ids: drafts.map((draft) => draft.block.id),
    names,
    unpriced: summary.unpricedModels,
    skipped: summary.skippedLines,
    since: summary.since,
    points: activity.length,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const jsonEnd = LEAD_BYTES + pad8(json.length);
  const bytes = new Uint8Array(jsonEnd + body.byteLength);
  bytes.set(json, LEAD_BYTES);
  bytes.set(new Uint8Array(body.buffer), jsonEnd);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  const lead = new DataView(bytes.buffer);
  lead.setUint32(8, SUMMARY_FORMAT_VERSION, true);
  lead.setUint32(12, json.length, true);
  lead.setUint32(16, body.byteLength, true);
  bytes.set(await digest(bytes.subarray(LEAD_BYTES)), DIGEST_AT);
  return bytes;
}

const isCount = (value: unknown) =>
  typeof value === "number" && Number.isInteger(value) && value >= 0;
function isStrings(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (typeof item !== "string") return false;
  return true;
}
const orNull = (value: number) => Number.isNaN(value) ? null : value;

/**
 * Decodes a summary made under `key`; throws `SummaryInvalid` saying why when it is of another
 * format or version, cut short, fails its checksum or does not fit together.
 */
export async function decodeReaderSummary(
  bytes: Uint8Array,
  key: string,
): Promise<ReaderSummary> {
  if (bytes.length < LEAD_BYTES) throw new SummaryInvalid("not a reader summary");
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new SummaryInvalid("not a reader summary");
  }
  const lead = new DataView(bytes.buffer, bytes.byteOffset, LEAD_BYTES);
  if (lead.getUint32(8, true) !== SUMMARY_FORMAT_VERSION) {
    throw new SummaryInvalid("another format");
  }
  const jsonLength = lead.getUint32(12, true);
  const bodyLength = lead.getUint32(16, true);
  const jsonEnd = LEAD_BYTES + pad8(jsonLength);
  if (jsonEnd + bodyLength !== bytes.length || bodyLength % 8 !== 0) {
    throw new SummaryInvalid("cut short");
  }
  // The body is read as 64-bit numbers: an unaligned copy is aligned first (a file read is).
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const sum = await digest(aligned.subarray(LEAD_BYTES));
  for (let index = 0; index < DIGEST_BYTES; index++) {
    if (sum[index] !== aligned[DIGEST_AT + index]) throw new SummaryInvalid("checksum");
  }
  let header: Header;
  try {
    header = JSON.parse(
      new TextDecoder().decode(aligned.subarray(LEAD_BYTES, LEAD_BYTES + jsonLength)),
    );
  } catch {
    throw new SummaryInvalid("unreadable header");
  }
  if (typeof header !== "object" || header === null || header.key !== key) {
    throw new SummaryInvalid("made by another version");
  }
  const { paths, ids, names } = header;
  // The paths are only compared with the ones found: a bad one fails that comparison.
  if (
    !Array.isArray(paths) || !isStrings(ids) || !isStrings(names) || names.length === 0 ||
    !isStrings(header.unpriced) || !isCount(header.skipped) ||
    typeof header.since !== "number" || !isCount(header.points)
  ) {
    throw new SummaryInvalid("bad records");
  }
  const body = new Float64Array(aligned.buffer, aligned.byteOffset + jsonEnd, bodyLength / 8);
  let at = 0;
  /** The next `count` numbers of the body. */
  const take = (count: number) => {
    if (at + count > body.length) throw new SummaryInvalid("bad records");
    at += count;
    return at - count;
  };
  const signatures = body.slice(take(paths.length * FILE_FIELDS), at);
  for (let index = 0; index < signatures.length; index += FILE_FIELDS) {
    if (!isCount(signatures[index])) throw new SummaryInvalid("bad file record");
  }
  const drafts: BlockDraft[] = [];
  for (const id of ids) {
    const from = take(BLOCK_FIELDS);
    const count = body[take(1)]!;
    if (!isCount(count)) throw new SummaryInvalid("bad block record");
    const models: string[] = [];
    for (let model = 0; model < count; model++) {
      const name = body[take(1)]!;
      if (!isCount(name) || name >= names.length) throw new SummaryInvalid("bad block record");
      models.push(names[name]!);
    }
    const reset = body[from + 10]!;
    const block: Block = {
      id,
      startTime: body[from]!,
      endTime: body[from + 1]!,
      actualEndTime: orNull(body[from + 2]!),
      isActive: false,
      isGap: body[from + 3] === 1,
      entries: body[from + 4]!,
      tokenCounts: {
        inputTokens: body[from + 5]!,
        outputTokens: body[from + 6]!,
        cacheCreationInputTokens: body[from + 7]!,
        cacheReadInputTokens: body[from + 8]!,
      },
      totalTokens: body[from + 14]!,
      costUSD: body[from + 9]!,
      models,
      burnRate: null,
      projection: null,
    };
    if (!Number.isNaN(reset)) block.usageLimitResetTime = reset;
    drafts.push({
      block,
      first: body[from + 11]!,
      last: body[from + 12]!,
      trigger: body[from + 13]!,
    });
  }
  const activity: ActivityPoint[] = [];
  for (let index = 0; index < header.points; index++) {
    const from = take(POINT_FIELDS);
    const model = body[from + 3]!;
    if (!isCount(model) || model >= names.length) throw new SummaryInvalid("bad activity record");
    const point: ActivityPoint = {
      time: body[from]!,
      tokens: body[from + 1]!,
      costUSD: body[from + 2]!,
    };
    if (model !== 0) point.model = names[model]!;
    activity.push(point);
  }
  if (at !== body.length) throw new SummaryInvalid("bad records");
  return {
    files: { paths, signatures },
    drafts,
    unpricedModels: header.unpriced,
    skippedLines: header.skipped,
    since: header.since,
    activity,
  };
}
