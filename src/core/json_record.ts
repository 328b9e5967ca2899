/** Reading untrusted JSON: the one check every parser of outside data starts with. */

/**
 * `v` as a JSON object's fields, or null when it is not a plain object (null, an array, a
 * string, a number).
 *
 * @example
 * ```ts
 * jsonRecord(JSON.parse('{"a":1}'))?.["a"]; // 1
 * jsonRecord([1]); // null
 * ```
 */
export function jsonRecord(v: unknown): Record<string, unknown> | null {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? v as Record<string, unknown>
    : null;
}
