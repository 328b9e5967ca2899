/**
 * The capture file's JSON shape: the one place where a capture's times are ISO strings. Inside
 * the app a capture carries epoch ms; the file keeps ISO so files written by earlier versions
 * read unchanged, and earlier versions read files written by this one.
 */

import type { ModelScopedMeter, OfficialCapture, OfficialMeter } from "../core/official.ts";
import { jsonRecord } from "../core/json_record.ts";

/** A meter as the capture file holds it. */
export interface StoredMeter {
  usedPercentage: number;
  /** ISO UTC, or null. */
  resetsAt: string | null;
}

/** A capture as the capture file holds it. */
export interface StoredCapture {
  /** ISO UTC. */
  capturedAt: string;
  fiveHour: StoredMeter | null;
  sevenDay: StoredMeter | null;
  spendLimit?: StoredMeter | null;
  modelScoped?: (StoredMeter & { name: string })[];
}

/** An ISO time as epoch ms; null when it is not a string or not a time. */
function isoTime(v: unknown): number | null {
  if (typeof v !== "string") return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

const iso = (ms: number) => new Date(ms).toISOString();

function encodeMeter(m: OfficialMeter): StoredMeter {
  return {
    usedPercentage: m.usedPercentage,
    resetsAt: m.resetsAt === null ? null : iso(m.resetsAt),
  };
}

/** null for an absent meter, undefined for one that is not a meter (the capture is rejected). */
function decodeMeter(v: unknown): OfficialMeter | null | undefined {
  if (v === null || v === undefined) return null;
  const o = jsonRecord(v);
  if (o === null) return undefined;
  const used = o["usedPercentage"];
  if (typeof used !== "number" || !Number.isFinite(used) || used < 0) return undefined;
  const resets = o["resetsAt"];
  if (resets === null) return { usedPercentage: used, resetsAt: null };
  const resetsAt = isoTime(resets);
  return resetsAt === null ? undefined : { usedPercentage: used, resetsAt };
}

/**
 * A capture as the capture file holds it (ISO times), field for field.
 *
 * @example
 * ```ts
 * encodeCapture({ capturedAt: 0, fiveHour: null, sevenDay: null }).capturedAt; // "1970-01-01T00:00:00.000Z"
 * ```
 */
export function encodeCapture(capture: OfficialCapture): StoredCapture {
  const out: StoredCapture = {
    capturedAt: iso(capture.capturedAt),
    fiveHour: capture.fiveHour && encodeMeter(capture.fiveHour),
    sevenDay: capture.sevenDay && encodeMeter(capture.sevenDay),
  };
  if (capture.spendLimit !== undefined) {
    out.spendLimit = capture.spendLimit && encodeMeter(capture.spendLimit);
  }
  if (capture.modelScoped !== undefined) {
    out.modelScoped = capture.modelScoped.map((m) => ({ name: m.name, ...encodeMeter(m) }));
  }
  return out;
}

/**
 * Decodes a stored capture (ISO times) into epoch ms; null when it is not one. Captures recorded
 * before the spend limit and model-scoped meters existed get `spendLimit: null, modelScoped: []`.
 *
 * @example
 * ```ts
 * decodeCapture({ capturedAt: "2026-11-25T10:00:00.000Z", fiveHour: null, sevenDay: null });
 * ```
 */
export function decodeCapture(value: unknown): OfficialCapture | null {
  const o = jsonRecord(value);
  if (o === null) return null;
  const capturedAt = isoTime(o["capturedAt"]);
  if (capturedAt === null) return null;
  const fiveHour = decodeMeter(o["fiveHour"]);
  const sevenDay = decodeMeter(o["sevenDay"]);
  const spendLimit = decodeMeter(o["spendLimit"]);
  if (fiveHour === undefined || sevenDay === undefined || spendLimit === undefined) return null;
  const modelScoped: ModelScopedMeter[] = [];
  if (Array.isArray(o["modelScoped"])) {
    for (const item of o["modelScoped"]) {
      const m = decodeMeter(item);
      const name = jsonRecord(item)?.["name"];
      if (m && typeof name === "string") modelScoped.push({ name, ...m });
    }
  }
  return { capturedAt, fiveHour, sevenDay, spendLimit, modelScoped };
}
