/** A state store that lives in memory only: `--demo` must never touch the user's real state. */

import { emptyState, type StateFile } from "./state_store.ts";

/** Starts from a fresh state and keeps saves in memory; nothing reaches the disk. */
export class MemoryStateStore {
  #state: StateFile = emptyState();

  /** The state last saved (a fresh one before any save). */
  load(_now: number): Promise<{ state: StateFile; warning: string | null }> {
    return Promise.resolve({ state: structuredClone(this.#state), warning: null });
  }

  /** Keeps a copy of `state`, so later changes by the caller are not saved behind its back. */
  save(state: StateFile): Promise<void> {
    this.#state = structuredClone(state);
    return Promise.resolve();
  }
}
