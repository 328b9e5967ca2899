/**
 * Colour levels of gauges and numbers: green below the frame's warn level (70 % by default),
 * yellow below its alert level (90 %), red from there.
 */

import { type ColourLevels, DEFAULT_LEVELS } from "../ports.ts";

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
export function levelOf(percent: number, levels: ColourLevels = DEFAULT_LEVELS): Level {
  if (!(percent >= levels.warn)) return "green";
  return percent < levels.alert ? "yellow" : "red";
}
