/** The small ports through which the pure core meets the outside world; adapters implement them. */

import type {
  ActivityPoint,
  Block,
  Snapshot,
  SnapshotAlert,
  SourceKind,
  UsageData,
} from "./core/types.ts";

/** A source of the current time in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** Options for one command run. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Kill the process after this many milliseconds. */
  timeoutMs?: number;
}

/** The outcome of one command run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a program with explicit argv (never a shell); throws `Deno.errors.NotFound` when it is missing. */
export interface CommandRunner {
  run(command: string, args: string[], options?: RunOptions): Promise<RunResult>;
}

/** Metadata of one directory entry. */
export interface DirEntryInfo {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymlink: boolean;
}

/** Metadata of one file. */
export interface FileStat {
  size: number;
  /** Epoch milliseconds, or null when the platform gives none. */
  mtimeMs: number | null;
  /** Inode number (file identity) when the platform gives one: a new one means a new file. */
  ino?: number | null;
}

/** Read-only file system access for the native reader (tests count calls through a fake). */
export interface FileSystem {
  readDir(path: string): Promise<DirEntryInfo[]>;
  /**
   * The same listing, synchronously, where the platform has it: a walk over hundreds of folders
   * then makes no promise per folder.
   */
  readDirSync?(path: string): DirEntryInfo[];
  stat(path: string): Promise<FileStat>;
  /** The same stat, synchronously, where the platform has it (thousands per scan). */
  statSync?(path: string): FileStat;
  /**
   * Reads `length` bytes from `offset` (fewer at end of file). With `into` (at least `length`
   * bytes), an implementation may read into it and return a view of it instead of a new buffer.
   */
  readRange(path: string, offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
  /**
   * True when paths name files on this machine that a parse worker may read itself with
   * Deno's file APIs (saves this thread the read); absent for in-memory file systems.
   */
  readonly workerReadable?: boolean;
  /** Told how many bytes a worker read itself (so a wrapper that counts reads sees them). */
  readByWorker?(length: number): void;
}

/** The outcome of one notification attempt. */
export interface NotifyResult {
  ok: boolean;
  /** Human-readable commands tried, for error messages. */
  tried: string[];
  /** The backend that delivered it (a fallback when the preferred one failed). */
  deliveredBy?: string;
  error?: string;
}

/** Sends a desktop notification. `backend` names what is used, or null when none exists. */
export interface Notifier {
  readonly backend: string | null;
  notify(title: string, body: string): Promise<NotifyResult>;
}

/** How much history one load must cover. */
export interface LoadOptions {
  /**
   * Every block of the history, whatever `since` says: the state is empty (first run) or being
   * rebuilt (`--recalculate`), so the record window must be found wherever it is.
   */
  fullHistory?: boolean;
  /** The caller never reads `activity` (`blocks`): a source may skip what only it needs. */
  withoutActivity?: boolean;
}

/** Loads usage blocks; throws a `SourceError` on failure. */
export interface UsageSource {
  readonly kind: SourceKind;
  /** `since` is epoch ms: data older than this may be skipped (unless `fullHistory`). */
  load(since: number, options?: LoadOptions): Promise<UsageData>;
  /** Releases what the source holds open (file watchers), if anything. */
  close?(): void | Promise<void>;
}

/** The outcome of one notification attempt in this run. */
export interface NotifyOutcome {
  /** Epoch milliseconds of the attempt. */
  at: number;
  /** Title of the alert. */
  title: string;
  /** Why it did not go out (the notifier's error, or the commands it tried); null when it did. */
  error: string | null;
}

/** The settings the screen shows or depends on; they travel with each frame. */
export interface FrameSettings {
  /** IANA zone of every clock time shown. */
  timeZone: string;
  /** Minutes before a window's end that the "window ending" alert fires (`--alert-before`). */
  alertBefore: number;
  /** Minutes without activity before the idle alert fires (`--idle-after`). */
  idleAfter: number;
  /** A configured token limit per window (`--token-limit`), or null for the record window. */
  tokenLimit: number | null;
  /** Windows per billing period (`--sessions`). */
  sessions: number;
  /** Whether colours are on (off with `--no-color` or NO_COLOR). */
  color: boolean;
  /** Percentages from which gauges and numbers turn yellow (`warn`) and red (`alert`). */
  levels: ColourLevels;
}

/** Where colour levels start, in percent. */
export interface ColourLevels {
  warn: number;
  alert: number;
}

/** Yellow from 70 %, red from 90 %. */
export const DEFAULT_LEVELS: ColourLevels = { warn: 70, alert: 90 };

/** Everything one rendered frame needs; built by the scheduler once per tick. */
export interface Frame {
  snapshot: Snapshot;
  /** All blocks the source returned (for history tables and sparklines). */
  blocks: Block[];
  /** Per-entry activity when the source knows it, else null. */
  activity: ActivityPoint[] | null;
  /** Epoch milliseconds of this frame. */
  now: number;
  /** The notification backend in use, or null when none exists. */
  notifierBackend: string | null;
  /** Alerts fired in this run, newest last. */
  alertLog: SnapshotAlert[];
  /** Where the source looked for data (for the empty state), if known. */
  dataDirs: string[];
  /** The settings in effect. */
  settings: FrameSettings;
  /** Notification attempts of this run, oldest first; the last one says whether notifying works. */
  notifications: NotifyOutcome[];
}

/** Draws frames; the TUI implements it. Only `src/ui/` imports blessed. */
export interface Renderer {
  render(frame: Frame): void;
  destroy(): void;
}

/**
 * Lets several monitors of one account send each alert once: the first to claim a key sends it.
 * `until` (epoch ms) is when the key may be forgotten.
 */
export interface AlertGate {
  claim(key: string, until: number): Promise<boolean>;
}
