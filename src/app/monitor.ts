/**
 * The one scheduler: refreshes data on an interval (off the render path), ticks the clock every
 * second, and per tick computes the snapshot, evaluates alerts and renders once.
 */

import { type AlertState, evaluateAlerts, parseAlertState } from "../core/alerts.ts";
import { evaluateLimitAlerts, parseAlertAt } from "../core/limit_alerts.ts";
import { limitBasis } from "../core/limit_basis.ts";
import { parseWeekStart, weeklyUsage } from "../core/weekly.ts";
import type { CaptureFile } from "../store/official_store.ts";
import { billingPeriod, periodDates } from "../core/period.ts";
import { buildSnapshot } from "../core/snapshot.ts";
import {
  activeBlock,
  recalculateTracker,
  type TrackerEvent,
  updateTracker,
} from "../core/tracker.ts";
import type {
  Block,
  Snapshot,
  SnapshotAlert,
  SnapshotBasis,
  SnapshotSource,
  SnapshotWeek,
  UsageData,
} from "../core/types.ts";
import {
  type AlertGate,
  type Clock,
  DEFAULT_LEVELS,
  type Notifier,
  type NotifyOutcome,
  type Renderer,
  type UsageSource,
} from "../ports.ts";
import type { Settings } from "../cli/settings.ts";
import type { StateFile } from "../store/state_store.ts";
import { importSeedState } from "../store/seed_import.ts";

const DAY_MS = 86_400_000;

/** The latest non-gap window that ended by `now`, for "a new window is available". */
function lastEndedWindow(
  blocks: readonly Block[],
  now: number,
): { id: string; endMs: number; tokens: number } | null {
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if (b.isGap) continue;
    const endMs = b.endTime;
    if (endMs <= now) return { id: b.id, endMs, tokens: b.totalTokens };
  }
  return null;
}

/** Persistence the monitor needs (the StateStore, or a fake). */
export interface StatePort {
  load(now: number): Promise<{ state: StateFile; warning: string | null }>;
  save(state: StateFile): Promise<void>;
}

/** Everything the monitor is wired with. */
export interface MonitorDeps {
  clock: Clock;
  source: UsageSource;
  store: StatePort;
  settings: Settings;
  renderer?: Renderer | null;
  notifier?: Notifier | null;
  /** Reads this account's statusline captures (latest and history), if any. */
  loadCaptures?: () => Promise<CaptureFile | null>;
  /** Lets several monitors of one account send each alert once. */
  alertGate?: AlertGate | null;
  /** The seed's old config, imported once into the state. */
  seed?: Record<string, unknown> | null;
  /** Where the source looks for data (for the empty state). */
  dataDirs?: string[];
  /** Rebuild stored values from the data (`--recalculate`). */
  recalculate?: boolean;
  /** Ring the terminal bell (when an alert cannot be delivered). */
  bell?: () => void;
  /** Called for warnings and tracker events (headless logging, tests). */
  onEvent?: (event: TrackerEvent | { type: "warning"; message: string }) => void;
}

/** Runs the refresh/tick loop and owns the state between them. */
export class Monitor {
  private state: StateFile | null = null;
  private alertState: AlertState = { fired: {} };
  private data: UsageData | null = null;
  private sourceStatus: SnapshotSource;
  private captures: CaptureFile | null = null;
  private basis: SnapshotBasis | undefined;
  private week: SnapshotWeek | null = null;
  private alertLog: SnapshotAlert[] = [];
  private notifications: NotifyOutcome[] = [];
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private tickTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private saving: Promise<void> = Promise.resolve();
  private recalculatePending: boolean;
  /** The next load must cover the whole history (empty state or --recalculate). */
  private fullHistoryPending: boolean;
  /** The `since` of the latest successful load; null when it read the whole history. */
  private loadedSince: number | null = null;

  /** Creates a monitor; nothing runs until `init()`/`start()`. */
  constructor(private readonly deps: MonitorDeps) {
    this.sourceStatus = {
      kind: deps.source.kind,
      ok: false,
      error: null,
      updatedAt: null,
    };
    this.recalculatePending = deps.recalculate === true;
    this.fullHistoryPending = this.recalculatePending;
  }

  /** Loads persisted state (recovering a corrupt file) and imports the seed's once. */
  async init(): Promise<void> {
    const now = this.deps.clock.now();
    const { state, warning } = await this.deps.store.load(now);
    if (warning) this.deps.onEvent?.({ type: "warning", message: warning });
    if (!state.seedImported && this.deps.seed) {
      state.tracker = importSeedState(state.tracker, this.deps.seed);
      state.seedImported = true;
    }
    this.state = state;
    // A state that never saw data (first run for this data set) learns the record window and
    // the windows seen from the whole history once.
    if (state.tracker.periodStart === null) this.fullHistoryPending = true;
    this.alertState = parseAlertState(state.alerts);
  }

  private period(now: number) {
    return billingPeriod(now, this.deps.settings.startDay, this.deps.settings.timezone);
  }

  /** Loads fresh data once; concurrent calls share one load and queue at most one more. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = this.doRefresh().finally(() => {
      this.refreshing = null;
      if (this.refreshAgain && !this.stopped) {
        this.refreshAgain = false;
        void this.refresh();
      }
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const { clock, source } = this.deps;
    const startedAt = clock.now();
    const period = this.period(startedAt);
    // A first run and --recalculate read the whole history so the record window is found
    // wherever it is; later loads need the period, and the week and the calibration the last 8
    // days even early in a period (a whole UTC day, so the reader's per-`since` activity is
    // rebuilt once a day, not on every refresh).
    const fullHistory = this.fullHistoryPending;
    const weekAgo = Math.floor((startedAt - 8 * DAY_MS) / DAY_MS) * DAY_MS;
    const since = Math.min(period.startMs, weekAgo);
    try {
      const data = await source.load(since, fullHistory ? { fullHistory } : {});
      this.data = data;
      this.loadedSince = fullHistory ? null : since;
      if (fullHistory) this.fullHistoryPending = false;
      const status: SnapshotSource = {
        kind: data.kind ?? source.kind,
        ok: true,
        error: null,
        updatedAt: clock.now(),
      };
      if (data.skippedLines !== undefined) status.skippedLines = data.skippedLines;
      if (data.files !== undefined) status.files = data.files;
      if (data.unpricedModels !== undefined) status.unpricedModels = data.unpricedModels;
      if (data.unreadableFiles !== undefined && data.unreadableFiles.length > 0) {
        status.unreadableFiles = data.unreadableFiles;
      }
      if (data.fallbackReason !== undefined) status.fallbackReason = data.fallbackReason;
      this.sourceStatus = status;
    } catch (error) {
      // The last good data stays on screen; the status line shows the error.
      this.sourceStatus = {
        ...this.sourceStatus,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      };
    }
    if (this.deps.loadCaptures) {
      this.captures = await this.deps.loadCaptures().catch(() => this.captures);
    }
    if (this.data && this.state) {
      const now = clock.now();
      const p = this.period(now);
      const periodStart = periodDates(p).start;
      const before = JSON.stringify(this.state.tracker);
      if (this.recalculatePending) {
        this.state.tracker = recalculateTracker(this.data.blocks, now, p, periodStart);
        this.recalculatePending = false;
      } else {
        const { state, events } = updateTracker(
          this.state.tracker,
          this.data.blocks,
          now,
          p,
          periodStart,
        );
        this.state.tracker = state;
        for (const e of events) this.deps.onEvent?.(e);
      }
      if (JSON.stringify(this.state.tracker) !== before) await this.persist();
    }
    this.updateEstimates(clock.now());
  }

  /** Once per refresh: the estimate's basis (calibration) and the week's usage. */
  private updateEstimates(now: number): void {
    const blocks = this.data?.blocks ?? [];
    const activity = this.data?.activity ?? null;
    const s = this.deps.settings;
    let recordTokens = this.state?.tracker.maxTokens ?? 0;
    for (const b of blocks) if (!b.isGap) recordTokens = Math.max(recordTokens, b.totalTokens);
    const active = activeBlock(blocks, now);
    this.basis = limitBasis({
      captures: this.captures?.history ?? [],
      blocks,
      activity,
      tokenLimit: s.tokenLimit,
      recordTokens,
      activeModels: active?.models ?? [],
      now,
    });
    this.week = weeklyUsage({
      blocks,
      activity,
      now,
      timeZone: s.timezone,
      officialReset: this.captures?.latest.sevenDay?.resetsAt ?? null,
      weekStart: parseWeekStart(s.weekStart) ?? { weekday: 1, hour: 0, minute: 0 },
    });
  }

  private persist(): Promise<void> {
    // One save at a time, each writing the state as it is when its turn comes: two writes in
    // flight could otherwise land out of order and leave an older state on disk.
    this.saving = this.saving.then(async () => {
      if (!this.state) return;
      this.state.alerts = this.alertState;
      try {
        await this.deps.store.save(this.state);
      } catch (error) {
        this.deps.onEvent?.({
          type: "warning",
          message: `Cannot save state: ${(error as Error).message}`,
        });
      }
    });
    return this.saving;
  }

  /** The snapshot at `now` from the latest data. */
  snapshot(now = this.deps.clock.now()): Snapshot {
    const tracker = this.state?.tracker;
    if (!tracker) throw new Error("Monitor.init() was not called");
    const s = this.deps.settings;
    return buildSnapshot({
      now,
      timezone: s.timezone,
      blocks: this.data?.blocks ?? [],
      period: this.period(now),
      tracker,
      source: this.sourceStatus,
      sessionsLimit: s.sessions,
      tokenLimit: s.tokenLimit,
      official: this.captures?.latest ?? null,
      alerts: [...this.alertLog],
      ...(this.basis ? { basis: this.basis } : {}),
      activity: this.data?.activity ?? null,
      week: this.week,
    });
  }

  /**
   * Where the latest successful load started: null when it read the whole history, else the
   * instant before which the source was not asked (so "no usage" means "none since then").
   */
  historySince(): number | null {
    return this.loadedSince;
  }

  /** The latest blocks (empty before the first successful load). */
  blocks(): Block[] {
    return this.data?.blocks ?? [];
  }

  /** One tick: snapshot, alerts, one render. Returns the snapshot. */
  tick(): Snapshot {
    const now = this.deps.clock.now();
    let snap = this.snapshot(now);
    const s = this.deps.settings;
    const windowAlerts = evaluateAlerts(snap.window, this.alertState, now, {
      alertBefore: s.alertBefore,
      idleAfter: s.idleAfter,
      timeZone: s.timezone,
    });
    const limitAlerts = evaluateLimitAlerts(
      {
        official: snap.official,
        estimate: snap.estimate ?? null,
        window: snap.window,
        lastEndedWindow: lastEndedWindow(this.blocks(), now),
        thresholds: parseAlertAt(s.alertAt),
        timeZone: s.timezone,
      },
      windowAlerts.state,
      now,
    );
    const state = limitAlerts.state;
    const fired = [...windowAlerts.fired, ...limitAlerts.fired];
    const keys = [...windowAlerts.keys, ...limitAlerts.keys];
    const changed = JSON.stringify(state) !== JSON.stringify(this.alertState);
    this.alertState = state;
    if (fired.length > 0) {
      this.alertLog.push(...fired);
      if (this.alertLog.length > 50) this.alertLog.splice(0, this.alertLog.length - 50);
      fired.forEach((alert, i) => {
        const key = keys[i] ?? `${alert.kind}:${alert.windowId}`;
        void this.deliver(alert, key, state.fired[key] ?? now + DAY_MS);
      });
      snap = { ...snap, alerts: [...this.alertLog] };
    }
    if (changed || fired.length > 0) void this.persist();
    this.deps.renderer?.render({
      snapshot: snap,
      blocks: this.blocks(),
      activity: this.data?.activity ?? null,
      now,
      notifierBackend: s.notify ? (this.deps.notifier?.backend ?? null) : null,
      alertLog: [...this.alertLog],
      dataDirs: this.deps.dataDirs ?? [],
      settings: {
        timeZone: s.timezone,
        alertBefore: s.alertBefore,
        idleAfter: s.idleAfter,
        tokenLimit: s.tokenLimit,
        sessions: s.sessions,
        color: s.color,
        levels: DEFAULT_LEVELS,
      },
      notifications: [...this.notifications],
    });
    return snap;
  }

  private async deliver(alert: SnapshotAlert, key: string, until: number): Promise<void> {
    // Another monitor of this account already sent it: once, however many monitors run.
    const gate = this.deps.alertGate;
    if (gate && !(await gate.claim(key, until).catch(() => true))) return;
    const notifier = this.deps.settings.notify ? this.deps.notifier : null;
    if (!notifier || notifier.backend === null) {
      this.deps.bell?.();
      return;
    }
    const result = await notifier.notify(alert.title, alert.body).catch((error) => ({
      ok: false,
      tried: [],
      error: (error as Error).message,
    }));
    const error = result.ok
      ? null
      : (result.error ?? `Cannot send notification: tried ${result.tried.join(", ")}`);
    // Kept for the frames that follow, so the dashboard shows a failure while it runs.
    this.notifications.push({ at: this.deps.clock.now(), title: alert.title, error });
    if (this.notifications.length > 20) this.notifications.shift();
    if (error !== null) {
      this.deps.bell?.();
      this.deps.onEvent?.({ type: "warning", message: error });
    }
  }

  /**
   * Starts the loop: a refresh now and every `refresh` seconds, a tick on each second. With
   * `drawBeforeData` the first frame is drawn before the first refresh completes.
   */
  async start(options: { drawBeforeData?: boolean } = {}): Promise<void> {
    if (options.drawBeforeData) {
      // The dashboard shows its frame (clock, period, "loading") at once; a cold read of a
      // large history takes seconds and must not hold the screen blank.
      this.tick();
      void this.refresh().then(() => {
        if (!this.stopped) this.tick();
      });
    } else {
      await this.refresh();
      this.tick();
    }
    const refreshMs = this.deps.settings.refresh * 1000;
    const scheduleRefresh = () => {
      if (this.stopped) return;
      this.refreshTimer = setTimeout(() => {
        void this.refresh().then(() => {
          if (!this.stopped) this.tick();
          scheduleRefresh();
        });
      }, refreshMs);
    };
    const scheduleTick = () => {
      if (this.stopped) return;
      // Align to the next wall-clock second so the clock and countdowns change together.
      const delay = 1000 - (this.deps.clock.now() % 1000) + 5;
      this.tickTimer = setTimeout(() => {
        try {
          this.tick();
        } finally {
          scheduleTick();
        }
      }, delay);
    };
    scheduleRefresh();
    scheduleTick();
  }

  /** Sets the renderer (the TUI is created after the monitor, since its keys call back). */
  setRenderer(renderer: Renderer | null): void {
    this.deps.renderer = renderer;
  }

  /** Refreshes now (the `r` key) and renders the result. */
  refreshNow(): void {
    void this.refresh().then(() => {
      if (!this.stopped) this.tick();
    });
  }

  /** Stops the timers and waits for a refresh in flight; saves state. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.refreshTimer);
    clearTimeout(this.tickTimer);
    await this.refreshing?.catch(() => {});
    // The native source saves its reader cache here; a failure must not keep the state unsaved.
    await Promise.resolve(this.deps.source.close?.()).catch(() => {});
    await this.persist();
  }
}
