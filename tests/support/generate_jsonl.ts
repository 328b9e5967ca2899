/**
 * Writes realistic Claude Code transcripts (compact JSONL) under `<out>/projects/<project>/`,
 * deterministically from a seed: for differential tests against ccusage and for benchmarks.
 *
 * CLI: `deno run -A tests/support/generate_jsonl.ts --out DIR --bytes N --days N [--now ISO] [--seed N]`
 */

/** A deterministic pseudo-random generator (mulberry32). */
export class Rng {
  #state: number;

  /** Seeds the generator; the same seed gives the same sequence. */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("Cannot pick from an empty list");
    return item;
  }

  /** A standard normal sample (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A hex id of `length` characters. */
  hex(length: number): string {
    let out = "";
    while (out.length < length) out += this.int(0, 0xffff).toString(16).padStart(4, "0");
    return out.slice(0, length);
  }

  /** A version-4-shaped UUID. */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${
      h.slice(20, 32)
    }`;
  }
}

/** Token usage of one assistant line, in Claude Code's field names. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  speed?: "standard" | "fast";
  service_tier?: string;
}

/** Fields of one assistant line; omitted ids are left out of the line. */
export interface AssistantLine {
  time: number | string;
  model?: string | null;
  usage: Usage;
  messageId?: string | null;
  requestId?: string | null;
  sessionId?: string;
  sidechain?: boolean;
  text?: string;
  costUSD?: number;
  isApiErrorMessage?: boolean;
  version?: string;
  cwd?: string;
}

/** Common transcript header fields. */
function header(sessionId: string, sidechain: boolean, cwd: string, version: string) {
  return {
    parentUuid: null,
    isSidechain: sidechain,
    userType: "external",
    cwd,
    sessionId,
    version,
    gitBranch: "main",
  };
}

function isoTime(time: number | string): string {
  return typeof time === "string" ? time : new Date(time).toISOString();
}

/** One assistant line with usage, as compact JSON. */
export function assistantLine(line: AssistantLine, rng?: Rng): string {
  const message: Record<string, unknown> = {};
  if (line.messageId !== null) message.id = line.messageId ?? `msg_${rng?.hex(24) ?? "0"}`;
  message.type = "message";
  message.role = "assistant";
  if (line.model !== null) message.model = line.model ?? "claude-sonnet-4-20250514";
  message.content = [{ type: "text", text: line.text ?? "Done." }];
  message.stop_reason = "end_turn";
  message.stop_sequence = null;
  message.usage = line.usage;
  const record: Record<string, unknown> = {
    ...header(
      line.sessionId ?? "session-0",
      line.sidechain ?? false,
      line.cwd ?? "/home/dev/project",
      line.version ?? "2.1.90",
    ),
    message,
  };
  if (line.requestId !== null) record.requestId = line.requestId ?? `req_${rng?.hex(24) ?? "0"}`;
  record.type = "assistant";
  record.uuid = rng?.uuid() ?? "00000000-0000-4000-8000-000000000000";
  record.timestamp = isoTime(line.time);
  if (line.costUSD !== undefined) record.costUSD = line.costUSD;
  if (line.isApiErrorMessage !== undefined) record.isApiErrorMessage = line.isApiErrorMessage;
  return JSON.stringify(record);
}

/** One user line with text, as compact JSON. */
export function userLine(
  time: number | string,
  text: string,
  sessionId: string,
  rng?: Rng,
  sidechain = false,
): string {
  return JSON.stringify({
    ...header(sessionId, sidechain, "/home/dev/project", "2.1.90"),
    type: "user",
    message: { role: "user", content: text },
    uuid: rng?.uuid() ?? "00000000-0000-4000-8000-000000000001",
    timestamp: isoTime(time),
  });
}

/** How `questionsAndAnswers` spaces its exchanges. */
export interface ExchangePlan {
  session: string;
  count: number;
  /** Epoch ms of the first question; question `index` comes `index * stepMs` later. */
  start: number;
  stepMs: number;
  /** How long after its question each answer comes. */
  replyAfterMs: number;
  model: string;
}

/**
 * `count` user questions ("question <index>") each followed by an assistant answer with
 * ordinary random usage (input 1-4000, output 1-3000, cache creation 0-30,000, cache read
 * 0-120,000 tokens).
 */
export function questionsAndAnswers(rng: Rng, plan: ExchangePlan): string[] {
  const lines: string[] = [];
  for (let index = 0; index < plan.count; index++) {
    const time = plan.start + index * plan.stepMs;
    lines.push(userLine(time, `question ${index}`, plan.session, rng));
    lines.push(assistantLine({
      time: time + plan.replyAfterMs,
      model: plan.model,
      usage: {
        input_tokens: rng.int(1, 4000),
        output_tokens: rng.int(1, 3000),
        cache_creation_input_tokens: rng.int(0, 30_000),
        cache_read_input_tokens: rng.int(0, 120_000),
      },
      sessionId: plan.session,
    }, rng));
  }
  return lines;
}

/** A summary line (no usage). */
export function summaryLine(summary: string, rng?: Rng): string {
  return JSON.stringify({ type: "summary", summary, leafUuid: rng?.uuid() ?? "leaf" });
}

/** A file-history snapshot line (no usage). */
export function fileHistoryLine(rng?: Rng): string {
  return JSON.stringify({
    type: "file-history-snapshot",
    messageId: rng?.uuid() ?? "snapshot",
    snapshot: { trackedFileBackups: {} },
    isSnapshotUpdate: false,
  });
}

/** A `<synthetic>` usage-limit API error line whose text carries the reset time in Unix seconds. */
export function usageLimitLine(
  time: number | string,
  resetSeconds: number,
  sessionId: string,
  rng?: Rng,
): string {
  return assistantLine({
    time,
    model: "<synthetic>",
    usage: {
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
    sessionId,
    text: `Claude AI usage limit reached|${resetSeconds}`,
    isApiErrorMessage: true,
  }, rng);
}

/** Writes `lines` to `<out>/projects/<relativePath>` (creating directories), newline-terminated. */
export async function writeTranscript(
  out: string,
  relativePath: string,
  lines: readonly string[],
): Promise<string> {
  const path = `${out}/projects/${relativePath}`;
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  await Deno.writeTextFile(path, lines.length === 0 ? "" : `${lines.join("\n")}\n`);
  return path;
}

const MODELS: readonly { model: string; weight: number }[] = [
  { model: "claude-sonnet-4-20250514", weight: 30 },
  { model: "claude-sonnet-4-5-20250929", weight: 20 },
  { model: "claude-opus-4-5-20251101", weight: 15 },
  { model: "claude-opus-4-6", weight: 8 },
  { model: "claude-haiku-4-5-20251001", weight: 10 },
  { model: "claude-opus-4-1-20250805", weight: 5 },
  { model: "claude-3-5-haiku-20241022", weight: 4 },
  { model: "claude-3-7-sonnet-20250219", weight: 4 },
  { model: "claude-future-9", weight: 1 },
  { model: "<synthetic>", weight: 1 },
];
const WORDS =
  "the of and to in is that for it with as on be by this are or from at an we function return const value file test error data user model token window cache read write block usage cost rate limit session project refactor checkout validation component render state update"
    .split(" ");

/** A pool of pseudo-text to slice long messages from without per-character randomness. */
function textPool(rng: Rng, size: number): string {
  const words: string[] = [];
  let length = 0;
  while (length < size) {
    const word = rng.pick(WORDS);
    words.push(word);
    length += word.length + 1;
  }
  return words.join(" ");
}

function pickModel(rng: Rng): string {
  const total = MODELS.reduce((sum, item) => sum + item.weight, 0);
  let roll = rng.next() * total;
  for (const item of MODELS) {
    roll -= item.weight;
    if (roll < 0) return item.model;
  }
  return "claude-sonnet-4-20250514";
}

function randomUsage(rng: Rng, model: string): Usage {
  const big = rng.next() < 0.05;
  const usage: Usage = {
    input_tokens: big ? rng.int(150_000, 400_000) : rng.int(1, 4000),
    cache_creation_input_tokens: rng.next() < 0.5 ? rng.int(0, 30_000) : 0,
    cache_read_input_tokens: big ? rng.int(150_000, 600_000) : rng.int(0, 120_000),
    output_tokens: big ? rng.int(150_000, 300_000) : rng.int(1, 3000),
    service_tier: "standard",
  };
  if (rng.next() < 0.3) {
    const oneHour = rng.next() < 0.3 ? rng.int(0, usage.cache_creation_input_tokens ?? 0) : 0;
    usage.cache_creation = {
      ephemeral_5m_input_tokens: (usage.cache_creation_input_tokens ?? 0) - oneHour,
      ephemeral_1h_input_tokens: oneHour,
    };
  }
  if (model.startsWith("claude-opus-4-6") && rng.next() < 0.3) usage.speed = "fast";
  else if (rng.next() < 0.1) usage.speed = "standard";
  return usage;
}

/** Options of one generated session file. */
interface SessionPlan {
  path: string;
  sessionId: string;
  sidechain: boolean;
  targetBytes: number;
  start: number;
  end: number;
}

/** Assistant lines kept per run so that later files can replay them (cross-file duplicates). */
interface ReplayPool {
  lines: string[];
}

function sessionLines(
  rng: Rng,
  plan: SessionPlan,
  pool: string,
  replay: ReplayPool,
  userShare: number,
): string[] {
  const lines: string[] = [];
  let bytes = 0;
  const push = (line: string) => {
    lines.push(line);
    bytes += line.length + 1;
  };
  push(summaryLine(`Session ${plan.sessionId.slice(0, 8)}`, rng));
  // Resumed sessions start with copies of earlier messages: duplicates across files.
  if (replay.lines.length > 0 && rng.next() < 0.2) {
    for (let index = rng.int(1, 5); index > 0; index--) push(rng.pick(replay.lines));
  }
  // An assistant turn writes about 1.6 lines (streaming copies), so convert the wanted share of
  // user lines into a per-turn probability.
  const perTurn = userShare * 1.62 / (1 - userShare + userShare * 1.62);
  let time = plan.start;
  while (bytes < plan.targetBytes) {
    time += rng.next() < 0.02 ? rng.int(1, 9) * 3_600_000 : rng.int(2_000, 240_000);
    if (time > plan.end) time = plan.start + rng.int(0, Math.max(0, plan.end - plan.start));
    const roll = rng.next();
    if (roll < perTurn) {
      const length = Math.min(pool.length - 1, Math.floor(Math.exp(6 + rng.normal() * 1.3)));
      const offset = rng.int(0, pool.length - length - 1);
      push(
        userLine(time, pool.slice(offset, offset + length), plan.sessionId, rng, plan.sidechain),
      );
      continue;
    }
    if (roll < perTurn + 0.02) {
      push(fileHistoryLine(rng));
      continue;
    }
    if (roll < perTurn + 0.022) {
      push(
        usageLimitLine(time, Math.floor(time / 1000) + rng.int(60, 18_000), plan.sessionId, rng),
      );
      continue;
    }
    const model = pickModel(rng);
    const messageId = rng.next() < 0.01 ? null : `msg_${rng.hex(24)}`;
    const requestId = rng.next() < 0.02 ? null : `req_${rng.hex(24)}`;
    const usage = randomUsage(rng, model);
    const textLength = Math.floor(Math.exp(5 + rng.normal()));
    const offset = rng.int(0, Math.max(0, pool.length - textLength - 1));
    const copies = rng.next() < 0.4 ? rng.int(2, 3) : 1;
    for (let copy = 1; copy <= copies; copy++) {
      // Streaming duplicates: same ids, later copies carry the growing output count.
      const partial = copy < copies
        ? { ...usage, output_tokens: Math.max(1, Math.floor(usage.output_tokens * copy / 4)) }
        : usage;
      const line = assistantLine({
        time: time + copy * 700,
        model,
        usage: partial,
        messageId,
        requestId,
        sessionId: plan.sessionId,
        sidechain: plan.sidechain,
        text: pool.slice(offset, offset + textLength),
        ...(rng.next() < 0.01 ? { costUSD: Math.round(rng.next() * 1e6) / 1e6 } : {}),
      }, rng);
      push(line);
      if (copy === copies && rng.next() < 0.05 && replay.lines.length < 5000) {
        replay.lines.push(line);
      }
    }
    // A subagent replaying the parent message with a new request id at the same instant.
    if (!plan.sidechain && messageId !== null && rng.next() < 0.02) {
      push(assistantLine({
        time: time + copies * 700,
        model,
        usage,
        messageId,
        requestId: `req_${rng.hex(24)}`,
        sessionId: plan.sessionId,
        sidechain: true,
      }, rng));
    }
  }
  return lines;
}

/** Options of a bulk run. */
export interface BulkOptions {
  /** The Claude config dir to write into (files go under `<out>/projects/`). */
  out: string;
  /** Approximate total size in bytes. */
  bytes: number;
  /** Days of history, ending at `end`. */
  days: number;
  /** Epoch ms of the newest possible timestamp (e.g. a test's `now`). */
  end: number;
  seed?: number;
  /** Share of user lines (default 0.45). */
  userShare?: number;
  /** Mean file size in bytes (default 400 KiB); sizes are log-normal around it. */
  meanFileBytes?: number;
}

/** What a generator run wrote. */
export interface GenerateSummary {
  files: string[];
  bytes: number;
}

/**
 * Writes about `bytes` of transcripts over `days` days ending at `end`: many projects and
 * sessions with log-normal sizes, subagent files, streaming and cross-file duplicates.
 */
export async function generateBulk(options: BulkOptions): Promise<GenerateSummary> {
  const rng = new Rng(options.seed ?? 1);
  const pool = textPool(rng, 64 * 1024);
  const meanFileBytes = options.meanFileBytes ?? 400 * 1024;
  const fileCount = Math.max(1, Math.round(options.bytes / meanFileBytes));
  const weights = Array.from({ length: fileCount }, () => Math.exp(rng.normal() * 1.1));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const projects = Array.from(
    { length: Math.max(1, Math.round(Math.sqrt(fileCount))) },
    (_, index) => `-home-dev-project-${index}`,
  );
  const replay: ReplayPool = { lines: [] };
  const start = options.end - options.days * 86_400_000;
  const files: string[] = [];
  let written = 0;
  let lastSession = "";
  let lastProject = "";
  for (let index = 0; index < fileCount; index++) {
    const sessionId = rng.uuid();
    const subagent = index > 0 && rng.next() < 0.15;
    const project = subagent ? lastProject : rng.pick(projects);
    const path = subagent
      ? `${project}/${lastSession}/subagents/agent-${rng.hex(8)}.jsonl`
      : `${project}/${sessionId}.jsonl`;
    const sessionStart = start + rng.next() * (options.end - start);
    const lines = sessionLines(
      rng,
      {
        path,
        sessionId: subagent ? lastSession : sessionId,
        sidechain: subagent,
        targetBytes: Math.max(200, options.bytes * (weights[index] ?? 1) / weightSum),
        start: sessionStart,
        end: options.end,
      },
      pool,
      replay,
      options.userShare ?? 0.45,
    );
    files.push(await writeTranscript(options.out, path, lines));
    written += lines.reduce((sum, line) => sum + line.length + 1, 0);
    if (!subagent) {
      lastSession = sessionId;
      lastProject = project;
    }
  }
  return { files, bytes: written };
}

/**
 * Writes a small history relative to `now` whose last window is active: sessions on the two
 * previous days and a current session whose last entry is a few minutes before `now`.
 */
export async function generateActive(
  options: { out: string; now: number; seed?: number },
): Promise<GenerateSummary> {
  const rng = new Rng(options.seed ?? 7);
  const pool = textPool(rng, 16 * 1024);
  const files: string[] = [];
  let written = 0;
  const sessions = [
    { offset: 2 * 86_400_000, minutes: 200 },
    { offset: 86_400_000 + 3 * 3_600_000, minutes: 90 },
    { offset: 100 * 60_000, minutes: 95 },
  ];
  for (const [index, session] of sessions.entries()) {
    const sessionId = rng.uuid();
    const lines = [summaryLine("Work", rng)];
    const count = 12;
    for (let step = 0; step < count; step++) {
      const time = options.now - session.offset +
        Math.floor(session.minutes * 60_000 * step / count);
      lines.push(userLine(time, pool.slice(0, rng.int(50, 2000)), sessionId, rng));
      const model = rng.pick(["claude-sonnet-4-20250514", "claude-opus-4-5-20251101"]);
      const messageId = `msg_${rng.hex(24)}`;
      const requestId = `req_${rng.hex(24)}`;
      const usage = randomUsage(rng, model);
      lines.push(
        assistantLine({ time: time + 1000, model, usage, messageId, requestId, sessionId }, rng),
      );
      lines.push(
        assistantLine({ time: time + 2000, model, usage, messageId, requestId, sessionId }, rng),
      );
    }
    const path = await writeTranscript(
      options.out,
      `-home-dev-active-${index}/${sessionId}.jsonl`,
      lines,
    );
    files.push(path);
    written += lines.reduce((sum, line) => sum + line.length + 1, 0);
  }
  return { files, bytes: written };
}

function parseFlags(args: readonly string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? "";
    if (!arg.startsWith("--")) {
      throw new Error(`Cannot parse argument "${arg}": expected --name value`);
    }
    const value = args[index + 1];
    if (value === undefined) throw new Error(`Cannot parse "${arg}": a value is missing`);
    flags[arg.slice(2)] = value;
    index++;
  }
  return flags;
}

if (import.meta.main) {
  const flags = parseFlags(Deno.args);
  const out = flags.out;
  if (out === undefined) throw new Error("Cannot generate: --out DIR is required");
  const end = flags.now === undefined ? Date.UTC(2026, 0, 1) : Date.parse(flags.now);
  if (Number.isNaN(end)) throw new Error(`Cannot parse --now "${flags.now}": expected an ISO time`);
  const summary = await generateBulk({
    out,
    bytes: Number(flags.bytes ?? 10 * 1024 * 1024),
    days: Number(flags.days ?? 30),
    end,
    seed: Number(flags.seed ?? 1),
  });
  // The CLI's one output line; this file is test support, not part of the app.
  await Deno.stdout.write(
    new TextEncoder().encode(`${summary.files.length} files, ${summary.bytes} bytes in ${out}\n`),
  );
}
