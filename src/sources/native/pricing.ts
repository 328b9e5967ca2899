/** Model prices and the per-entry cost rule, matching ccusage 20.0.24's model-name lookup. */

import table from "../../data/pricing.json" with { type: "json" };

/** Per-token rates of one model (USD); `*Above200k` apply to tokens above 200,000 per entry. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
  inputAbove200k?: number;
  outputAbove200k?: number;
  cacheWriteAbove200k?: number;
  cacheReadAbove200k?: number;
  /** Multiplier for `usage.speed: "fast"`; 1 when absent. */
  fast?: number;
  /** Only a request naming this key exactly (or a separator spelling of it) may use it. */
  exactOnly?: boolean;
  /**
   * models.dev context tiers, by ascending `above`: when an entry's input and cache tokens
   * exceed `above`, every rate it names replaces the base rate for the whole entry.
   */
  tiers?: ContextTier[];
}

/** Rates of one context tier (absent ones keep the base rate). */
export interface ContextTier {
  above: number;
  input?: number;
  output?: number;
  cacheWrite?: number;
  cacheRead?: number;
}

/** Token counts of one entry as the cost rule needs them. */
export interface CostTokens {
  input: number;
  output: number;
  /** Cache writes billed at the 5-minute rate (or all cache writes when no breakdown exists). */
  cacheWrite5m: number;
  /** Cache writes with a 1-hour TTL, billed at twice the input rate. */
  cacheWrite1h: number;
  cacheRead: number;
  fast: boolean;
}

const TIER_THRESHOLD = 200_000;
const FREE: ModelPrice = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
const DATE_SUFFIX_DIGITS = 8;

/** One lookup table: exact keys, exact-only keys by separator spelling, and the fuzzy scan. */
class PriceMap {
  readonly prices: Map<string, ModelPrice>;
  /** Normalized spelling of each exact-only key to that key (null when two keys share it). */
  readonly exactOnly = new Map<string, string | null>();

  constructor(prices: Record<string, ModelPrice>) {
    this.prices = new Map(Object.entries(prices));
    for (const [key, price] of this.prices) {
      if (price.exactOnly !== true) continue;
      const spelling = normalizeKey(key);
      const named = this.exactOnly.get(spelling);
      this.exactOnly.set(spelling, named === undefined || named === key ? key : null);
    }
  }

  isExactOnlySpelling(model: string): boolean {
    return this.prices.get(model)?.exactOnly === true || this.exactOnly.has(normalizeKey(model));
  }

  find(model: string, fuzzy: boolean): ModelPrice | null {
    const exact = this.prices.get(model);
    if (exact !== undefined) return exact;
    const spelled = this.exactOnly.get(normalizeKey(model));
    if (spelled !== undefined && spelled !== null) return this.prices.get(spelled) ?? null;
    if (!fuzzy || this.isExactOnlySpelling(model)) return null;
    const normalizedModel = normalizeKey(model);
    let bestKey: string | null = null;
    let best: ModelPrice | null = null;
    for (const [key, price] of this.prices) {
      if (price.exactOnly === true || !keyMatches(key, model, normalizedModel)) continue;
      // ccusage keeps the longest key; among equal lengths the lexicographically smallest.
      if (
        bestKey === null || key.length > bestKey.length ||
        (key.length === bestKey.length && key < bestKey)
      ) {
        bestKey = key;
        best = price;
      }
    }
    return best;
  }
}

/**
 * Looks up model prices the way ccusage does: the primary table by exact key, then by the
 * longest boundary-aware match; only when that misses, the fallback table the same way.
 */
export class PriceTable {
  readonly #tables: { primary: Record<string, ModelPrice>; fallback: Record<string, ModelPrice> };
  // Built on first use: a warm run that reads no new lines prices nothing.
  #maps: { primary: PriceMap; fallback: PriceMap } | null = null;
  readonly #cache = new Map<string, ModelPrice | null>();

  /** Creates a table over `primary` and an optional `fallback` (model key to per-token rates). */
  constructor(primary: Record<string, ModelPrice>, fallback: Record<string, ModelPrice> = {}) {
    this.#tables = { primary, fallback };
  }

  get #primary(): PriceMap {
    return (this.#maps ??= this.#build()).primary;
  }

  get #fallback(): PriceMap {
    return (this.#maps ??= this.#build()).fallback;
  }

  #build(): { primary: PriceMap; fallback: PriceMap } {
    return {
      primary: new PriceMap(this.#tables.primary),
      fallback: new PriceMap(this.#tables.fallback),
    };
  }

  /**
   * The prices for `model`, or null when no key matches (the entry then costs 0). A model id
   * ending in `:free` (OpenRouter's free variants) costs 0: ccusage strips the suffix and bills
   * the paid model, a deliberate difference.
   */
  find(model: string): ModelPrice | null {
    const cached = this.#cache.get(model);
    if (cached !== undefined) return cached;
    if (model.endsWith(":free")) {
      this.#cache.set(model, FREE);
      return FREE;
    }
    // A spelling of a fallback exact-only id must not be answered by a fuzzy primary match.
    const primaryFuzzy = !this.#fallback.isExactOnlySpelling(model);
    const found = this.#primary.find(model, primaryFuzzy) ?? this.#fallback.find(model, true);
    this.#cache.set(model, found);
    return found;
  }
}

/** The bundled price table (`src/data/pricing.json`). */
export const bundledPrices: PriceTable = new PriceTable(
  table.models as Record<string, ModelPrice>,
  table.fallback as Record<string, ModelPrice>,
);

/** Source and date of the bundled price table, for display. */
export const pricingSource: { source: string; date: string } = {
  source: table.source,
  date: table.date,
};

/**
 * Cost of one entry in USD: each token type priced separately (tiered above 200k tokens where
 * the model has a higher rate), 1-hour cache writes at twice the input rate, times the fast
 * multiplier for `speed: "fast"`.
 *
 * @example
 * ```ts
 * entryCost(price, { input: 1000, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0, fast: false });
 * ```
 */
export function entryCost(base: ModelPrice, tokens: CostTokens): number {
  const price = base.tiers === undefined ? base : tieredPrice(base, tokens);
  const cost = tiered(tokens.input, price.input, price.inputAbove200k) +
    tiered(tokens.output, price.output, price.outputAbove200k) +
    tiered(tokens.cacheWrite5m, price.cacheWrite, price.cacheWriteAbove200k) +
    tiered(
      tokens.cacheWrite1h,
      price.input * 2,
      price.inputAbove200k === undefined ? undefined : price.inputAbove200k * 2,
    ) +
    tiered(tokens.cacheRead, price.cacheRead, price.cacheReadAbove200k);
  return tokens.fast ? cost * (price.fast ?? 1) : cost;
}

/** The base price with the rates of the highest context tier the entry exceeds. */
function tieredPrice(base: ModelPrice, tokens: CostTokens): ModelPrice {
  const context = tokens.input + tokens.cacheWrite5m + tokens.cacheWrite1h + tokens.cacheRead;
  let tier: ContextTier | undefined;
  for (const candidate of base.tiers ?? []) if (context > candidate.above) tier = candidate;
  if (tier === undefined) return base;
  return {
    ...base,
    input: tier.input ?? base.input,
    output: tier.output ?? base.output,
    cacheWrite: tier.cacheWrite ?? base.cacheWrite,
    cacheRead: tier.cacheRead ?? base.cacheRead,
  };
}

function tiered(tokens: number, base: number, above: number | undefined): number {
  if (above === undefined || tokens <= TIER_THRESHOLD) return tokens * base;
  return TIER_THRESHOLD * base + (tokens - TIER_THRESHOLD) * above;
}

function normalizeKey(value: string): string {
  return value.replace(/[.@]/g, "-");
}

function keyMatches(candidate: string, model: string, normalizedModel: string): boolean {
  if (containsKey(model, candidate) || containsKey(candidate, model)) return true;
  const normalizedCandidate = normalizeKey(candidate);
  return containsKey(normalizedModel, normalizedCandidate) ||
    containsKey(normalizedCandidate, normalizedModel);
}

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `key` occurs in `value` with a separator (or an edge) before it and an allowed suffix after. */
function containsKey(value: string, key: string): boolean {
  if (key.length === 0) return false;
  let index = value.indexOf(key);
  while (index !== -1) {
    const beforeOk = index === 0 || !isAlphanumeric(value.charCodeAt(index - 1));
    if (beforeOk && suffixAllowsMatch(key, value.slice(index + key.length))) return true;
    // Non-overlapping, like Rust's match_indices.
    index = value.indexOf(key, index + key.length);
  }
  return false;
}

function suffixAllowsMatch(key: string, suffix: string): boolean {
  if (suffix.length === 0) return true;
  if (isAlphanumeric(suffix.charCodeAt(0))) return false;
  return !suffixStartsWithVersion(key, suffix);
}

/** `claude-opus-4` must not match `claude-opus-4-9`, but may match `claude-opus-4-20250514`. */
function suffixStartsWithVersion(key: string, suffix: string): boolean {
  if (!isDigit(key.charCodeAt(key.length - 1))) return false;
  const first = suffix[0];
  if (first !== "-" && first !== ".") return false;
  let digits = 0;
  while (digits + 1 < suffix.length && isDigit(suffix.charCodeAt(digits + 1))) digits++;
  if (digits === 0) return false;
  const after = digits + 1 < suffix.length ? suffix.charCodeAt(digits + 1) : undefined;
  return !(digits === DATE_SUFFIX_DIGITS && (after === undefined || !isAlphanumeric(after)));
}
