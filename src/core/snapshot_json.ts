/** The public `--once --json` encoder: the snapshot with its epoch-ms times as ISO UTC strings. */

import type {
  Snapshot,
  SnapshotAlert,
  SnapshotOfficial,
  SnapshotSource,
  SnapshotWindow,
} from "./types.ts";

/** An epoch-ms time field of `T` as the public JSON writes it. */
type Iso<T, K extends keyof T> =
  & Omit<T, K>
  & { [P in K]: null extends T[P] ? string | null : string };

/** The active window as the public JSON shows it. */
export type SnapshotWindowJson = Iso<SnapshotWindow, "startTime" | "endTime" | "lastActivity">;

/** An official limit as the public JSON shows it. */
export interface OfficialLimitJson {
  usedPercentage: number;
  resetsAt: string | null;
}

/** The official section as the public JSON shows it. */
export type SnapshotOfficialJson =
  & Omit<SnapshotOfficial, "capturedAt" | "fiveHour" | "sevenDay">
  & {
    capturedAt: string;
    fiveHour: OfficialLimitJson | null;
    sevenDay: OfficialLimitJson | null;
  };

/** The public snapshot contract (DESIGN section 4): times are ISO UTC strings. */
export type SnapshotJson =
  & Omit<Snapshot, "generatedAt" | "source" | "window" | "official" | "alerts">
  & {
    generatedAt: string;
    source: Iso<SnapshotSource, "updatedAt">;
    window: SnapshotWindowJson | null;
    official: SnapshotOfficialJson | null;
    alerts: Iso<SnapshotAlert, "at">[];
  };

const iso = (time: number): string => new Date(time).toISOString();
const isoOrNull = (time: number | null): string | null => time === null ? null : iso(time);

function limitJson(
  limit: { usedPercentage: number; resetsAt: number | null } | null,
): OfficialLimitJson | null {
  return limit === null ? null : { ...limit, resetsAt: isoOrNull(limit.resetsAt) };
}

/**
 * The snapshot in its public JSON shape (same keys, in the same order, times as ISO strings).
 *
 * @example
 * ```ts
 * JSON.stringify(snapshotToJson(snapshot), null, 2);
 * ```
 */
export function snapshotToJson(s: Snapshot): SnapshotJson {
  const w = s.window;
  return {
    schemaVersion: s.schemaVersion,
    generatedAt: iso(s.generatedAt),
    timezone: s.timezone,
    source: { ...s.source, updatedAt: isoOrNull(s.source.updatedAt) },
    window: w === null ? null : {
      ...w,
      startTime: iso(w.startTime),
      endTime: iso(w.endTime),
      lastActivity: isoOrNull(w.lastActivity),
    },
    period: s.period,
    official: s.official === null ? null : {
      ...s.official,
      capturedAt: iso(s.official.capturedAt),
      fiveHour: limitJson(s.official.fiveHour),
      sevenDay: limitJson(s.official.sevenDay),
    },
    alerts: s.alerts.map((alert) => ({ ...alert, at: iso(alert.at) })),
  };
}
