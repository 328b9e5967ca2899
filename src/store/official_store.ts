/** The latest statusline capture in the state directory (`official.json`). */

import { join } from "node:path";
import { type OfficialCapture, officialSnapshot, parseCapture } from "../core/official.ts";
import type { SnapshotOfficial } from "../core/types.ts";
import { atomicWrite } from "./atomic_write.ts";

/** Path of the capture file in `stateDir`. */
export function officialPath(stateDir: string): string {
  return join(stateDir, "official.json");
}

/** Records a capture atomically (Claude Code may run statusline commands concurrently). */
export async function saveOfficial(stateDir: string, capture: OfficialCapture): Promise<void> {
  await atomicWrite(officialPath(stateDir), JSON.stringify(capture) + "\n");
}

/** Reads the capture as the snapshot's `official` section; null when none or unreadable. */
export async function loadOfficial(
  stateDir: string,
  now: number,
): Promise<SnapshotOfficial | null> {
  try {
    const capture = parseCapture(JSON.parse(await Deno.readTextFile(officialPath(stateDir))));
    return capture === null ? null : officialSnapshot(capture, now);
  } catch {
    return null;
  }
}
