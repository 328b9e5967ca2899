/** The state file: tracker state and fired alerts, written atomically, recovered when corrupt. */

import { dirname, join } from "node:path";
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

/** The first existing path at or above `dir` that is not a folder (it blocks the state folder). */
async function blockingFile(dir: string): Promise<string | null> {
  for (let path = dir;; path = dirname(path)) {
    try {
      return (await Deno.stat(path)).isDirectory ? null : path;
    } catch {
      if (dirname(path) === path) return null;
    }
  }
}

function reason(error: unknown): string {
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.IsADirectory) return "it is a folder";
  const message = error instanceof Error ? error.message : String(error);
  // Deno appends the syscall and path ("... (os error 30): rename '/a' -> '/b'"): keep the cause.
  return message.replace(/\s*\(os error \d+\).*$/s, "").replace(/:\s*\w+ '.*$/s, "").toLowerCase();
}

const IN_MEMORY = "running with in-memory state (nothing is saved this run)";

/**
 * Loads and saves `state.json` in the state directory. Trouble with the folder or the file never
 * stops the monitor: it warns once and keeps the state in memory.
 */
export class StateStore {
  /** The state file's path. */
  readonly path: string;
  /** Saving is off: the file cannot be read, or belongs to a newer version of the program. */
  private memoryOnly = false;

  /** Creates a store for `dir` (the state directory). */
  constructor(readonly dir: string) {
    this.path = join(dir, "state.json");
  }

  /**
   * Loads the state. A missing file gives a fresh state; a corrupt one is moved aside
   * (`state.json.corrupt-<time>`) and a fresh state is returned with a warning. A file that
   * cannot be read, cannot be moved aside, or comes from a newer schema is left as it is, and the
   * run keeps its state in memory (the warning says why).
   */
  async load(now: number): Promise<{ state: StateFile; warning: string | null }> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        const blocker = await blockingFile(this.dir);
        if (blocker === null) return { state: emptyState(), warning: null };
        return this.inMemory(`Cannot use state folder ${this.dir}: ${blocker} is a file`);
      }
      const blocker = await blockingFile(this.dir);
      if (blocker !== null) {
        return this.inMemory(`Cannot use state folder ${this.dir}: ${blocker} is a file`);
      }
      return this.inMemory(`Cannot read state file ${this.path}: ${reason(error)}`);
    }
    let data: Record<string, unknown> | null = null;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, "")) as Record<string, unknown>;
    } catch {
      // Corrupt: handled below.
    }
    const version = data?.["version"];
    if (typeof version === "number" && Number.isInteger(version) && version > 1) {
      return this.inMemory(
        `State file ${this.path} is from a newer version (schema ${version}): kept unchanged`,
      );
    }
    if (data !== null && typeof data === "object" && version === 1 && isTracker(data["tracker"])) {
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
    }
    const stamp = new Date(now).toISOString().replace(/[:.]/g, "-");
    const aside = `${this.path}.corrupt-${stamp}`;
    try {
      await Deno.rename(this.path, aside);
    } catch (error) {
      return this.inMemory(
        `State file ${this.path} is corrupt and cannot be moved aside (${reason(error)}): kept`,
      );
    }
    return {
      state: emptyState(),
      warning: `State file ${this.path} was corrupt: moved to ${aside} and rebuilt from the data`,
    };
  }

  private inMemory(problem: string): { state: StateFile; warning: string } {
    this.memoryOnly = true;
    return { state: emptyState(), warning: `${problem}; ${IN_MEMORY}` };
  }

  /**
   * Saves the state atomically. Does nothing once the run keeps its state in memory: after a load
   * that said so, or after a failed write (which throws once, for one warning).
   */
  async save(state: StateFile): Promise<void> {
    if (this.memoryOnly) return;
    try {
      await atomicWrite(this.path, JSON.stringify(state, null, 2) + "\n");
    } catch (error) {
      this.memoryOnly = true;
      const blocker = await blockingFile(this.dir);
      throw new Error(
        blocker !== null
          ? `${this.path}: ${blocker} is a file; ${IN_MEMORY}`
          : `${this.path}: ${reason(error)}; ${IN_MEMORY}`,
      );
    }
  }
}
