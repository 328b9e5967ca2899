/** The state file: tracker state and fired alerts, written atomically, recovered when corrupt. */

import { join } from "node:path";
import { emptyTrackerState, type TrackerState } from "../core/tracker.ts";
import { atomicWrite } from "./atomic_write.ts";

/** Everything the monitor persists between runs. */
export interface StateFile {
  version: 1;
  tracker: TrackerState;
  /** Opaque alert-rule state (fired alert keys), owned by the alert rules. */
  alerts: unknown;
  /** The seed's config was imported (never import twice). */
  seedImported: boolean;
}

/** A fresh state. */
export function emptyState(): StateFile {
  return { version: 1, tracker: emptyTrackerState(), alerts: null, seedImported: false };
}

function isTracker(v: unknown): v is TrackerState {
  if (typeof v !== "object" || v === null) return false;
  const t = v as Record<string, unknown>;
  return t["version"] === 1 && typeof t["maxTokens"] === "number" &&
    typeof t["maxCostUSD"] === "number" && Array.isArray(t["windows"]) &&
    (t["windows"] as unknown[]).every((w) =>
      typeof w === "object" && w !== null &&
      typeof (w as Record<string, unknown>)["id"] === "string" &&
      typeof (w as Record<string, unknown>)["startMs"] === "number" &&
      typeof (w as Record<string, unknown>)["tokens"] === "number" &&
      typeof (w as Record<string, unknown>)["costUSD"] === "number"
    );
}

/** Loads and saves `state.json` in the state directory. */
export class StateStore {
  /** The state file's path. */
  readonly path: string;

  /** Creates a store for `dir` (the state directory). */
  constructor(readonly dir: string) {
    this.path = join(dir, "state.json");
  }

  /**
   * Loads the state. A missing file gives a fresh state; a corrupt one is moved aside
   * (`state.json.corrupt-<time>`) and a fresh state is returned with a warning.
   */
  async load(now: number): Promise<{ state: StateFile; warning: string | null }> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return { state: emptyState(), warning: null };
      throw error;
    }
    try {
      const data = JSON.parse(text) as Record<string, unknown>;
      if (data["version"] !== 1 || !isTracker(data["tracker"])) throw new Error("bad shape");
      const tracker = data["tracker"];
      return {
        state: {
          version: 1,
          tracker: { ...emptyTrackerState(), ...tracker },
          alerts: data["alerts"] ?? null,
          seedImported: data["seedImported"] === true,
        },
        warning: null,
      };
    } catch {
      const stamp = new Date(now).toISOString().replace(/[:.]/g, "-");
      const aside = `${this.path}.corrupt-${stamp}`;
      await Deno.rename(this.path, aside);
      return {
        state: emptyState(),
        warning: `State file ${this.path} was corrupt: moved to ${aside} and rebuilt from the data`,
      };
    }
  }

  /** Saves the state atomically. */
  async save(state: StateFile): Promise<void> {
    await atomicWrite(this.path, JSON.stringify(state, null, 2) + "\n");
  }
}
