/**
 * Once-across-monitors alert delivery: a marker file per alert key, created with `createNew`, so
 * of several monitors of one account only the first to claim an alert sends it.
 */

import { join } from "./path.ts";
import type { AlertGate } from "../ports.ts";

async function hashName(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/**
 * A gate keeping its markers in `dir` (one folder per account, under the state directory).
 * Markers past their `until` are removed when the gate is created. A marker that cannot be
 * written lets the alert through: a repeated alert is better than a lost one.
 *
 * @example
 * ```ts
 * const gate = await createAlertGate("/home/ana/.local/state/claude-monitor/sent/claude-1b2c", Date.now());
 * if (await gate.claim("window-ending:2026-11-25T08:00:00.000Z", end)) notify();
 * ```
 */
export async function createAlertGate(dir: string, now: number): Promise<AlertGate> {
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile) continue;
      const path = join(dir, entry.name);
      try {
        const until = JSON.parse(await Deno.readTextFile(path))["until"];
        if (typeof until !== "number" || until < now) await Deno.remove(path);
      } catch {
        await Deno.remove(path).catch(() => {});
      }
    }
  } catch {
    // No folder yet (or unreadable): claims create it.
  }
  return {
    async claim(key: string, until: number): Promise<boolean> {
      const path = join(dir, `${await hashName(key)}.json`);
      try {
        await Deno.mkdir(dir, { recursive: true });
        const file = await Deno.open(path, { write: true, createNew: true });
        try {
          // Only the time to forget it: the key is in the name (hashed), and a copy of it here
          // would make the marker look like a state file to anything searching the folder.
          await file.write(new TextEncoder().encode(JSON.stringify({ until }) + "\n"));
        } finally {
          file.close();
        }
        return true;
      } catch (error) {
        return !(error instanceof Deno.errors.AlreadyExists);
      }
    },
  };
}
