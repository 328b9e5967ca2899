/** Gauges of the official limits Claude Code reports (statusline captures); first in the window panel. */

import type { Frame } from "../ports.ts";
import { localDayHm, localHm } from "../core/zoned_time.ts";
import { type GaugeRow, gaugeRow } from "./panel.ts";

/**
 * One gauge per official limit in the frame's snapshot, headline first.
 *
 * @example
 * ```ts
 * officialGauges(frame); // [{ label: "Official 5h", text: "23%", trailer: "resets 14:00", ... }]
 * ```
 */
export function officialGauges(frame: Frame): GaugeRow[] {
  const official = frame.snapshot.official;
  if (!official) return [];
  const tz = frame.settings.timeZone;
  const stale = official.stale ? " (stale)" : "";
  const rows: GaugeRow[] = [];
  const add = (label: string, limit: { usedPercentage: number; resetsAt: number | null }) => {
    // A reset more than a day away needs its day, not only its clock time.
    const at = limit.resetsAt;
    const when = at === null
      ? ""
      : at - frame.now < 86_400_000
      ? localHm(at, tz)
      : localDayHm(at, tz);
    const reset = when ? `resets ${when}` : "";
    rows.push(gaugeRow(label, limit.usedPercentage, (reset + stale).trim()));
  };
  if (official.fiveHour) add("Official 5h", official.fiveHour);
  if (official.sevenDay) add("Official 7d", official.sevenDay);
  return rows;
}
