/** Model-name matching and the per-entry cost rule of the bundled price table. */

import table from "../../src/data/pricing.json" with { type: "json" };
import { PRICING_HASH, pricingHash } from "../../src/data/pricing_hash.ts";
import { equal, ok } from "node:assert/strict";
import {
  bundledPrices,
  entryCost,
  PriceTable,
  pricingSource,
} from "../../src/sources/native/pricing.ts";

const none = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, fast: false };

function close(actual: number, expected: number): void {
  ok(
    Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)),
    `${actual} != ${expected}`,
  );
}

Deno.test("entryCost() tiers each token type above 200k tokens for sonnet-4", () => {
  const price = bundledPrices.find("claude-sonnet-4-20250514");
  ok(price !== null);
  close(entryCost(price, { ...none, input: 1_000_000 }), 0.6 + 4.8);
  close(entryCost(price, { ...none, output: 300_000 }), 3 + 2.25);
  close(entryCost(price, { ...none, cacheWrite1h: 300_000 }), 1.2 + 1.2);
  close(entryCost(price, { ...none, cacheRead: 100_000 }), 0.03);
});

Deno.test("entryCost() multiplies fast requests only for models with a fast rate", () => {
  const opus = bundledPrices.find("claude-opus-4-6");
  const sonnet = bundledPrices.find("claude-sonnet-4-5-20250929");
  ok(opus !== null && sonnet !== null);
  close(entryCost(opus, { ...none, input: 100_000, fast: true }), 3);
  close(entryCost(sonnet, { ...none, input: 100_000, fast: true }), 0.3);
});

Deno.test("PriceTable.find() matches ids, dated ids and provider prefixes like ccusage", () => {
  const rate = (model: string) => bundledPrices.find(model)?.input ?? null;
  equal(rate("claude-opus-4-20250514"), 15e-6);
  equal(rate("claude-opus-4-5-20251101"), 5e-6);
  equal(rate("claude-3-5-haiku-20241022"), 0.8e-6);
  equal(rate("us.anthropic.claude-sonnet-4-20250514-v1:0"), 3e-6);
  equal(rate("claude-sonnet-4.5"), 3e-6);
  equal(rate("claude-sonnet-4-20991231"), 3e-6);
  // A different version number is a different model, not a dated alias.
  equal(rate("claude-opus-4-9"), null);
  equal(rate("Claude-Sonnet-4-20250514"), null);
  // Non-Claude models are priced too (ccusage 20.0.24 built-in rate for gpt-5).
  equal(rate("gpt-5"), 1.25e-6);
  equal(rate("gpt-5:free"), 0);
});

Deno.test("PriceTable.find() prefers the longest matching key and falls back only on a miss", () => {
  const table = new PriceTable(
    {
      "m-1": { input: 1, output: 1, cacheWrite: 1, cacheRead: 1 },
      "x-m-1": { input: 2, output: 2, cacheWrite: 2, cacheRead: 2 },
    },
    { "z-9": { input: 9, output: 9, cacheWrite: 9, cacheRead: 9 } },
  );
  equal(table.find("x-m-1-20250101")?.input, 2);
  equal(table.find("m-1")?.input, 1);
  equal(table.find("z-9")?.input, 9);
  equal(table.find("q"), null);
});

Deno.test("the bundled price table names its source and date", () => {
  ok(pricingSource.source.includes("ccusage 20.0.24"));
  ok(/^\d{4}-\d{2}-\d{2}$/.test(pricingSource.date));
});

Deno.test("PRICING_HASH is the hash of the bundled pricing.json (scripts/update_pricing.ts)", () => {
  equal(
    pricingHash(table),
    PRICING_HASH,
    "src/data/pricing_hash.ts is stale: run scripts/update_pricing.ts or set the new hash",
  );
});
