/**
 * Statusline captures, one file per account (`captures/<dataSetKey>.json` in the state
 * directory): the latest capture and a short history for calibrating the local estimate.
 * The file holds ISO times (see capture_codec.ts); what this module returns holds epoch ms.
 */

import { join } from "./path.ts";
import type { OfficialCapture } from "../core/official.ts";
import { decodeCapture, encodeCapture } from "./capture_codec.ts";
import { dataSetKey } from "../core/data_set_key.ts";
import { atomicWrite } from "./atomic_write.ts";
import { canonicalDir } from "./data_set.ts";
import { type Env, homeDir } from "./paths.ts";

/** What a capture file holds, decoded (epoch-ms times). */
export interface CaptureFile {
  version: 1;
  latest: OfficialCapture;
  /** Captures of the last days, oldest first (one per change or per minute). */
  history: OfficialCapture[];
}

const HISTORY_MS = 8 * 86_400_000;
const HISTORY_MAX = 600;
/** An unchanged capture is kept in the history at most this often. */
const HISTORY_STEP_MS = 60_000;

/**
 * The Claude config dir Claude Code runs with, and so the account a statusline call belongs to:
 * `CLAUDE_CONFIG_DIR` (its first entry), else `~/.claude`.
 */
export function statuslineConfigDir(env: Env): string {
  const home = homeDir(env);
  const configured = (env["CLAUDE_CONFIG_DIR"] ?? "").split(",")[0]?.trim() ?? "";
  if (configured === "") return join(home, ".claude");
  if (configured === "~") return home;
  return configured.startsWith("~/") ? join(home, configured.slice(2)) : configured;
}

/** Path of the capture file for one config dir (given as a canonical path). */
export function capturePath(stateDir: string, canonicalConfigDir: string): string {
  return join(stateDir, "captures", `${dataSetKey([canonicalConfigDir])}.json`);
}

function parseFile(text: string): CaptureFile | null {
  try {
    const data = JSON.parse(text) as Record<string, unknown>;
    const latest = decodeCapture(data["latest"]);
    if (latest === null) return null;
    const history = Array.isArray(data["history"])
      ? data["history"].map(decodeCapture).filter((c): c is OfficialCapture => c !== null)
      : [];
    return { version: 1, latest, history };
  } catch {
    return null;
  }
}

async function readFile(path: string): Promise<CaptureFile | null> {
  try {
    return parseFile(await Deno.readTextFile(path));
  } catch {
    return null;
  }
}

function sameMeters(a: OfficialCapture, b: OfficialCapture): boolean {
  const strip = (c: OfficialCapture) => JSON.stringify({ ...c, capturedAt: 0 });
  return strip(a) === strip(b);
}

/**
 * Records a capture atomically (Claude Code may run statusline commands concurrently; the last
 * writer wins and a lost history entry costs nothing).
 */
export async function saveCapture(path: string, capture: OfficialCapture): Promise<void> {
  const previous = await readFile(path);
  const now = capture.capturedAt;
  const history = (previous?.history ?? []).filter((c) =>
    c.capturedAt > now - HISTORY_MS && c.capturedAt <= now
  );
  const last = history[history.length - 1];
  if (
    last === undefined || !sameMeters(last, capture) ||
    now - last.capturedAt >= HISTORY_STEP_MS
  ) history.push(capture);
  const file = {
    version: 1,
    latest: encodeCapture(capture),
    history: history.slice(-HISTORY_MAX).map(encodeCapture),
  };
  await atomicWrite(path, JSON.stringify(file) + "\n");
}

/**
 * The newest capture among the accounts of `dataDirs` (each dir is one possible config dir
 * Claude Code ran with) and that account's history; null when none was recorded.
 */
export async function loadCaptures(
  stateDir: string,
  dataDirs: readonly string[],
): Promise<CaptureFile | null> {
  let best: CaptureFile | null = null;
  for (const dir of new Set(dataDirs)) {
    const file = await readFile(capturePath(stateDir, await canonicalDir(dir)));
    if (file && (!best || file.latest.capturedAt > best.latest.capturedAt)) best = file;
  }
  return best;
}
