/** Keeps sums of absurd but accepted values finite (two lines of `costUSD: 1e308` add up to Infinity). */

/**
 * Replaces every non-finite number inside `value` (plain objects and arrays, in place) by the
 * largest finite one of its sign (NaN by 0), so no total shown or stored is Infinity or null.
 * ccusage 20.0.24 prints `null` for such a total instead (a documented difference).
 *
 * @example
 * ```ts
 * keepFinite({ costUSD: Infinity }); // { costUSD: 1.7976931348623157e308 }
 * ```
 */
export function keepFinite<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = keepFinite(value[index]);
  } else if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = keepFinite(record[key]);
  } else if (typeof value === "number" && !Number.isFinite(value)) {
    return (Number.isNaN(value) ? 0 : Math.sign(value) * Number.MAX_VALUE) as T;
  }
  return value;
}
