/** Colour levels of gauges and numbers: green below 70 %, yellow below 90 %, red from 90 %. */

/** A colour level; grey marks numbers that are no longer current (a stale official capture). */
export type Level = "green" | "yellow" | "red" | "grey";

/**
 * The level of a percentage.
 *
 * @example
 * ```ts
 * levelOf(69.9); // "green"
 * levelOf(90); // "red"
 * ```
 */
export function levelOf(percent: number): Level {
  if (!(percent >= 70)) return "green";
  return percent < 90 ? "yellow" : "red";
}
