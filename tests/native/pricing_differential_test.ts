/** Every model of ccusage 20.0.24's price tables costs in the native reader what it costs in ccusage (issue 10 item 6). */

import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { priceDifferences } from "../../scripts/update_pricing.ts";
import table from "../../src/data/pricing.json" with { type: "json" };
import { bundledPrices } from "../../src/sources/native/pricing.ts";
import { ccusageBinary } from "../support/ccusage_binary.ts";
import { probeLine, runProbe } from "../support/probe_fixture.ts";

/** Gateway model ids as users route Claude Code through them (GLM, Kimi, DeepSeek, Qwen, ...). */
const GATEWAY_MODELS = [
  "glm-4.6",
  "glm-4.7",
  "glm-5",
  "glm-5.1",
  "z-ai/glm-4.6",
  "zai-org/GLM-4.6",
  "kimi-k2.5",
  "moonshotai/kimi-k2.5",
  "kimi-k2-0905-preview",
  "deepseek-v4-flash",
  "deepseek-chat",
  "deepseek/deepseek-v4-flash",
  "MiniMax-M2.1",
  "minimax/minimax-m2.1",
  "qwen3-coder-plus",
  "qwen/qwen3-coder-plus",
  "nemotron",
  "nvidia/nemotron-3-super-120b-a12b",
  "x-ai/grok-4.3",
  "gpt-5.4",
  "openai/gpt-5.5",
  "gemini-2.5-pro",
  "claude-sonnet-4-20250514",
  "some-unknown-model",
];

Deno.test("every model of the bundled table costs what ccusage charges, for small, large and fast entries", async () => {
  const names = [...new Set([...Object.keys(table.models), ...Object.keys(table.fallback)])];
  ok(names.length > 3000);
  // ccusage 20.0.24 fetched when not installed, so a machine with only Deno runs this too.
  assertEquals(await priceDifferences(bundledPrices, names, await ccusageBinary()), []);
});

Deno.test("gateway model ids cost what ccusage charges, block for block", async () => {
  const lines = GATEWAY_MODELS.map((model, index) =>
    probeLine({
      messageId: `m${index}`,
      requestId: `r${index}`,
      sessionId: "s1",
      model,
      timestamp: new Date(Date.UTC(2025, 2, 1) + index * 6 * 3600_000).toISOString(),
      usage: {
        input_tokens: 12_000,
        output_tokens: 3_000,
        cache_creation_input_tokens: 20_000,
        cache_read_input_tokens: 150_000,
      },
    })
  );
  const result = await runProbe({ "projects/p/a.jsonl": lines });
  assertEquals(result.differences, []);
  assertEquals(result.entries, GATEWAY_MODELS.length);
  // Only the unknown model is free in both.
  const free = result.ccusage.filter((block) => !block.isGap && block.costUSD === 0);
  assertEquals(free.map((block) => block.models), [["some-unknown-model"]]);
});

Deno.test("a model id ending in :free costs $0 (ccusage bills the paid model: a documented difference)", async () => {
  const result = await runProbe({
    "projects/p/a.jsonl": [
      probeLine({
        messageId: "m1",
        requestId: "r1",
        sessionId: "s1",
        model: "moonshotai/kimi-k2.5:free",
      }),
    ],
  });
  assertEquals(result.ccusage.length, 1);
  ok(result.ccusage[0]!.costUSD > 0);
  assertEquals(result.native.length, 1);
  assertEquals(result.native[0]!.costUSD, 0);
  assertEquals(result.native[0]!.totalTokens, result.ccusage[0]!.totalTokens);
  assertEquals(result.differences.filter((line) => !line.includes("costUSD")), []);
});
