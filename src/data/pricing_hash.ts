/**
 * The bundled price table's hash, part of the reader cache's key (cached rows hold costs).
 * Kept as a constant because hashing the 390 KB table cost a warm `--once` run ~6 ms;
 * `scripts/update_pricing.ts` rewrites it and tests/native/pricing_test.ts checks it.
 */

/** `pricingHash` of `src/data/pricing.json`. */
export const PRICING_HASH = "41bfb442";

/** FNV-1a (32-bit) of a table's JSON as 8 hex digits: enough to tell tables apart, not a secret. */
export function pricingHash(table: unknown): string {
  const text = JSON.stringify(table);
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}
