/** Reads Claude Code JSONL files incrementally: only new bytes are read, only usage lines decoded. */

import type { FileSystem } from "../../ports.ts";
import {
  dedupeEntries,
  type Deduplicator,
  OUT_OF_ORDER,
  resortTail,
  sortSurvivors,
} from "./dedupe_entries.ts";
import { type ColumnParts, EntryColumns, ModelNames, type SortedEntries } from "./entry_columns.ts";
import { type ParseResponse, ParseWorkers } from "./parse_workers.ts";
import { identitySlots, type LocatedEntries, mergeNewRows } from "./restored_merge.ts";
import { hasUsageMarker, scanLines } from "./scan_lines.ts";
import type { StoredRows } from "./stored_rows.ts";
import { CacheInvalid } from "./cache_invalid.ts";
import { bundledPrices, type PriceTable } from "./pricing.ts";

// Kept in its own module so the cache key needs none of the reader's code; re-exported here.
export { READER_RULES_VERSION } from "./reader_rules.ts";

/** One file's reading state as `snapshot()` gives it and `restore()` takes it. */
export interface FileSnapshot {
  path: string;
  size: number;
  mtimeMs: number | null;
  /** File identity (inode) when the platform gives one. */
  ino: number | null;
  offset: number;
  tail: Uint8Array;
  /** The file's rows; model ids index `ReaderSnapshot.models`. */
  parts: ColumnParts;
  /** The number of rows, when known without `parts` (which may decode them). */
  rowCount?: number;
  /**
   * Where these rows are stored as they are in a loaded cache (file `index` of `rows`): a save
   * copies them from there without decoding them.
   */
  stored?: { rows: StoredRows; index: number };
  /** `tail` as the cache stores it (base64), when it is the loaded one. */
  tailBase64?: string;
  skipped: number;
  partialRows: number;
  partialSkipped: number;
}

/**
 * The de-duplicated entries of a snapshot: `SortedEntries` without its links to live state, plus
 * per entry the global row index (all files' rows end to end) of its row and of its slot's
 * first row, so rows appended later can be merged in without de-duplicating everything again.
 */
export type SortedParts = Omit<SortedEntries, "slots" | "models"> & {
  row: Uint32Array;
  created: Uint32Array;
  /**
   * Elements free after every column in its buffer, used by nothing else (a loaded cache
   * leaves room for an append's newest entries).
   */
  room?: number;
};

/** Everything the reader knows about the files, to persist and restore across runs. */
export interface ReaderSnapshot {
  /** Model names by id (index 0 unused). */
  models: string[];
  /**
   * Files in sorted path order. `parts` may be a getter that decodes on first use: a restore
   * where no file changed never touches them.
   */
  files: FileSnapshot[];
  /** The entries as `entries()` gave them for these files (null when unknown). */
  sorted: SortedParts | null;
  /** The files' stored rows, from a loaded cache: checked and searched without decoding them. */
  rows?: StoredRows;
}

/** Options of one `refresh`. */
export interface RefreshOptions {
  /**
   * Says a known file is unchanged since the last refresh (a change feed knows it), so it is
   * not stat-ed again. New files are always stat-ed.
   */
  unchanged?: (path: string) => boolean;
}

/** Options of an incremental reader. */
export interface IncrementalReaderOptions {
  /** Prices used for entries without `costUSD` (default: the bundled table). */
  prices?: PriceTable;
  /** Bytes per `readRange` call (default 2 MiB). */
  chunkSize?: number;
  /**
   * Parse workers for large reads (default: one per spare core, at most 3; 0 parses on the main
   * thread only). Workers use the bundled prices, so custom `prices` turn them off.
   */
  workers?: number;
  /**
   * A run that merges once and exits: the de-duplication indexes are dropped after the merge
   * (a later refresh rebuilds them) and `collectGarbage` frees them before the sort allocates.
   */
  oneShot?: { collectGarbage?: () => void };
}

/** Below this many bytes to read from scratch, starting workers costs more than it saves. */
const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
/** Smaller files are parsed here: a worker round trip per file costs more than their parse. */
const WORKER_MIN_FILE_BYTES = 64 * 1024;
/**
 * Smaller files a worker reads itself go to it in batches of about this many bytes, one message
 * each way per batch (a round trip per small file cost more than its parse).
 */
const WORKER_BATCH_BYTES = 1024 * 1024;
/** Larger files are streamed on the main thread instead of being held whole for a worker. */
const WORKER_MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Unparsed bytes queued per worker before this thread parses files itself. */
const WORKER_QUEUE_BYTES = 8 * 1024 * 1024;

/** The plain fields of a `FileState`. */
interface FileFields {
  path: string;
  size: number;
  mtimeMs: number | null;
  ino: number | null;
  offset: number;
  tail: string;
  restored: FileSnapshot | null;
  columns: EntryColumns;
  skipped: number;
  partialRows: number;
  partialSkipped: number;
}

/** Decodes a restored file's rows on first use (one per restore, shared by all its files). */
interface RowDecoder {
  models: ModelNames;
  names: readonly string[];
}

/**
 * What one file contributed so far. A class (100,000 files keep 100,000 of these): restored rows
 * decoded on first use through a getter, not a per-object property with two closures (which
 * turned every state into a dictionary object of ~1 KB).
 */
class FileState {
  /** Index of this file's columns in the de-duplicator's file list. */
  id = -1;
  /** The path as first seen: each scan lists new strings, kept only while they are new. */
  path: string;
  size: number;
  mtimeMs: number | null;
  ino: number | null;
  /** Byte offset just past the last complete line. */
  offset: number;
  /**
   * Up to TAIL_BYTES bytes just before `offset`, one character per byte; a mismatch later means
   * the file was replaced. A short string costs a tenth of a Uint8Array and its buffer.
   */
  tail: string;
  /** The restored snapshot whose tail `tail` stands for until first needed (then null). */
  restored: FileSnapshot | null;
  skipped: number;
  /** Rows parsed provisionally from the unterminated last line, as a full read would see it. */
  partialRows: number;
  partialSkipped: number;
  /**
   * The restored file this state still is, else null: while it is, its rows are the stored
   * ones (decoded on first use, saved by copying them).
   */
  readonly restoredFile: FileSnapshot | null;
  #columns: EntryColumns;
  #decoder: RowDecoder | null = null;

  constructor(fields: FileFields, restoredFile: FileSnapshot | null = null) {
    this.path = fields.path;
    this.size = fields.size;
    this.mtimeMs = fields.mtimeMs;
    this.ino = fields.ino;
    this.offset = fields.offset;
    this.tail = fields.tail;
    this.restored = fields.restored;
    this.#columns = fields.columns;
    this.skipped = fields.skipped;
    this.partialRows = fields.partialRows;
    this.partialSkipped = fields.partialSkipped;
    this.restoredFile = restoredFile;
  }

  /** Entries in file order; the last `partialRows` come from the unterminated last line. */
  get columns(): EntryColumns {
    const decoder = this.#decoder;
    if (decoder !== null && this.restoredFile !== null) {
      this.#columns = EntryColumns.fromParts(
        decoder.models,
        this.restoredFile.parts,
        decoder.names,
      );
      this.#decoder = null;
    }
    return this.#columns;
  }

  set columns(value: EntryColumns) {
    this.#columns = value;
    this.#decoder = null;
  }

  /** Makes `columns` decode the restored file's rows when first read. */
  decodeLater(decoder: RowDecoder): void {
    this.#decoder = decoder;
  }

  /** A copy to read on from (an append): the same columns, no longer the restored state. */
  next(changes: Partial<FileFields>): FileState {
    const copy = new FileState({
      path: this.path,
      size: this.size,
      mtimeMs: this.mtimeMs,
      ino: this.ino,
      offset: this.offset,
      tail: this.tail,
      restored: this.restored,
      columns: this.columns,
      skipped: this.skipped,
      partialRows: this.partialRows,
      partialSkipped: this.partialSkipped,
      ...changes,
    });
    copy.id = this.id;
    return copy;
  }
}

const TAIL_BYTES = 64;
const NEWLINE = 10;

/**
 * Keeps per-file reading state and per-entry aggregates in typed columns (never raw lines)
 * across refreshes.
 *
 * @example
 * ```ts
 * const reader = new IncrementalReader(fs);
 * await reader.refresh(files);
 * const entries = reader.entries();
 * ```
 */
export class IncrementalReader {
  readonly #fs: FileSystem;
  readonly #prices: PriceTable;
  readonly #chunkSize: number;
  readonly #workers: number;
  readonly #files = new Map<string, FileState>();
  #order: string[] = [];
  readonly #models = new ModelNames();
  /** Columns a whole file is parsed into before its rows are parked (see `#readStream`). */
  #scratch = new EntryColumns(this.#models);
  // De-duplication state, kept so that appended rows can be merged without starting over.
  #columnsById: EntryColumns[] = [];
  #pathsById: string[] = [];
  #dedup: Deduplicator | null = null;
  #sorted: SortedEntries = emptySortedEntries(this.#models);
  /** Leading sorted entries unchanged since the last `takeUnchanged` call. */
  #unchanged = 0;
  /** Rows added since the last merge, by file id (from that row on). */
  #appended: { id: number; from: number }[] = [];
  #needsRebuild = true;
  /** A restored snapshot whose rows are not decoded yet, and who to tell when they cannot be. */
  #pending: { snapshot: ReaderSnapshot; onInvalid: (error: unknown) => void } | null = null;
  /** Restored entries, used while no file changes and merged with rows appended after. */
  #restoredSorted: LocatedEntries | null = null;
  /** Restored files and their row counts, in restored order. */
  #restoredFiles: { paths: string[]; lengths: number[] } | null = null;
  /** Where `#sorted`'s rows are, when known without a de-duplicator. */
  #located: { row: Uint32Array; created: Uint32Array } | null = null;
  /** Who to tell when restored rows turn out unreadable after the restore was taken in. */
  #onInvalid: (error: unknown) => void = () => {};
  /** The restored snapshot's stored rows, checked when a change first needs rows. */
  #storedRows: StoredRows | null = null;
  /** A restored file was dropped or re-read whole since the restore. */
  #restoredBroken = false;
  /** Files the last refresh could not read (permission denied), skipped as ccusage skips them. */
  #unreadable = new Set<string>();
  readonly #oneShot: { collectGarbage?: () => void } | null;

  /** Creates a reader over `fs`. */
  constructor(fs: FileSystem, options: IncrementalReaderOptions = {}) {
    this.#fs = fs;
    this.#prices = options.prices ?? bundledPrices;
    this.#chunkSize = options.chunkSize ?? 2 * 1024 * 1024;
    const spare = Math.min(3, Math.max(1, (navigator.hardwareConcurrency ?? 2) - 1));
    this.#workers = options.prices === undefined ? options.workers ?? spare : 0;
    this.#oneShot = options.oneShot ?? null;
  }

  /**
   * Brings the state up to date with `paths` (the current file list): new files are read,
   * grown files read from where they left off, shrunk or replaced files re-read, missing files
   * dropped. Returns whether anything changed.
   */
  async refresh(paths: readonly string[], options: RefreshOptions = {}): Promise<boolean> {
    // Sorted path order decides which duplicate is seen first, as in ccusage.
    const order = [...new Set(paths)].sort();
    let changed = order.length !== this.#order.length ||
      order.some((path, index) => path !== this.#order[index]);
    const wanted = new Set(order);
    for (const path of this.#files.keys()) {
      if (!wanted.has(path)) {
        this.#files.delete(path);
        this.#needsRebuild = true;
        this.#restoredBroken = true;
      }
    }
    const present: string[] = [];
    const plans: ReadPlan[] = [];
    const wasUnreadable = this.#unreadable;
    this.#unreadable = new Set();
    for (const path of order) {
      const known = this.#files.get(path);
      if (options.unchanged !== undefined && known !== undefined && options.unchanged(path)) {
        present.push(known.path);
        continue;
      }
      let stat;
      try {
        stat = await this.#fs.stat(path);
      } catch {
        // A name that is not valid UTF-8 reaches us with U+FFFD and cannot be opened from Deno:
        // name it instead of dropping it silently (ccusage reads it).
        if (path.includes("\uFFFD")) this.#unreadable.add(path);
        // Deleted between listing and stat: drop it like a missing file.
        if (this.#files.delete(path)) {
          changed = true;
          this.#needsRebuild = true;
          this.#restoredBroken = true;
        }
        continue;
      }
      const previous = this.#files.get(path);
      present.push(previous?.path ?? path);
      const ino = stat.ino ?? null;
      if (
        previous !== undefined && previous.size === stat.size &&
        previous.mtimeMs === stat.mtimeMs && previous.ino === ino
      ) {
        continue;
      }
      // Retrying a file that was unreadable last time changes nothing unless it now reads.
      if (previous !== undefined || !wasUnreadable.has(path)) changed = true;
      const append = previous !== undefined && previous.ino === ino &&
        canAppend(previous, stat.size, stat.mtimeMs);
      plans.push({
        path,
        size: stat.size,
        mtimeMs: stat.mtimeMs,
        ino,
        previous,
        append,
        start: append ? previous.offset - tailOf(previous).length : 0,
      });
    }
    // Restored rows stay undecoded while nothing changes: a running monitor's refreshes after a
    // warm start decoded every file's rows (hundreds of MB at 100,000 files) for nothing.
    const rowsNeeded = changed || plans.length > 0 ||
      (this.#restoredSorted === null && this.#needsRebuild);
    // Unreadable restored rows leave no file known: reading again reads every file in full.
    if (rowsNeeded && !this.#materialize()) return await this.refresh(paths, options);
    try {
      return await this.#update(plans, present, changed, wasUnreadable);
    } catch (error) {
      // Restored rows are read and checked when first needed: bad ones (the cache changed on
      // disk) make every file be read again, as a cold start does.
      if (!(error instanceof CacheInvalid) || this.#storedRows === null) throw error;
      this.#forgetRestored(error);
      return await this.refresh(paths, options);
    }
  }

  /** The rest of a refresh once the files are planned: read them, then merge. */
  async #update(
    plans: ReadPlan[],
    present: string[],
    changedBefore: boolean,
    wasUnreadable: Set<string>,
  ): Promise<boolean> {
    let changed = changedBefore;
    try {
      await this.#read(plans);
    } catch (error) {
      // A read failed half-way: forget these files so the next refresh reads them from scratch.
      for (const plan of plans) this.#files.delete(plan.path);
      this.#needsRebuild = true;
      throw error;
    }
    for (const path of this.#unreadable) {
      // It had rows before: only a rebuild takes them away.
      if (this.#files.delete(path)) {
        this.#needsRebuild = true;
        this.#restoredBroken = true;
      }
    }
    for (const path of wasUnreadable) if (!this.#unreadable.has(path)) changed = true;
    this.#order = present.filter((path) => !this.#unreadable.has(path));
    const restored = this.#restoredSorted;
    this.#restoredSorted = null;
    if (!changed && restored !== null && !this.#restoredBroken && this.#needsRebuild) {
      // Restored and nothing changed: the saved entries are what de-duplication would give.
      this.#sorted = restored.sorted;
      this.#located = restored;
      this.#needsRebuild = false;
    } else if (restored !== null && this.#mergeRestored(restored, plans)) {
      this.#needsRebuild = false;
    } else if (changed || this.#needsRebuild) {
      this.#merge();
    }
    this.#restoredFiles = null;
    return changed;
  }

  /**
   * Merges rows appended to restored files (and new files' rows) into the restored entries;
   * false when a restored file was dropped, replaced or had a provisional last line taken back
   * (only a full de-duplication then gives a full read's result).
   */
  #mergeRestored(
    restored: LocatedEntries,
    plans: readonly ReadPlan[],
  ): boolean {
    const before = this.#restoredFiles;
    if (before === null || this.#restoredBroken) return false;
    for (const plan of plans) {
      if (plan.previous === undefined) continue;
      const now = this.#files.get(plan.path);
      if (!plan.append || plan.previous.partialRows > 0 || now?.columns !== plan.previous.columns) {
        return false;
      }
    }
    const index = new Map(this.#order.map((path, position) => [path, position]));
    const oldLength = new Map(
      before.paths.map((path, position) => [path, before.lengths[position]!]),
    );
    const oldToNew: number[] = [];
    for (const path of before.paths) {
      const position = index.get(path);
      if (position === undefined) return false;
      oldToNew.push(position);
    }
    const states = this.#order.map((path) => this.#files.get(path)!);
    const stored = this.#storedRows;
    const merged = mergeNewRows(restored, {
      // Unchanged files are not decoded for their row counts.
      lengths: this.#order.map((path, index) =>
        states[index]!.restoredFile !== null ? oldLength.get(path)! : states[index]!.columns.length
      ),
      columns: (index) => states[index]!.columns,
      paths: this.#order,
      from: this.#order.map((path) => oldLength.get(path) ?? 0),
      oldToNew,
      oldLengths: before.lengths,
      // The stored id column finds old rows of the new rows' messages without decoding files.
      ...(stored === null || stored.fileCount !== before.paths.length ? {} : {
        oldIds: {
          flags: stored.whole("flags") as Uint8Array,
          ids: stored.whole("ids") as Uint32Array,
        },
      }),
    });
    this.#sorted = merged.sorted;
    this.#located = merged;
    this.#dedup = null;
    this.#columnsById = [];
    this.#pathsById = [];
    this.#appended = [];
    // Entries before the first new or replaced one are the restored ones, in place.
    this.#unchanged = merged.unchanged;
    return true;
  }

  /** `#sorted`'s row locations for a snapshot of `files` (null when unknown). */
  #locations(files: readonly FileSnapshot[]): { row: Uint32Array; created: Uint32Array } | null {
    if (this.#located !== null) return this.#located;
    const dedup = this.#dedup;
    if (dedup === null || this.#needsRebuild) return null;
    const startById = new Map<number, number>();
    let start = 0;
    for (const file of files) {
      startById.set(this.#files.get(file.path)!.id, start);
      start += file.rowCount ?? file.parts.length;
    }
    const sorted = this.#sorted;
    const row = new Uint32Array(sorted.length);
    const created = new Uint32Array(sorted.length);
    for (let index = 0; index < sorted.length; index++) {
      const slot = sorted.slots[index]!;
      const rowStart = startById.get(dedup.slotFile[slot]!);
      const createdStart = startById.get(dedup.createdFile[slot]!);
      if (rowStart === undefined || createdStart === undefined) return null;
      row[index] = rowStart + dedup.slotRow[slot]!;
      created[index] = createdStart + dedup.createdRow[slot]!;
    }
    return { row, created };
  }

  /**
   * What the reader knows, per file in path order, for a persistent cache. The column arrays
   * are shared, not copied: encode the snapshot before the next refresh.
   */
  snapshot(): ReaderSnapshot {
    this.#materialize();
    const files: FileSnapshot[] = [];
    for (const path of this.#order) {
      const state = this.#files.get(path);
      if (state === undefined) continue;
      // Still the restored state: its rows (and tail) are the stored ones, copied as they are.
      files.push(new StateSnapshot(state, state.restoredFile));
    }
    const located = this.#locations(files);
    const entries = this.#sorted;
    return {
      models: this.#models.list(),
      files,
      // Named one by one: `slots` may be made on first use, and a save never needs it.
      sorted: located === null ? null : {
        length: entries.length,
        time: entries.time,
        input: entries.input,
        output: entries.output,
        cacheCreation: entries.cacheCreation,
        cacheRead: entries.cacheRead,
        cost: entries.cost,
        model: entries.model,
        unpriced: entries.unpriced,
        resets: entries.resets,
        ...located,
      },
    };
  }

  /**
   * Replaces everything known with a snapshot (from a persistent cache). The next `refresh`
   * stats each file: when none changed, the saved entries are used as they are; otherwise the
   * rows are decoded, only bytes past the saved offsets are read, and de-duplication is rebuilt
   * from all rows, exactly as after reading them itself. When the rows turn out unreadable,
   * `onInvalid` is told and every file is read again.
   */
  restore(snapshot: ReaderSnapshot, onInvalid: (error: unknown) => void = () => {}): void {
    this.#files.clear();
    this.#storedRows = snapshot.rows ?? null;
    // One empty stand-in for all files until #materialize decodes their rows.
    const unread = new EntryColumns(this.#models, 0);
    for (const file of snapshot.files) {
      this.#files.set(
        file.path,
        new FileState({
          path: file.path,
          size: file.size,
          mtimeMs: file.mtimeMs,
          ino: file.ino,
          offset: file.offset,
          // The snapshot's tail may be decoded on first use: only read it when a change needs it.
          tail: "",
          restored: file,
          columns: unread,
          skipped: file.skipped,
          partialRows: file.partialRows,
          partialSkipped: file.partialSkipped,
        }, file),
      );
    }
    this.#order = snapshot.files.map((file) => file.path);
    this.#columnsById = [];
    this.#pathsById = [];
    this.#dedup = null;
    this.#appended = [];
    this.#needsRebuild = true;
    this.#pending = { snapshot, onInvalid };
    this.#onInvalid = onInvalid;
    this.#located = null;
    this.#restoredBroken = false;
    this.#restoredFiles = null;
    const parts = snapshot.sorted;
    if (parts === null) this.#restoredSorted = null;
    else {
      const sorted = restoredEntries(parts, snapshot.models, this.#models);
      this.#restoredSorted = {
        sorted,
        row: parts.row,
        created: parts.created,
        // The room is the restored columns' own (remapped model ids are new arrays).
        room: sorted.model === parts.model ? parts.room ?? 0 : 0,
      };
    }
  }

  /** Decodes the rows of a restored snapshot; false (and nothing known) when they are unreadable. */
  #materialize(): boolean {
    const pending = this.#pending;
    if (pending === null) return true;
    this.#pending = null;
    try {
      const { snapshot } = pending;
      const stored = this.#storedRows;
      // With stored rows, a file's rows are decoded when first used: an append needs a few.
      const lazy = stored !== null && snapshot.files.every((file) => file.rowCount !== undefined);
      if (lazy) stored.check();
      const restoredFiles = { paths: [] as string[], lengths: [] as number[] };
      const models = this.#models;
      const decoder: RowDecoder = { models, names: snapshot.models };
      for (const file of snapshot.files) {
        restoredFiles.paths.push(file.path);
        restoredFiles.lengths.push(lazy ? file.rowCount! : file.parts.length);
        const state = this.#files.get(file.path);
        if (state === undefined) continue;
        if (!lazy) {
          state.columns = EntryColumns.fromParts(models, file.parts, snapshot.models);
          // Holding the snapshot's files would hold all their decoded rows.
          tailOf(state);
          continue;
        }
        state.decodeLater(decoder);
      }
      this.#restoredFiles = restoredFiles;
    } catch (error) {
      this.#forgetRestored(error);
      return false;
    }
    return true;
  }

  /** Forgets what was restored: every file is then read from scratch, like a cold start. */
  #forgetRestored(error: unknown): void {
    this.#files.clear();
    this.#storedRows = null;
    this.#order = [];
    this.#restoredSorted = null;
    this.#restoredFiles = null;
    this.#restoredBroken = false;
    this.#located = null;
    this.#dedup = null;
    this.#columnsById = [];
    this.#pathsById = [];
    this.#appended = [];
    this.#needsRebuild = true;
    this.#onInvalid(error);
  }

  /** Reads the planned files: appended bytes, whole files (partly in workers), then replaced ones. */
  async #read(plans: readonly ReadPlan[]): Promise<void> {
    // One read stays in flight while the previous chunk is parsed, across files.
    const replaced: ReadPlan[] = [];
    const pool = this.#startWorkers(plans);
    // Bytes sent to the workers and not parsed yet: a whole file goes to a worker while they
    // have little queued, so they never idle and this thread (which also reads every file,
    // de-duplicates and saves the cache) parses the rest; the bound keeps memory small.
    // On disk, a worker reads its files itself: this thread is the busier one.
    const deferWhole = this.#fs.workerReadable === true;
    const toWorker = (index: number) => {
      const plan = plans[index]!;
      return pool !== null && (plan.previous === undefined || !plan.append) &&
        plan.size <= WORKER_MAX_FILE_BYTES &&
        (plan.size >= WORKER_MIN_FILE_BYTES || deferWhole) &&
        pool.queuedBytes < WORKER_QUEUE_BYTES * this.#workers;
    };
    const ahead = new ReadAhead(
      this.#fs,
      plans,
      this.#chunkSize,
      this.#unreadable,
      toWorker,
      deferWhole,
    );
    const offloaded: { plan: ReadPlan; parsed: Promise<ParseResponse> }[] = [];
    try {
      for (const [index, plan] of plans.entries()) {
        const previous = plan.previous;
        if (previous === undefined || !plan.append) {
          if (pool !== null && ahead.isWhole(index)) {
            let parsed: Promise<ParseResponse>;
            if (deferWhole && plan.size - plan.start < WORKER_MIN_FILE_BYTES) {
              parsed = pool.parseFileBatched(
                plan.path,
                plan.start,
                plan.size - plan.start,
                WORKER_BATCH_BYTES,
              );
              this.#fs.readByWorker?.(plan.size - plan.start);
              ahead.skipWhole(index);
            } else if (deferWhole) {
              parsed = pool.parseFile(plan.path, plan.start, plan.size - plan.start);
              this.#fs.readByWorker?.(plan.size - plan.start);
              ahead.skipWhole(index);
            } else {
              parsed = pool.parse(await readAll(ahead, index, plan.size - plan.start));
            }
            // Awaited below; this keeps a failure before then from being an unhandled rejection.
            parsed.catch(() => {});
            offloaded.push({ plan, parsed });
            continue;
          }
          const state = await this.#readStream(ahead, index, emptyState(this.#models), null);
          this.#store(plan, state ?? emptyState(this.#models));
          continue;
        }
        const appendedFrom = previous.columns.length - previous.partialRows;
        // Rows parsed from a half-written last line are taken back: only a rebuild undoes them.
        if (previous.partialRows > 0) this.#needsRebuild = true;
        previous.columns.truncate(appendedFrom);
        const tail = latin1Bytes(tailOf(previous));
        const state = await this.#readStream(
          ahead,
          index,
          previous.next({ partialRows: 0, partialSkipped: 0 }),
          tail,
        );
        if (state === null) {
          replaced.push({ ...plan, append: false, start: 0 });
          continue;
        }
        this.#appended.push({ id: state.id, from: appendedFrom });
        this.#store(plan, state);
      }
      pool?.flush();
      for (const { plan, parsed } of offloaded) {
        try {
          this.#store(plan, this.#stateFromWorker(await parsed));
        } catch {
          // The worker failed: read and parse this file here instead.
          replaced.push(plan);
        }
      }
    } finally {
      pool?.close();
    }
    if (replaced.length > 0) {
      const again = new ReadAhead(this.#fs, replaced, this.#chunkSize, this.#unreadable);
      for (const [index, plan] of replaced.entries()) {
        const state = await this.#readStream(again, index, emptyState(this.#models), null);
        this.#store({ ...plan, previous: undefined }, state ?? emptyState(this.#models));
        // A replaced file takes rows away: only a rebuild reproduces a full read.
        this.#needsRebuild = true;
      }
    }
  }

  /** Brings de-duplication and sorted entries up to date with the files. */
  #merge(): void {
    this.#located = null;
    if (
      !this.#needsRebuild && this.#dedup?.indexed === true && this.#mergeAppended(this.#dedup)
    ) {
      this.#appended = [];
      return;
    }
    this.#columnsById = [];
    this.#pathsById = [];
    for (const path of this.#order) {
      const state = this.#files.get(path);
      if (state === undefined) continue;
      state.id = this.#columnsById.length;
      this.#columnsById.push(state.columns);
      this.#pathsById.push(path);
    }
    this.#dedup = dedupeEntries(this.#columnsById, this.#pathsById);
    if (this.#oneShot !== null) {
      // Measured on 1 GiB: ~18 MB of indexes, freed before the ~19 MB of sorted columns.
      this.#dedup.dropIndexes();
      this.#oneShot.collectGarbage?.();
    }
    this.#sorted = sortSurvivors(this.#columnsById, this.#dedup, this.#models);
    this.#unchanged = 0;
    this.#appended = [];
    this.#needsRebuild = false;
  }

  /** Merges appended rows into the kept state; false when only a rebuild gives a full read's result. */
  #mergeAppended(dedup: Deduplicator): boolean {
    // Appended rows are fed in global order: files by path, rows in file order.
    const appended = [...this.#appended].sort((a, b) => {
      const pathA = this.#pathsById[a.id]!;
      const pathB = this.#pathsById[b.id]!;
      return pathA < pathB ? -1 : pathA > pathB ? 1 : a.from - b.from;
    });
    dedup.resetTouched();
    for (const { id, from } of appended) {
      const columns = this.#columnsById[id];
      if (columns === undefined) return false;
      for (let row = from; row < columns.length; row++) {
        if (dedup.add(id, row) === OUT_OF_ORDER) return false;
      }
    }
    const { sorted, unchanged } = resortTail(
      this.#sorted,
      this.#columnsById,
      this.#pathsById,
      dedup,
    );
    this.#sorted = sorted;
    this.#unchanged = Math.min(this.#unchanged, unchanged);
    dedup.resetTouched();
    return true;
  }

  /** De-duplicated entries sorted by time, as a full read in sorted path order gives them. */
  entries(): SortedEntries {
    return this.#sorted;
  }

  /**
   * How many leading entries of `entries()` are the same as when this was last called (so
   * block drafts before them can be kept); resets the count.
   */
  takeUnchanged(): number {
    const unchanged = this.#unchanged;
    this.#unchanged = this.#sorted.length;
    return unchanged;
  }

  /** Lines that contained `"usage":{` but were rejected. */
  skippedLines(): number {
    let skipped = 0;
    for (const state of this.#files.values()) skipped += state.skipped + state.partialSkipped;
    return skipped;
  }

  /** Files the last refresh skipped because they could not be read, in path order. */
  unreadableFiles(): string[] {
    return [...this.#unreadable].sort();
  }

  /** Number of files currently tracked. */
  fileCount(): number {
    return this.#files.size;
  }

  /**
   * Each tracked file's size, mtime and identity as last read, in path order: the stat
   * signature under which `entries()` is what a full read gives (for the reader summary).
   */
  fileStats(): { path: string; size: number; mtimeMs: number | null; ino: number | null }[] {
    const stats = [];
    for (const path of this.#order) {
      const state = this.#files.get(path);
      if (state !== undefined) {
        stats.push({ path, size: state.size, mtimeMs: state.mtimeMs, ino: state.ino });
      }
    }
    return stats;
  }

  /** Starts parse workers when enough whole files are to be read; null when not worth it or not possible. */
  #startWorkers(plans: readonly ReadPlan[]): ParseWorkers | null {
    if (this.#workers <= 0) return null;
    let bytes = 0;
    for (const plan of plans) if (!plan.append) bytes += plan.size;
    if (bytes < PARALLEL_MIN_BYTES) return null;
    try {
      return new ParseWorkers(this.#workers);
    } catch {
      return null;
    }
  }

  #stateFromWorker(response: ParseResponse): FileState {
    const { scanned } = response;
    return new FileState({
      path: "",
      size: response.size,
      mtimeMs: null,
      ino: null,
      offset: scanned.offset,
      tail: latin1(scanned.tail),
      restored: null,
      columns: EntryColumns.fromParts(
        this.#models,
        response.parts,
        response.names,
        response.rows?.from,
        response.rows?.length,
      ),
      skipped: scanned.skipped,
      partialRows: scanned.partialRows,
      partialSkipped: scanned.partialSkipped,
    });
  }

  /** Records a file's new state; a new file gets an id and its rows count as appended. */
  #store(plan: ReadPlan, state: FileState): void {
    if (this.#unreadable.has(plan.path)) return;
    state.mtimeMs = plan.mtimeMs;
    state.ino = plan.ino;
    state.path = plan.previous?.path ?? plan.path;
    if (plan.previous === undefined && state.id === -1) {
      state.id = this.#columnsById.length;
      this.#columnsById.push(state.columns);
      this.#pathsById.push(plan.path);
      this.#appended.push({ id: state.id, from: 0 });
    } else if (plan.previous !== undefined && state.columns !== plan.previous.columns) {
      this.#needsRebuild = true;
    }
    this.#files.set(plan.path, state);
  }

  /**
   * Parses plan `index`'s chunks into `state`: complete lines, then the unterminated rest. With
   * `tail`, the stream starts with the bytes last seen before `state.offset`; null when they
   * differ (the file was replaced; its remaining chunks are skipped).
   */
  async #readStream(
    ahead: ReadAhead,
    index: number,
    state: FileState,
    tail: Uint8Array | null,
  ): Promise<FileState | null> {
    // The unterminated line so far, as the chunks it spans: joined only once it ends, and only
    // when it can hold usage (joining at every chunk made one long line quadratic).
    const carry = new LineCarry();
    let pendingTail = tail ?? new Uint8Array(0);
    if (tail === null) {
      // A whole file is parsed into the reused scratch (callers pass fresh empty columns).
      this.#scratch.truncate(0);
      state.columns = this.#scratch;
    }
    for (;;) {
      let chunk = await ahead.next(index);
      if (chunk === null) break;
      if (pendingTail.length > 0) {
        const compared = Math.min(pendingTail.length, chunk.length);
        if (!bytesEqual(chunk.subarray(0, compared), pendingTail.subarray(0, compared))) {
          while (await ahead.next(index) !== null) {
            // Drain the rest of this file's chunks so the next file's come in order.
          }
          return null;
        }
        pendingTail = pendingTail.subarray(compared);
        chunk = chunk.subarray(compared);
      }
      if (chunk.length === 0) continue;
      const chunkNewline = chunk.lastIndexOf(NEWLINE);
      if (chunkNewline === -1) {
        carry.push(chunk);
        continue;
      }
      const carried = carry.length;
      const bytes = carry.join(chunk);
      const lastNewline = bytes.length - chunk.length + chunkNewline;
      this.#scanLines(bytes, lastNewline + 1, state);
      state.offset += carried + chunkNewline + 1;
      state.tail = latin1(
        bytes.subarray(Math.max(0, lastNewline + 1 - TAIL_BYTES), lastNewline + 1),
      );
      state.restored = null;
      carry.push(chunk.subarray(chunkNewline + 1));
    }
    if (pendingTail.length > 0) return null;
    state.size = state.offset + carry.length;
    if (carry.length > 0) {
      // A full read parses an unterminated last line too; keep it apart until it completes.
      const before = state.columns.length;
      const skippedBefore = state.skipped;
      const rest = carry.join(new Uint8Array(0));
      this.#scanLines(rest, rest.length, state);
      state.partialRows = state.columns.length - before;
      state.partialSkipped = state.skipped - skippedBefore;
      state.skipped = skippedBefore;
    }
    // A file read whole shares a slab with other small files; one appended to keeps its own
    // buffer (parking it again at every append would leave its old rows unused each time).
    const parked = tail === null ? state.columns.takeParked() : null;
    if (parked !== null) {
      state.columns = parked;
    } else {
      // A large file keeps the scratch's buffer as its own: the next file gets a new scratch.
      if (state.columns === this.#scratch) this.#scratch = new EntryColumns(this.#models);
      state.columns.compact();
    }
    return state;
  }

  #scanLines(bytes: Uint8Array, end: number, state: FileState): void {
    state.skipped += scanLines(bytes, end, state.columns, this.#prices);
  }
}

/**
 * The bytes of an unterminated line, kept as the chunks it spans. `join` returns them followed
 * by the next chunk and forgets them; a line without the usage marker is not joined at all (only
 * its length is kept), since no check needs it.
 */
class LineCarry {
  #parts: Uint8Array[] = [];
  /** Total bytes carried, including those of a dropped marker-less line. */
  length = 0;
  #hasMarker = false;
  /** The last bytes seen, to find a marker split across two chunks. */
  #edge: Uint8Array = new Uint8Array(0);

  push(part: Uint8Array): void {
    if (part.length === 0) return;
    this.length += part.length;
    if (!this.#hasMarker) {
      this.#hasMarker = hasUsageMarker(concat(this.#edge, part.subarray(0, MARKER_EDGE))) ||
        hasUsageMarker(part);
      // The last bytes of the whole carried line (parts can be shorter than the marker).
      const edge = part.length >= MARKER_EDGE ? part : concat(this.#edge, part);
      this.#edge = edge.slice(Math.max(0, edge.length - MARKER_EDGE));
    }
    // A copy: the chunk's buffer is reused for a later read.
    this.#parts.push(part.slice());
  }

  /** The carried line (when it may hold usage) followed by `next`; the carry is emptied. */
  join(next: Uint8Array): Uint8Array {
    const parts = this.#parts;
    const newline = next.indexOf(NEWLINE);
    const head = next.subarray(0, newline === -1 ? next.length : newline + 1);
    const needed = this.#hasMarker || hasUsageMarker(concat(this.#edge, head));
    this.#parts = [];
    this.length = 0;
    this.#hasMarker = false;
    this.#edge = new Uint8Array(0);
    // Without the marker the carried head of the line is not needed: `next` starts mid-line
    // and the scan skips that piece like any line without usage.
    if (parts.length === 0 || !needed) return next;
    let total = next.length;
    for (const part of parts) total += part.length;
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    joined.set(next, offset);
    return joined;
  }
}

/** Longest stretch of reading and parsing between two turns of the event loop. */
const YIELD_EVERY_MS = 20;

/** Bytes on each side of a chunk boundary that can hold a split `"usage":{`. */
const MARKER_EDGE = 9;

/** One file to read this refresh: from `start` (re-reading the kept tail when appending) to `size`. */
interface ReadPlan {
  path: string;
  size: number;
  mtimeMs: number | null;
  ino: number | null;
  previous: FileState | undefined;
  /** Whether only bytes after the previous read are parsed. */
  append: boolean;
  start: number;
}

type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; error: unknown };

/**
 * Reads the chunks of several files in order, keeping the next read in flight. A file that
 * cannot be read (permission denied) ends at once, its remaining chunks skipped, and its path is
 * added to `unreadable`. When a file's first read starts, `whole(plan)` may ask for the file in
 * one piece, in a buffer of its own (for a worker: no copy, nothing to join).
 */
class ReadAhead {
  readonly #fs: FileSystem;
  readonly #unreadable: Set<string>;
  readonly #plans: readonly ReadPlan[];
  readonly #chunkSize: number;
  readonly #whole: (plan: number) => boolean;
  /** Whole plans are not read here (a worker reads them): `skipWhole` passes them. */
  readonly #deferWhole: boolean;
  /** The request in flight (or next): its plan, offset and length; plan past the end when done. */
  #plan = 0;
  #offset = 0;
  #length = 0;
  #isWhole = false;
  #inflight: Promise<ReadResult> | null = null;
  /**
   * Two buffers the reads alternate between: chunk k is read into buffer k % 2 once chunk
   * k - 1 (the other one) is handed out, so chunk k - 2 must no longer be used by then. A new
   * 2 MiB buffer per read left hundreds of MB of garbage to the collector on a cold read.
   */
  readonly #buffers: (Uint8Array | undefined)[] = [undefined, undefined];
  #slot = 0;
  #bufferSize = 0;
  #lastYield = performance.now();

  constructor(
    fs: FileSystem,
    plans: readonly ReadPlan[],
    chunkSize: number,
    unreadable: Set<string>,
    whole: (plan: number) => boolean = () => false,
    deferWhole = false,
  ) {
    this.#deferWhole = deferWhole;
    this.#fs = fs;
    this.#unreadable = unreadable;
    this.#plans = plans;
    this.#chunkSize = chunkSize;
    this.#whole = whole;
    for (const { start, size } of plans) {
      // Buffers no larger than the largest read (a refresh after an append reads little).
      this.#bufferSize = Math.max(this.#bufferSize, Math.min(chunkSize, size - start));
    }
    this.#plan = -1;
    this.#advance();
  }

  /** Whether plan `plan` is being read in one piece (its chunk is then the caller's to keep). */
  isWhole(plan: number): boolean {
    return this.#plan === plan && this.#isWhole;
  }

  /** Passes plan `plan`, a whole plan left unread (`deferWhole`), and starts the next read. */
  skipWhole(plan: number): void {
    if (this.#plan === plan && this.#isWhole) this.#advance();
  }

  /**
   * The next chunk of plan `plan`, or null when it has no more. The chunk is only valid until
   * the call after next: copy what must be kept longer.
   */
  async next(plan: number): Promise<Uint8Array | null> {
    if (this.#plan !== plan || this.#inflight === null) return null;
    // Reads may complete at once (the file system answers synchronously): give timers and keys
    // a turn now and then, so the dashboard keeps ticking through a long cold read.
    if (performance.now() - this.#lastYield > YIELD_EVERY_MS) {
      // setImmediate, not setTimeout(0): the latter idles ~2 ms per turn here (10-15% of a
      // cold read at one turn per 20 ms), while an immediate still runs due timers and I/O.
      await new Promise((resolve) => setImmediate(resolve));
      this.#lastYield = performance.now();
    }
    const result = await this.#inflight;
    const path = this.#plans[plan]!.path;
    if (!result.ok && result.error instanceof Deno.errors.PermissionDenied) {
      this.#unreadable.add(path);
      this.#offset = this.#plans[plan]!.size;
    }
    this.#advance();
    if (result.ok) return result.bytes;
    if (this.#unreadable.has(path)) return null;
    throw result.error;
  }

  /** Moves to the next request (the rest of this plan, else the next plan's first) and starts it. */
  #advance(): void {
    this.#offset += this.#length;
    let plan = this.#plans[this.#plan];
    while (plan === undefined || this.#offset >= plan.size) {
      this.#plan++;
      plan = this.#plans[this.#plan];
      if (plan === undefined) {
        this.#inflight = null;
        this.#length = 0;
        return;
      }
      this.#offset = plan.start;
      this.#isWhole = plan.size > plan.start && this.#whole(this.#plan);
    }
    this.#length = this.#isWhole ? plan.size - this.#offset : Math.min(
      this.#chunkSize,
      plan.size - this.#offset,
    );
    if (this.#isWhole && this.#deferWhole) {
      this.#inflight = null;
      return;
    }
    let into: Uint8Array;
    if (this.#isWhole) {
      into = new Uint8Array(this.#length);
    } else {
      const slot = this.#slot++ % 2;
      into = this.#buffers[slot] ?? new Uint8Array(this.#bufferSize);
      this.#buffers[slot] = into;
    }
    // Failures are kept as values so a read nobody awaits yet cannot become an unhandled rejection.
    this.#inflight = this.#fs
      .readRange(plan.path, this.#offset, this.#length, into)
      .then(
        (bytes): ReadResult => ({ ok: true, bytes }),
        (error): ReadResult => ({ ok: false, error }),
      );
  }
}

/** All remaining chunks of plan `index` in one buffer (for a worker). */
async function readAll(ahead: ReadAhead, index: number, expected: number): Promise<Uint8Array> {
  if (ahead.isWhole(index)) {
    const whole = await ahead.next(index);
    return whole ?? new Uint8Array(0);
  }
  let bytes: Uint8Array = new Uint8Array(Math.max(0, expected));
  let filled = 0;
  for (;;) {
    const chunk = await ahead.next(index);
    if (chunk === null) break;
    if (filled + chunk.length > bytes.length) bytes = concat(bytes, new Uint8Array(chunk.length));
    bytes.set(chunk, filled);
    filled += chunk.length;
  }
  return filled === bytes.length ? bytes : bytes.slice(0, filled);
}

/** Empty sorted entries naming models through `models` (also the layout the cache encodes). */
export function emptySortedEntries(models: ModelNames): SortedEntries {
  return {
    length: 0,
    time: new Float64Array(0),
    input: new Float64Array(0),
    output: new Float64Array(0),
    cacheCreation: new Float64Array(0),
    cacheRead: new Float64Array(0),
    cost: new Float64Array(0),
    model: new Uint16Array(0),
    unpriced: new Uint16Array(0),
    slots: new Uint32Array(0),
    resets: new Map(),
    models,
  };
}

/** Restored sorted parts as live entries, model ids mapped from the snapshot's names to `models`. */
function restoredEntries(
  parts: SortedParts,
  names: readonly string[],
  models: ModelNames,
): SortedEntries {
  const remap = Uint16Array.from(names, (name, id) => id === 0 ? 0 : models.id(name));
  const length = parts.length;
  // Slots only matter to a de-duplicator; the first change rebuilds one (and these entries).
  // A fresh reader numbers the names as the snapshot did: its id columns are used as they are
  // (sorted entries are never written in place; every change makes new ones).
  if (remap.every((id, index) => id === index)) return identitySlots({ ...parts, models });
  const model = new Uint16Array(length);
  const unpriced = new Uint16Array(length);
  for (let index = 0; index < length; index++) {
    model[index] = remap[parts.model[index]!] ?? 0;
    unpriced[index] = remap[parts.unpriced[index]!] ?? 0;
  }
  return identitySlots({ ...parts, model, unpriced, models });
}

function emptyState(models: ModelNames): FileState {
  return new FileState({
    path: "",
    size: 0,
    mtimeMs: null,
    ino: null,
    offset: 0,
    tail: "",
    restored: null,
    columns: new EntryColumns(models),
    skipped: 0,
    partialRows: 0,
    partialSkipped: 0,
  });
}

/** A file's tail, decoded from its restored snapshot on first use. */
function tailOf(state: FileState): string {
  if (state.restored !== null) {
    state.tail = latin1(state.restored.tail);
    state.restored = null;
  }
  return state.tail;
}

/** Bytes as a string of one character per byte. */
function latin1(bytes: Uint8Array): string {
  // `apply` takes the typed array as it is; a spread walks it through an iterator (~2 µs per
  // 64-byte tail: 0.2 s over 100,000 files).
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/** The bytes of a `latin1` string. */
function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) bytes[index] = text.charCodeAt(index);
  return bytes;
}

/**
 * A file's state as a snapshot gives it: a class, not a literal with getters (those became
 * dictionary objects of ~800 bytes each). The tail and the parts are made when read (the encoder
 * reads each once; a save copying stored rows never asks for the parts).
 */
class StateSnapshot implements FileSnapshot {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number | null;
  readonly ino: number | null;
  readonly offset: number;
  readonly skipped: number;
  readonly partialRows: number;
  readonly partialSkipped: number;
  readonly rowCount?: number;
  readonly stored?: { rows: StoredRows; index: number };
  readonly tailBase64?: string;
  readonly #state: FileState;
  #parts: ColumnParts | null = null;

  /** `restored`: the snapshot file the state was restored from, while it is unchanged. */
  constructor(
    state: FileState,
    restored: FileSnapshot | null,
  ) {
    this.#state = state;
    this.path = state.path;
    this.size = state.size;
    this.mtimeMs = state.mtimeMs;
    this.ino = state.ino;
    this.offset = state.offset;
    this.skipped = state.skipped;
    this.partialRows = state.partialRows;
    this.partialSkipped = state.partialSkipped;
    if (restored?.stored !== undefined && restored.rowCount !== undefined) {
      this.stored = restored.stored;
      this.rowCount = restored.rowCount;
      if (restored.tailBase64 !== undefined) this.tailBase64 = restored.tailBase64;
    }
  }

  get parts(): ColumnParts {
    return this.#parts ??= this.#state.columns.toParts();
  }

  get tail(): Uint8Array {
    return latin1Bytes(tailOf(this.#state));
  }
}

function canAppend(previous: FileState, size: number, mtimeMs: number | null): boolean {
  // Called only when size, mtime or identity changed: the same size means rewritten, not grown.
  if (size <= previous.size) return false;
  if (mtimeMs !== null && previous.mtimeMs !== null && mtimeMs < previous.mtimeMs) return false;
  return true;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    if (a[index] !== b[index]) return false;
  }
  return true;
}
