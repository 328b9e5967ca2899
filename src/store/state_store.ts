/**
 * The state files: tracker state and fired alerts, one file per set of data directories
 * (`states/<key>.json` with a readable `states/index.json`), written atomically, recovered
 * when corrupt.
 */

import { dirname, join } from "./path.ts";
import { emptyTrackerState, type TrackerState } from "../core/tracker.ts";
import { atomicWrite } from "./atomic_write.ts";
import type { DataSet } from "./data_set.ts";

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

/** The folder of the per-data-set state files, inside the state directory. */
export const STATES_FOLDER = "states";
/** The index naming the data directories of each state file. */
export const STATE_INDEX = "index.json";

/** The readable index: which data directories each state file belongs to. */
export interface StateIndex {
  version: 1;
  /** By file name (inside `states/`): the canonical data directories. */
  states: Record<string, { dirs: string[] }>;
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
const SAVE_RETRY = "running with in-memory state (saving is tried again at each change)";

/** What reading one state file gave; `memoryOnly` when the file must not be written this run. */
interface Loaded {
  state: StateFile;
  warning: string | null;
  memoryOnly?: boolean;
}

function inMemory(problem: string): Loaded {
  return { state: emptyState(), warning: `${problem}; ${IN_MEMORY}`, memoryOnly: true };
}

/**
 * Loads and saves the state of one set of data directories (`states/<key>.json`), or without a
 * data set the single `state.json` of versions before per-set state.
 */
export class StateStore {
  /** The state file's path. */
  readonly path: string;
  /** The state file of versions that kept one state for everything. */
  readonly legacyPath: string;
  /** Saving is off: the file cannot be read safely, or belongs to a newer version. */
  private memoryOnly = false;
  /** A save failed this run and said so: later failures stay quiet (each save still tries). */
  private saveFailed = false;

  /** Creates a store for `dir` (the state directory) and the data set `dataSet`. */
  constructor(readonly dir: string, readonly dataSet: DataSet | null = null) {
    this.legacyPath = join(dir, "state.json");
    this.path = dataSet === null
      ? this.legacyPath
      : join(dir, STATES_FOLDER, `${dataSet.key}.json`);
  }

  /**
   * Loads the state. A missing file gives a fresh state, except for the default directories,
   * which take over the single `state.json` of earlier versions (its windows came from them, as
   * the seed's did). A corrupt file is moved aside (`<file>.corrupt-<time>`) and a fresh state is
   * returned with a warning. Trouble never stops the monitor: a file that cannot be read or moved
   * aside, a folder in the way, or a newer schema leaves the files as they are, and the run keeps
   * its state in memory (the warning says why).
   */
  async load(now: number): Promise<{ state: StateFile; warning: string | null }> {
    const loaded = await this.#loadFile(this.path, now);
    if (loaded !== null) {
      if (loaded.memoryOnly) this.memoryOnly = true;
      return { state: loaded.state, warning: loaded.warning };
    }
    if (this.dataSet?.isDefault && this.path !== this.legacyPath) {
      // Read, never moved or changed: an older version run later still finds its file.
      const legacy = await this.#loadFile(this.legacyPath, now, false).catch(() => null);
      if (legacy !== null && legacy.warning === null) {
        return { state: legacy.state, warning: null };
      }
    }
    return { state: emptyState(), warning: null };
  }

  async #loadFile(path: string, now: number, moveCorrupt = true): Promise<Loaded | null> {
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch (error) {
      const blocker = await blockingFile(dirname(path));
      if (blocker !== null) {
        return inMemory(`Cannot use state folder ${this.dir}: ${blocker} is a file`);
      }
      if (error instanceof Deno.errors.NotFound) return null;
      return inMemory(`Cannot read state file ${path}: ${reason(error)}`);
    }
    let data: Record<string, unknown> | null = null;
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, "")) as Record<string, unknown>;
    } catch {
      // Corrupt: handled below.
    }
    const version = data?.["version"];
    if (typeof version === "number" && Number.isInteger(version) && version > 1) {
      return inMemory(
        `State file ${path} is from a newer version (schema ${version}): kept unchanged`,
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
    if (!moveCorrupt) return { state: emptyState(), warning: `State file ${path} is corrupt` };
    const stamp = new Date(now).toISOString().replace(/[:.]/g, "-");
    const aside = `${path}.corrupt-${stamp}`;
    try {
      await Deno.rename(path, aside);
    } catch (error) {
      return inMemory(
        `State file ${path} is corrupt and cannot be moved aside (${reason(error)}): kept`,
      );
    }
    return {
      state: emptyState(),
      warning: `State file ${path} was corrupt: moved to ${aside} and rebuilt from the data`,
    };
  }

  /**
   * Saves the state atomically and names its data directories in the index. A number that is
   * not finite (JSON would write it as null) is refused: the file on disk stays as it was.
   * Does nothing once the run keeps its state in memory after a load that said so. A failed
   * write throws the first time only (one warning); every later save tries again, so a folder
   * that becomes writable (a full disk freed, a mount back) gets the state.
   */
  async save(state: StateFile): Promise<void> {
    if (this.memoryOnly) return;
    const bad = nonFiniteNumber(state.tracker, "tracker");
    if (bad !== null) {
      throw new Error(`Cannot save the state: ${bad} is not a finite number`);
    }
    try {
      await atomicWrite(this.path, JSON.stringify(state, null, 2) + "\n");
      if (this.dataSet !== null) await this.#index(this.dataSet);
    } catch (error) {
      if (this.saveFailed) return;
      this.saveFailed = true;
      const blocker = await blockingFile(dirname(this.path));
      throw new Error(
        blocker !== null
          ? `${this.path}: ${blocker} is a file; ${SAVE_RETRY}`
          : `${this.path}: ${reason(error)}; ${SAVE_RETRY}`,
      );
    }
  }

  /** Adds this data set to `states/index.json` when it is not listed (yet) as it is. */
  async #index(dataSet: DataSet): Promise<void> {
    const path = join(this.dir, STATES_FOLDER, STATE_INDEX);
    const file = `${dataSet.key}.json`;
    const index = await readIndex(path);
    const listed = index.states[file]?.dirs;
    if (listed && listed.join("\n") === dataSet.dirs.join("\n")) return;
    index.states[file] = { dirs: [...dataSet.dirs] };
    await atomicWrite(path, JSON.stringify(index, null, 2) + "\n");
  }
}

/** Reads the index; a missing or unreadable one starts empty (it is rebuilt as sets are saved). */
export async function readIndex(path: string): Promise<StateIndex> {
  try {
    const data = JSON.parse(await Deno.readTextFile(path));
    const states = data?.states;
    if (data?.version === 1 && typeof states === "object" && states !== null) {
      const valid: StateIndex["states"] = {};
      for (const [file, entry] of Object.entries(states as Record<string, unknown>)) {
        const dirs = (entry as { dirs?: unknown } | null)?.dirs;
        if (Array.isArray(dirs) && dirs.every((dir) => typeof dir === "string")) {
          valid[file] = { dirs };
        }
      }
      return { version: 1, states: valid };
    }
  } catch {
    // Missing or corrupt: start over.
  }
  return { version: 1, states: {} };
}

/** The path of the first number inside `value` that is NaN or infinite, or null. */
function nonFiniteNumber(value: unknown, path: string): string | null {
  if (typeof value === "number") return Number.isFinite(value) ? null : path;
  if (typeof value !== "object" || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = nonFiniteNumber(
      inner,
      Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`,
    );
    if (found !== null) return found;
  }
  return null;
}
