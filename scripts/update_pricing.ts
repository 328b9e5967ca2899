// deno-lint-ignore-file no-console
/**
 * Rebuilds src/data/pricing.json from ccusage 20.0.24's own price tables and checks every model
 * against ccusage itself.
 *
 * ccusage's binary embeds two deflated JSON snapshots: LiteLLM's compact table (its primary
 * lookup) and models.dev's (its fallback, consulted only when no primary key matches). This
 * script inflates both, converts every model with the rules measured on ccusage (a missing cache
 * write costs 1.25x input, a missing cache read 0.1x input; models.dev rates are per million
 * tokens, its `context` tiers switch the whole request to the tier's rates when input plus cache
 * tokens exceed the tier size), keeps the Claude entries already measured (and ccusage's
 * built-in Claude rates), then prices crafted entries for every model name with ccusage
 * (`blocks --json --offline`, one block per entry) and fails on any difference.
 *
 * Usage: deno run -A scripts/update_pricing.ts [--check]   (ccusage 20.0.24 on PATH)
 */

import { pricingHash } from "../src/data/pricing_hash.ts";
import { inflateRawSync } from "node:zlib";
import {
  type ContextTier,
  entryCost,
  type ModelPrice,
  PriceTable,
} from "../src/sources/native/pricing.ts";

const OUT = new URL("../src/data/pricing.json", import.meta.url);
const HASH_OUT = new URL("../src/data/pricing_hash.ts", import.meta.url);
/** The ccusage 20.0.24 to measure: `$CCUSAGE`, else `ccusage` on PATH. */
const CCUSAGE = Deno.env.get("CCUSAGE") ?? "ccusage";

interface Compact {
  i?: number;
  o?: number;
  cc?: number;
  cr?: number;
  ia?: number;
  oa?: number;
  cca?: number;
  cra?: number;
  fast?: number;
}

interface DevCost {
  input?: number;
  output?: number;
  cache_read?: number;
  cache_write?: number;
  tiers?: (Omit<DevCost, "tiers"> & { tier: { size: number; type: string } })[];
}

/** The ccusage binary behind the `ccusage` launcher on PATH. */
async function ccusageBinary(): Promise<string> {
  const which = await new Deno.Command("sh", {
    args: ["-c", `readlink -f "$(command -v '${CCUSAGE}')"`],
    stdout: "piped",
  }).output();
  const launcher = new TextDecoder().decode(which.stdout).trim();
  const root = launcher.slice(0, launcher.lastIndexOf("/node_modules/") + 14);
  for (const entry of Deno.readDirSync(`${root}@ccusage`)) {
    const path = `${root}@ccusage/${entry.name}/bin/ccusage`;
    try {
      Deno.statSync(path);
      return path;
    } catch {
      // Not this platform's package.
    }
  }
  throw new Error(`Cannot find the ccusage binary near "${launcher}"`);
}

/** Every deflated JSON object in the binary, found near ccusage's pricing strings. */
function embeddedJson(binary: Uint8Array): unknown[] {
  const text = new TextDecoder("latin1").decode(binary);
  const anchor = text.indexOf("fast-multiplier-overrides");
  if (anchor === -1) throw new Error("Cannot find ccusage's pricing data in its binary");
  const found: unknown[] = [];
  for (let offset = Math.max(0, anchor - 65536); offset < anchor + 524288; offset++) {
    const kind = (binary[offset]! >> 1) & 3;
    if (kind !== 2) continue;
    let head: Uint8Array;
    try {
      head = inflateRawSync(binary.subarray(offset, offset + 256), {
        finishFlush: 2, // Z_SYNC_FLUSH: a truncated stream is fine for a peek
      });
    } catch {
      continue;
    }
    if (head.length < 32 || head[0] !== 123 || head[1] !== 34) continue;
    const whole = inflateRawSync(binary.subarray(offset, offset + 4 * 1024 * 1024), {
      finishFlush: 2,
    });
    try {
      found.push(JSON.parse(new TextDecoder().decode(whole)));
    } catch {
      continue;
    }
  }
  return found;
}

/** The fast-mode multipliers ccusage embeds as JSON text. */
function fastOverrides(binary: Uint8Array): { exact: Record<string, number> } {
  const text = new TextDecoder("latin1").decode(binary);
  const start = text.indexOf('{\n\t"exact"');
  const end = text.indexOf("\n}\n", start);
  return JSON.parse(text.slice(start, end + 2));
}

/**
 * Models ccusage prices from rates built into its code (they are not in either snapshot and
 * win over them); the names are the string list next to its fast-mode overrides.
 */
const BUILT_IN = [
  "claude-opus-4-5",
  "claude-opus-4-6",
  "claude-opus-4-7",
  "claude-opus-4-8",
  "claude-opus-4",
  "claude-sonnet-4-6",
  "claude-sonnet-4",
  "claude-3-5-haiku-20241022",
  "claude-3-opus",
  "claude-3-sonnet",
  "claude-3-haiku",
  "gpt-5",
  "gpt-5.5",
  "moonshot/kimi-k2.5",
  "moonshot/kimi-k2.6",
  "gpt-5.1",
  "gpt-5.1-codex",
  "gpt-5.2-codex",
  "gpt-5.3-codex",
  "gpt-5.2",
  "gpt-5.4",
  "gpt-5.4-mini",
  "gpt-5.4-nano",
  "gpt-5.6-sol",
  "gpt-5.6-terra",
  "gpt-5.6-luna",
  "glm-4.5",
  "zai/glm-4.5",
  "zai/glm-4.5-x",
  "zai/glm-4.5-air",
  "zai/glm-4.5v",
  "zai/glm-4-32b-0414-128k",
  "zai/glm-4.5-flash",
  "glm-4.6",
  "glm-4.7",
  "glm-5",
  "glm-5-turbo",
  "glm-5.1",
];
/** Built-in rates that ccusage applies to these exact names only. */
const BUILT_IN_EXACT = ["deepseek-v4-flash", "deepseek-v4-pro"];

function rounded(value: number): number {
  return Number(value.toPrecision(12));
}

function fromCompact(entry: Compact, fast: number | undefined): ModelPrice {
  const input = entry.i ?? 0;
  const price: ModelPrice = {
    input,
    output: entry.o ?? 0,
    cacheWrite: entry.cc ?? rounded(input * 1.25),
    cacheRead: entry.cr ?? rounded(input * 0.1),
  };
  if (entry.ia !== undefined) price.inputAbove200k = entry.ia;
  if (entry.oa !== undefined) price.outputAbove200k = entry.oa;
  if (entry.cca !== undefined) price.cacheWriteAbove200k = entry.cca;
  if (entry.cra !== undefined) price.cacheReadAbove200k = entry.cra;
  const multiplier = entry.fast ?? fast;
  if (multiplier !== undefined) price.fast = multiplier;
  return price;
}

function fromDev(cost: DevCost, exactOnly: boolean): ModelPrice {
  const perToken = (value: number | undefined) =>
    value === undefined ? undefined : rounded(value / 1e6);
  const input = perToken(cost.input) ?? 0;
  const price: ModelPrice = {
    input,
    output: perToken(cost.output) ?? 0,
    cacheWrite: perToken(cost.cache_write) ?? rounded(input * 1.25),
    cacheRead: perToken(cost.cache_read) ?? rounded(input * 0.1),
  };
  const tiers = (cost.tiers ?? []).filter((tier) => tier.tier.type === "context");
  if (tiers.length > 0) {
    price.tiers = tiers.map((tier) => {
      const rates: NonNullable<ModelPrice["tiers"]>[number] = { above: tier.tier.size };
      if (tier.input !== undefined) rates.input = perToken(tier.input)!;
      if (tier.output !== undefined) rates.output = perToken(tier.output)!;
      if (tier.cache_write !== undefined) rates.cacheWrite = perToken(tier.cache_write)!;
      if (tier.cache_read !== undefined) rates.cacheRead = perToken(tier.cache_read)!;
      return rates;
    }).sort((a, b) => a.above - b.above);
  }
  if (exactOnly) price.exactOnly = true;
  return price;
}

/** Token mixes priced for every model: each rate, both tiers, 1-hour writes, fast mode. */
const MIXES = [
  { input: 10_000, output: 20_000, cacheWrite5m: 30_000, cacheWrite1h: 0, cacheRead: 40_000 },
  { input: 1_000, output: 0, cacheWrite5m: 0, cacheWrite1h: 50_000, cacheRead: 0 },
  { input: 150_000, output: 5_000, cacheWrite5m: 60_000, cacheWrite1h: 0, cacheRead: 100_000 },
  { input: 300_000, output: 250_000, cacheWrite5m: 0, cacheWrite1h: 10_000, cacheRead: 0 },
].flatMap((mix) => [{ ...mix, fast: false }, { ...mix, fast: true }]);

/** One crafted entry: a model and its token counts. */
interface Probe {
  model: string;
  mix: CostTokensMix;
}

type CostTokensMix = (typeof MIXES)[number];

/** Prices each probe with ccusage, one block per probe; costs in probe order. */
async function ccusageCosts(
  probes: readonly Probe[],
  command = CCUSAGE,
): Promise<number[]> {
  const dir = await Deno.makeTempDir({ prefix: "pricing-" });
  try {
    await Deno.mkdir(`${dir}/projects/p`, { recursive: true });
    const lines: string[] = [];
    let time = Date.UTC(2000, 0, 1);
    for (const { model, mix } of probes) {
      const usage: Record<string, unknown> = {
        input_tokens: mix.input,
        output_tokens: mix.output,
        cache_creation_input_tokens: mix.cacheWrite5m + mix.cacheWrite1h,
        cache_read_input_tokens: mix.cacheRead,
        cache_creation: {
          ephemeral_5m_input_tokens: mix.cacheWrite5m,
          ephemeral_1h_input_tokens: mix.cacheWrite1h,
        },
      };
      if (mix.fast) usage.speed = "fast";
      lines.push(JSON.stringify({
        type: "assistant",
        timestamp: new Date(time).toISOString(),
        sessionId: "s",
        requestId: `r${lines.length}`,
        version: "1.0.80",
        message: { id: `m${lines.length}`, model, usage },
      }));
      time += 6 * 3600_000;
    }
    await Deno.writeTextFile(`${dir}/projects/p/a.jsonl`, lines.join("\n") + "\n");
    const output = await new Deno.Command(command, {
      args: ["blocks", "--json", "--offline", "--config", "/dev/null"],
      cwd: dir,
      env: { TZ: "UTC", CLAUDE_CONFIG_DIR: dir, NO_COLOR: "1" },
      stdout: "piped",
    }).output();
    const blocks = (JSON.parse(new TextDecoder().decode(output.stdout)) as {
      blocks: { isGap: boolean; costUSD: number }[];
    }).blocks.filter((block) => !block.isGap);
    if (blocks.length !== lines.length) {
      throw new Error(`Cannot measure prices: ${blocks.length} blocks for ${lines.length} entries`);
    }
    return blocks.map((block) => block.costUSD);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const NONE = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, fast: false };
const UNIT = 10_000;
/** One entry per token type at a size below every tier, and one fast entry. */
const RATE_MIXES: CostTokensMix[] = [
  { ...NONE, input: UNIT },
  { ...NONE, output: UNIT },
  { ...NONE, cacheWrite5m: UNIT },
  { ...NONE, cacheRead: UNIT },
  { ...NONE, input: UNIT, output: UNIT },
  { ...NONE, input: UNIT, output: UNIT, fast: true },
];

/** Base rates and fast multiplier of each model as ccusage prices it. */
async function measureRates(models: readonly string[]): Promise<Map<string, ModelPrice>> {
  const costs = await ccusageCosts(
    models.flatMap((model) => RATE_MIXES.map((mix) => ({ model, mix }))),
  );
  const rates = new Map<string, ModelPrice>();
  models.forEach((model, index) => {
    const [input, output, cacheWrite, cacheRead, plain, fast] = costs.slice(
      index * RATE_MIXES.length,
      (index + 1) * RATE_MIXES.length,
    ) as number[];
    const price: ModelPrice = {
      input: rounded(input! / UNIT),
      output: rounded(output! / UNIT),
      cacheWrite: rounded(cacheWrite! / UNIT),
      cacheRead: rounded(cacheRead! / UNIT),
    };
    const multiplier = plain! > 0 ? rounded(fast! / plain!) : 1;
    if (multiplier !== 1) price.fast = multiplier;
    rates.set(model, price);
  });
  return rates;
}

/**
 * The context tier of each model: the largest context (input plus cache tokens) still charged at
 * the base rate, found by bisection, and the rates of one entry just above it. Models without a
 * change up to 2M tokens are left out.
 */
async function measureTiers(
  models: readonly string[],
  rates: Map<string, ModelPrice>,
): Promise<Map<string, ContextTier>> {
  const baseCost = (model: string, input: number) => input * rates.get(model)!.input;
  const atBase = (model: string, input: number, cost: number) =>
    Math.abs(cost - baseCost(model, input)) <= 1e-9 * Math.max(1e-12, cost);
  const low = new Map<string, number>();
  const high = new Map<string, number>();
  const top = await ccusageCosts(models.map((model) => ({ model, mix: { ...NONE, input: 2e6 } })));
  models.forEach((model, index) => {
    if (!atBase(model, 2e6, top[index]!)) {
      low.set(model, UNIT);
      high.set(model, 2e6);
    }
  });
  for (;;) {
    const open = [...low.keys()].filter((model) => high.get(model)! - low.get(model)! > 1);
    if (open.length === 0) break;
    const middle = (model: string) => Math.floor((low.get(model)! + high.get(model)!) / 2);
    const costs = await ccusageCosts(
      open.map((model) => ({ model, mix: { ...NONE, input: middle(model) } })),
    );
    open.forEach((model, index) => {
      const at = middle(model);
      if (atBase(model, at, costs[index]!)) low.set(model, at);
      else high.set(model, at);
    });
  }
  const tiered = [...low.keys()];
  const above = (model: string) => low.get(model)! + 1;
  const mixes = (model: string) => [
    { ...NONE, input: above(model) },
    { ...NONE, input: above(model), output: UNIT },
    { ...NONE, input: above(model), cacheWrite5m: UNIT },
    { ...NONE, input: above(model), cacheRead: UNIT },
  ];
  const costs = await ccusageCosts(
    tiered.flatMap((model) => mixes(model).map((mix) => ({ model, mix }))),
  );
  const tiers = new Map<string, ContextTier>();
  tiered.forEach((model, index) => {
    const [input, output, cacheWrite, cacheRead] = costs.slice(
      index * 4,
      index * 4 + 4,
    ) as number[];
    tiers.set(model, {
      above: low.get(model)!,
      input: rounded(input! / above(model)),
      output: rounded((output! - input!) / UNIT),
      cacheWrite: rounded((cacheWrite! - input!) / UNIT),
      cacheRead: rounded((cacheRead! - input!) / UNIT),
    });
  });
  return tiers;
}

/** Whether two prices have the same base rates. */
function sameBase(a: ModelPrice, b: ModelPrice): boolean {
  const near = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1e-15, Math.abs(y));
  return near(a.input, b.input) && near(a.output, b.output) &&
    near(a.cacheWrite, b.cacheWrite) && near(a.cacheRead, b.cacheRead);
}

/** Model names whose ccusage cost differs from the table's, with both costs. */
export async function priceDifferences(
  table: PriceTable,
  models: readonly string[],
  /** The ccusage executable (tests pass the 20.0.24 binary they fetched). */
  command = CCUSAGE,
): Promise<string[]> {
  const differences: string[] = [];
  const probes = models.flatMap((model) => MIXES.map((mix) => ({ model, mix })));
  const measured = await ccusageCosts(probes, command);
  probes.forEach(({ model, mix }, index) => {
    if (model.endsWith(":free")) return;
    const price = table.find(model);
    const actual = price === null ? 0 : entryCost(price, mix);
    const expected = measured[index]!;
    if (Math.abs(actual - expected) > 1e-9 * Math.max(1e-12, Math.abs(expected))) {
      differences.push(`${model} mix ${index % MIXES.length}: ${actual} != ${expected}`);
    }
  });
  return differences;
}

if (import.meta.main) {
  const binary = await Deno.readFile(await ccusageBinary());
  const snapshots = embeddedJson(binary) as Record<string, unknown>[];
  const litellm = snapshots.find((json) => "claude-sonnet-4-5" in json || "gpt-5" in json) as
    | Record<string, Compact>
    | undefined;
  const dev = snapshots.find((json) =>
    Object.values(json).some((value) =>
      typeof value === "object" && value !== null && "cost" in value
    )
  ) as Record<string, { cost: DevCost; exactOnly?: boolean }> | undefined;
  if (litellm === undefined || dev === undefined) {
    throw new Error("Cannot find both pricing snapshots in the ccusage binary");
  }
  const overrides = fastOverrides(binary);
  const current = JSON.parse(await Deno.readTextFile(OUT));
  const models: Record<string, ModelPrice> = {};
  for (const [key, entry] of Object.entries(litellm)) {
    // Claude entries were measured rate by rate before; keep them as they are.
    models[key] = current.models[key] ?? fromCompact(entry, overrides.exact[key]);
  }
  // ccusage's built-in Claude rates (not in the snapshot), measured before.
  for (const [key, price] of Object.entries(current.models)) {
    if (!(key in models)) models[key] = price as ModelPrice;
  }
  // The other built-in rates: primary keys, measured below.
  for (const key of BUILT_IN) models[key] ??= { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
  for (const key of BUILT_IN_EXACT) {
    models[key] = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0, exactOnly: true };
  }
  const fallback: Record<string, ModelPrice> = {};
  for (const [key, entry] of Object.entries(dev)) {
    fallback[key] = fromDev(entry.cost, entry.exactOnly === true);
  }
  // ccusage also has built-in rates (GLM, GPT-5, Kimi, DeepSeek, ...) that win over the
  // snapshots, and fast multipliers by name: measure every model's base rates and keep the
  // snapshot's tiers only where its base rates are what ccusage charges.
  const measured = await measureRates([
    ...new Set([...Object.keys(models), ...Object.keys(fallback)]),
  ]);
  for (const record of [models, fallback]) {
    for (const [key, price] of Object.entries(record)) {
      const rates = measured.get(key)!;
      const { fast: _fast, ...base } = price;
      const { fast: _measuredFast, ...measuredBase } = rates;
      const kept: ModelPrice = sameBase(price, rates) ? base : measuredBase;
      if (rates.fast !== undefined) kept.fast = rates.fast;
      if (price.exactOnly === true) kept.exactOnly = true;
      record[key] = kept;
    }
  }
  const sorted = (record: Record<string, ModelPrice>) =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const table = {
    ...current,
    notes:
      'Cache writes with a 1-hour TTL cost 2x the input rate (tiered the same way). Rates named *Above200k apply to the tokens of one entry above 200,000, per token type. `tiers` (models.dev context tiers) switch every rate of an entry to the tier\'s when its input and cache tokens exceed `above`. `fast` multiplies the whole entry cost when usage.speed is "fast". Models ending in :free cost 0 (ccusage bills them as the paid model).',
    source:
      "ccusage 20.0.24 (npm ccusage@20.0.24, linux-x64 binary): every model of its embedded LiteLLM pricing snapshot plus its built-in Claude rates, extracted by scripts/update_pricing.ts and checked by pricing crafted entries of every model with `ccusage blocks --json --offline`",
    fallbackSource:
      "ccusage 20.0.24's embedded models.dev snapshot (every model, as ccusage keys it), converted from USD per million tokens; ccusage consults it only when no primary key matches",
    date: new Date().toISOString().slice(0, 10),
    models: sorted(models),
    fallback: sorted(fallback),
  };
  const names = [...new Set([...Object.keys(models), ...Object.keys(fallback)])];
  let differences = await priceDifferences(new PriceTable(models, fallback), names);
  // Where only large entries differ, ccusage switches the whole entry to other rates above a
  // context size: measure that tier for those models.
  const failing = [...new Set(differences.map((line) => line.slice(0, line.lastIndexOf(" mix "))))];
  if (failing.length > 0) {
    const tiers = await measureTiers(failing, measured);
    for (const record of [models, fallback]) {
      for (const [key, tier] of tiers) {
        const price = record[key];
        if (price === undefined) continue;
        delete price.inputAbove200k;
        delete price.outputAbove200k;
        delete price.cacheWriteAbove200k;
        delete price.cacheReadAbove200k;
        price.tiers = [tier];
      }
    }
    differences = await priceDifferences(new PriceTable(models, fallback), names);
  }
  if (Deno.env.get("PRICING_DEBUG_OUT")) {
    await Deno.writeTextFile(Deno.env.get("PRICING_DEBUG_OUT")!, JSON.stringify(table, null, 2));
  }
  if (differences.length > 0) {
    console.error(differences.join("\n"));
    console.error(`${differences.length} differences from ccusage`);
    Deno.exit(1);
  }
  if (!Deno.args.includes("--check")) {
    await Deno.writeTextFile(OUT, JSON.stringify(table, null, 2) + "\n");
    // The reader cache's key names the table by this hash (kept as a constant for start-up).
    const hash = pricingHash(JSON.parse(await Deno.readTextFile(OUT)));
    const source = await Deno.readTextFile(HASH_OUT);
    await Deno.writeTextFile(
      HASH_OUT,
      source.replace(/PRICING_HASH = "[0-9a-f]{8}"/, `PRICING_HASH = "${hash}"`),
    );
  }
  console.log(`${names.length} models priced as ccusage prices them`);
}
