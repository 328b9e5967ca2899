/** A transcript set that exercises every line, de-duplication, pricing and block rule (fixed past dates). */

import {
  assistantLine,
  fileHistoryLine,
  summaryLine,
  type Usage,
  usageLimitLine,
  userLine,
  writeTranscript,
} from "./generate_jsonl.ts";

const SONNET = "claude-sonnet-4-20250514";
const OPUS_46 = "claude-opus-4-6";

function usage(input: number, output: number, extra: Partial<Usage> = {}): Usage {
  return {
    input_tokens: input,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: output,
    ...extra,
  };
}

/** Model names probed against ccusage's lookup (exact ids, aliases, prefixes, unknown ones). */
export const MODEL_NAMES: readonly string[] = [
  "claude-sonnet-4-20250514",
  "claude-sonnet-4",
  "claude-opus-4",
  "claude-opus-4-1",
  "claude-opus-4-1-20250805",
  "claude-opus-4-20250514",
  "claude-opus-4-5",
  "claude-opus-4-5-20251101",
  "claude-opus-4-6",
  "claude-opus-4-7",
  "claude-opus-4-8",
  "claude-opus-5",
  "claude-sonnet-4-5",
  "claude-sonnet-4-5-20250929",
  "claude-sonnet-4-6",
  "claude-sonnet-5",
  "claude-haiku-4-5",
  "claude-haiku-4-5-20251001",
  "claude-3-5-haiku",
  "claude-3-5-haiku-20241022",
  "claude-3-5-haiku-latest",
  "claude-3-5-sonnet-20241022",
  "claude-3-5-sonnet-20240620",
  "claude-3-5-sonnet",
  "claude-3-5-sonnet-latest",
  "claude-3-7-sonnet-20250219",
  "claude-3-7-sonnet-latest",
  "claude-3-opus-20240229",
  "claude-3-opus",
  "claude-3-sonnet-20240229",
  "claude-3-haiku-20240307",
  "claude-3-haiku",
  "claude-4-sonnet-20250514",
  "claude-4-opus-20250514",
  "anthropic.claude-sonnet-4-20250514-v1:0",
  "us.anthropic.claude-sonnet-4-20250514-v1:0",
  "claude-sonnet-4@20250514",
  "claude-sonnet-4-20991231",
  "claude-opus-4-6-20260205",
  "claude-opus-4-6[1m]",
  "claude-sonnet-4.5",
  "claude-opus-4.5",
  "sonnet",
  "opus",
  "haiku",
  "claude-fable-5",
  "claude-opus-4-9",
  "claude-haiku-5",
  "Claude-Sonnet-4-20250514",
  "x-claude-sonnet-4-20250514",
  "claude-sonnet-4-20250514-extra",
  "claude-unknown-model",
];

/** Writes the edge-case set into `<out>/projects/` and returns the written paths. */
export async function writeEdgeCases(out: string): Promise<string[]> {
  const files: string[] = [];
  const day = (n: number, time: string) => `2025-03-${String(n).padStart(2, "0")}T${time}`;
  const s = "edge-session";

  // Day 1: line rules, duplicates and pricing variants, all inside one block.
  const main: string[] = [
    summaryLine("Edge cases"),
    fileHistoryLine(),
    userLine(day(1, "09:00:00.000Z"), "Start", s),
  ];
  const exact = assistantLine({
    time: day(1, "09:01:00.000Z"),
    model: SONNET,
    usage: usage(100, 10),
    messageId: "msg_exact",
    requestId: "req_exact",
    sessionId: s,
  });
  main.push(exact, exact);
  for (const [index, output] of [5, 50, 500].entries()) {
    main.push(
      assistantLine({
        time: day(1, `09:02:0${index}.000Z`),
        model: SONNET,
        usage: usage(200, output),
        messageId: "msg_stream",
        requestId: "req_stream",
        sessionId: s,
      }),
    );
  }
  // A later, smaller copy must not win; an equal copy with speed must.
  main.push(
    assistantLine({
      time: day(1, "09:02:09.000Z"),
      model: OPUS_46,
      usage: usage(200, 40),
      messageId: "msg_stream",
      requestId: "req_stream",
      sessionId: s,
    }),
  );
  main.push(
    assistantLine({
      time: day(1, "09:03:00.000Z"),
      model: SONNET,
      usage: usage(10, 10),
      messageId: "msg_speed",
      requestId: "req_speed",
      sessionId: s,
    }),
  );
  main.push(
    assistantLine({
      time: day(1, "09:03:01.000Z"),
      model: OPUS_46,
      usage: usage(10, 10, { speed: "fast" }),
      messageId: "msg_speed",
      requestId: "req_speed",
      sessionId: s,
    }),
  );
  // Sidechain replays: same instant merges (main line wins), another instant does not.
  main.push(
    assistantLine({
      time: day(1, "09:04:00.000Z"),
      model: SONNET,
      usage: usage(1000, 900),
      messageId: "msg_side",
      requestId: "req_side_a",
      sessionId: s,
      sidechain: true,
    }),
  );
  main.push(
    assistantLine({
      time: day(1, "09:04:00.000Z"),
      model: SONNET,
      usage: usage(30, 20),
      messageId: "msg_side",
      requestId: "req_side_b",
      sessionId: s,
    }),
  );
  main.push(
    assistantLine({
      time: day(1, "09:04:30.000Z"),
      model: SONNET,
      usage: usage(31, 21),
      messageId: "msg_side",
      requestId: "req_side_c",
      sessionId: s,
      sidechain: true,
    }),
  );
  // Missing requestId: two such lines merge, a line with one does not merge with them.
  main.push(
    assistantLine({
      time: day(1, "09:05:00.000Z"),
      model: SONNET,
      usage: usage(7, 7),
      messageId: "msg_norid",
      requestId: null,
      sessionId: s,
    }),
  );
  main.push(
    assistantLine({
      time: day(1, "09:05:01.000Z"),
      model: SONNET,
      usage: usage(7, 8),
      messageId: "msg_norid",
      requestId: null,
      sessionId: s,
    }),
  );
  main.push(
    assistantLine({
      time: day(1, "09:05:02.000Z"),
      model: SONNET,
      usage: usage(7, 9),
      messageId: "msg_norid",
      requestId: "req_norid",
      sessionId: s,
    }),
  );
  // No message.id: never merged.
  for (let index = 0; index < 2; index++) {
    main.push(
      assistantLine({
        time: day(1, "09:06:00.000Z"),
        model: SONNET,
        usage: usage(3, 3),
        messageId: null,
        requestId: "req_noid",
        sessionId: s,
      }),
    );
  }
  // Null fields: rejected for known fields anywhere in the line, allowed elsewhere.
  const base = JSON.parse(
    assistantLine({
      time: day(1, "09:07:00.000Z"),
      model: SONNET,
      usage: usage(11, 11),
      messageId: "msg_null",
      requestId: "req_null",
      sessionId: s,
    }),
  );
  const variant = (name: string, change: (record: Record<string, unknown>) => void) => {
    const record = structuredClone(base) as Record<string, unknown>;
    (record.message as Record<string, unknown>).id = `msg_null_${name}`;
    change(record);
    return JSON.stringify(record);
  };
  const message = (record: Record<string, unknown>) => record.message as Record<string, unknown>;
  const usageOf = (record: Record<string, unknown>) =>
    message(record).usage as Record<string, unknown>;
  main.push(
    variant("cwd", (r) => r.cwd = null),
    variant("speed", (r) => usageOf(r).speed = null),
    variant("cost", (r) => r.costUSD = null),
    variant("tool", (r) => message(r).content = [{ type: "tool_use", id: null }]),
    variant("content", (r) => message(r).content = null),
    variant("cacheread", (r) => usageOf(r).cache_read_input_tokens = null),
    variant("micro", (r) => r.timestamp = "2025-03-01T09:08:00.123456Z"),
    variant("tokyo", (r) => r.timestamp = "2025-03-01T18:08:30.000+09:00"),
    variant("nofraction", (r) => r.timestamp = "2025-03-01T09:08:40Z"),
    variant("frac2", (r) => r.timestamp = "2025-03-01T09:08:41.12Z"),
    variant("badversion", (r) => r.version = "2.1"),
    variant("noversion", (r) => delete r.version),
    variant("emptysession", (r) => r.sessionId = ""),
    variant("emptymodel", (r) => message(r).model = ""),
    variant("nomodel", (r) => delete message(r).model),
    variant("floattokens", (r) => usageOf(r).input_tokens = 11.5),
    variant("nooutput", (r) => delete usageOf(r).output_tokens),
    variant("negative", (r) => usageOf(r).output_tokens = -1),
    variant("weirdspeed", (r) => usageOf(r).speed = "turbo"),
    variant("costusd", (r) => r.costUSD = 0.125),
    variant("breakdownnull", (r) => usageOf(r).cache_creation = null),
    variant("breakdownempty", (r) => {
      usageOf(r).cache_creation = {};
      usageOf(r).cache_creation_input_tokens = 99;
    }),
  );
  main.push(
    JSON.stringify(base).replace('"usage":{', '"usage": {').replace("msg_null", "msg_spaced"),
  );
  // Cache and tier pricing.
  main.push(assistantLine({
    time: day(1, "09:09:00.000Z"),
    model: SONNET,
    usage: usage(10, 10, {
      cache_creation_input_tokens: 300_000,
      cache_creation: { ephemeral_5m_input_tokens: 150_000, ephemeral_1h_input_tokens: 150_000 },
    }),
    messageId: "msg_1h",
    requestId: "req_1h",
    sessionId: s,
  }));
  main.push(
    assistantLine({
      time: day(1, "09:10:00.000Z"),
      model: SONNET,
      usage: usage(300_000, 250_000, {
        cache_creation_input_tokens: 210_000,
        cache_read_input_tokens: 400_000,
      }),
      messageId: "msg_tier",
      requestId: "req_tier",
      sessionId: s,
    }),
  );
  main.push(
    assistantLine({
      time: day(1, "09:11:00.000Z"),
      model: OPUS_46,
      usage: usage(1000, 1000, { speed: "fast" }),
      messageId: "msg_fast",
      requestId: "req_fast",
      sessionId: s,
    }),
  );
  main.push(
    assistantLine({
      time: day(1, "09:11:30.000Z"),
      model: SONNET,
      usage: usage(1000, 1000, { speed: "fast" }),
      messageId: "msg_fast_sonnet",
      requestId: "req_fast_sonnet",
      sessionId: s,
    }),
  );
  main.push(
    assistantLine({
      time: day(1, "09:12:00.000Z"),
      model: "claude-future-9",
      usage: usage(5000, 5000),
      messageId: "msg_unknown",
      requestId: "req_unknown",
      sessionId: s,
    }),
  );
  main.push(usageLimitLine(day(1, "09:13:00.000Z"), 1_740_830_400, s));
  main.push(usageLimitLine(day(1, "09:14:00.000Z"), 1_740_834_000, s));
  main.push(
    assistantLine({
      time: day(1, "09:15:00.000Z"),
      model: "<synthetic>",
      usage: usage(0, 0),
      sessionId: s,
      text: "Claude AI usage limit reached|1740837600",
    }),
  );
  // Advisor iterations: each advisor_message becomes its own entry (and de-duplicates by id).
  const advisor = (name: string, iterations: unknown[], output = 10) => {
    const record = JSON.parse(assistantLine({
      time: day(1, "09:16:00.000Z"),
      model: OPUS_46,
      usage: usage(100, output),
      messageId: `msg_advisor_${name}`,
      requestId: `req_advisor_${name}`,
      sessionId: s,
    }));
    record.message.usage.iterations = iterations;
    return JSON.stringify(record);
  };
  const advisorIteration = (extra: Record<string, unknown> = {}) => ({
    type: "advisor_message",
    model: "claude-haiku-4-5",
    input_tokens: 1000,
    output_tokens: 50,
    ...extra,
  });
  main.push(
    advisor("a", [
      { type: "message", model: OPUS_46, input_tokens: 100, output_tokens: 10 },
      advisorIteration(),
    ]),
    advisor("a", [advisorIteration({ output_tokens: 70 })], 20),
    advisor("b", [
      advisorIteration({ speed: "fast", model: OPUS_46 }),
      advisorIteration({ model: "" }),
    ]),
    advisor("c", [advisorIteration(), { type: "advisor_message", model: "claude-haiku-4-5" }]),
    advisor("d", [advisorIteration({ model: null })]),
  );
  main.push(
    assistantLine({
      time: day(1, "09:20:00.000Z"),
      model: SONNET,
      usage: usage(20, 20),
      messageId: "msg_cross",
      requestId: "req_cross",
      sessionId: s,
    }),
  );
  files.push(await writeTranscript(out, "-edge-project/edge-session.jsonl", main));

  // Subagent file of the same session, and a later-sorted file repeating a message with more tokens.
  files.push(
    await writeTranscript(out, "-edge-project/edge-session/subagents/agent-1.jsonl", [
      assistantLine({
        time: day(1, "09:04:00.000Z"),
        model: SONNET,
        usage: usage(5000, 5000),
        messageId: "msg_side",
        requestId: "req_side_z",
        sessionId: s,
        sidechain: true,
      }),
      assistantLine({
        time: day(1, "09:30:00.000Z"),
        model: "claude-haiku-4-5-20251001",
        usage: usage(400, 40),
        messageId: "msg_agent",
        requestId: "req_agent",
        sessionId: s,
        sidechain: true,
      }),
    ]),
  );
  files.push(
    await writeTranscript(out, "-edge-project/zz-resumed.jsonl", [
      assistantLine({
        time: day(1, "09:20:00.000Z"),
        model: SONNET,
        usage: usage(20, 2000),
        messageId: "msg_cross",
        requestId: "req_cross",
        sessionId: "resumed",
      }),
    ]),
  );

  // Equal duplicates in two files: the first file in sorted path order keeps its time and model.
  files.push(
    await writeTranscript(out, "-edge-aaa/tie.jsonl", [
      assistantLine({
        time: day(1, "09:25:00.000Z"),
        model: "claude-opus-4-1-20250805",
        usage: usage(60, 6),
        messageId: "msg_tie",
        requestId: "req_tie",
        sessionId: "tie",
      }),
    ]),
    await writeTranscript(out, "-edge-zzz/tie.jsonl", [
      assistantLine({
        time: day(1, "09:26:00.000Z"),
        model: "claude-3-7-sonnet-20250219",
        usage: usage(60, 6),
        messageId: "msg_tie",
        requestId: "req_tie",
        sessionId: "tie",
      }),
    ]),
  );

  // Days 2-3: block boundaries: exactly 5 h after the start stays, 5 h + 1 ms opens a new block;
  // exactly 5 h after the previous entry is no gap, 5 h + 1 ms is.
  const bounds = [
    day(2, "10:00:00.000Z"),
    day(2, "15:00:00.000Z"),
    day(2, "15:00:00.001Z"),
    day(3, "02:30:00.000Z"),
    day(3, "07:30:00.000Z"),
    day(3, "12:30:00.001Z"),
    day(3, "12:59:59.999Z"),
  ];
  files.push(
    await writeTranscript(
      out,
      "-edge-bounds/bounds.jsonl",
      bounds.map((time, index) =>
        assistantLine({
          time,
          model: SONNET,
          usage: usage(100 + index, 10),
          messageId: `msg_bound_${index}`,
          requestId: `req_bound_${index}`,
          sessionId: "bounds",
        })
      ),
    ),
  );

  // From day 5: one model name per day, to compare prices and name matching.
  files.push(
    await writeTranscript(
      out,
      "-edge-models/models.jsonl",
      MODEL_NAMES.map((model, index) => {
        const time = Date.UTC(2025, 2, 5 + index, 12);
        return assistantLine({
          time,
          model,
          usage: usage(100_000, 100_000, {
            cache_creation_input_tokens: 50_000,
            cache_read_input_tokens: 250_000,
          }),
          messageId: `msg_model_${index}`,
          requestId: `req_model_${index}`,
          sessionId: "models",
        });
      }),
    ),
  );
  return files;
}
