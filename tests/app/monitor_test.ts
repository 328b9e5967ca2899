import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { Monitor, type MonitorDeps, type StatePort } from "../../src/app/monitor.ts";
import { resolveSettings } from "../../src/cli/settings.ts";
import { emptyState, type StateFile } from "../../src/store/state_store.ts";
import { SourceError } from "../../src/sources/source_error.ts";
import {
  DEFAULT_LEVELS,
  type Frame,
  type LoadOptions,
  type Notifier,
  type NotifyResult,
  type UsageSource,
} from "../../src/ports.ts";
import type { Block, UsageData } from "../../src/core/types.ts";
import { makeBlock } from "../support/blocks.ts";

const settings = resolveSettings({
  flags: { startDay: "15", timezone: "UTC" },
  env: {},
  file: {},
  fileName: "test",
  systemTimeZone: "UTC",
}).settings;

class MemoryState implements StatePort {
  saved: StateFile[] = [];
  constructor(private initial: StateFile = emptyState()) {}
  load() {
    return Promise.resolve({ state: structuredClone(this.initial), warning: null });
  }
  save(state: StateFile) {
    this.saved.push(structuredClone(state));
    this.initial = structuredClone(state);
    return Promise.resolve();
  }
}

class ScriptedSource implements UsageSource {
  readonly kind = "native" as const;
  loads = 0;
  constructor(public next: () => Promise<UsageData>) {}
  load(): Promise<UsageData> {
    this.loads++;
    return this.next();
  }
}

class RecordingNotifier implements Notifier {
  sent: [string, string][] = [];
  constructor(readonly backend: string | null, private ok = true) {}
  notify(title: string, body: string): Promise<NotifyResult> {
    this.sent.push([title, body]);
    return Promise.resolve({ ok: this.ok, tried: ["notify-send"], error: "boom" });
  }
}

function setup(blocks: Block[], nowIso: string, extra: Partial<MonitorDeps> = {}) {
  let now = Date.parse(nowIso);
  const frames: Frame[] = [];
  const source = new ScriptedSource(() => Promise.resolve({ blocks }));
  const store = new MemoryState();
  const notifier = new RecordingNotifier("notify-send");
  let bells = 0;
  const deps: MonitorDeps = {
    clock: { now: () => now },
    source,
    store,
    settings,
    notifier,
    renderer: { render: (f) => frames.push(f), destroy: () => {} },
    bell: () => bells++,
    ...extra,
  };
  const monitor = new Monitor(deps);
  return {
    monitor,
    source,
    store,
    notifier,
    frames,
    bells: () => bells,
    advance: (ms: number) => (now += ms),
  };
}

// A window 08:00-13:00 whose last entry was at 12:00.
const windowBlock = makeBlock("2026-11-25T08:00:00Z", { tokens: 5000, lastMinutes: 240 });

Deno.test("Monitor renders one frame per tick with the snapshot at the clock's time", async () => {
  const t = setup([windowBlock], "2026-11-25T10:00:00Z");
  await t.monitor.init();
  await t.monitor.refresh();
  t.monitor.tick();
  t.advance(1000);
  t.monitor.tick();
  equal(t.frames.length, 2);
  equal(t.frames[1]!.now - t.frames[0]!.now, 1000);
  equal(t.frames[0]!.snapshot.window?.minutesLeft, 180);
  equal(t.frames[0]!.snapshot.source.ok, true);
  equal(t.source.loads, 1, "ticks do not read data");
});

Deno.test("Monitor keeps the last good data on screen when a refresh fails", async () => {
  const t = setup([windowBlock], "2026-11-25T10:00:00Z");
  await t.monitor.init();
  await t.monitor.refresh();
  t.source.next = () => Promise.reject(new SourceError("timeout", "ccusage did not finish"));
  await t.monitor.refresh();
  const snap = t.monitor.tick();
  equal(snap.source.ok, false);
  equal(snap.source.error, "ccusage did not finish");
  equal(snap.window?.tokens.total, 5000);
});

Deno.test("Monitor shares one load between overlapping refreshes and queues one more", async () => {
  let release: () => void = () => {};
  const t = setup([windowBlock], "2026-11-25T10:00:00Z");
  t.source.next = () =>
    new Promise((resolve) => (release = () => resolve({ blocks: [windowBlock] })));
  await t.monitor.init();
  const a = t.monitor.refresh();
  const b = t.monitor.refresh();
  const c = t.monitor.refresh();
  equal(t.source.loads, 1);
  release();
  await Promise.all([a, b, c]);
  await new Promise((r) => setTimeout(r, 0));
  equal(t.source.loads, 2, "one queued refresh runs after the first");
  release();
  await t.monitor.stop();
});

Deno.test("Monitor sends the window-ending alert once, persists it, and a restart stays quiet", async () => {
  const t = setup([windowBlock], "2026-11-25T12:31:00Z");
  await t.monitor.init();
  await t.monitor.refresh();
  t.monitor.tick();
  t.advance(1000);
  t.monitor.tick();
  await new Promise((r) => setTimeout(r, 0));
  const titles = t.notifier.sent.map(([title]) => title);
  deepStrictEqual(titles, ["Claude window ends in 29 min", "Claude window idle for 31 min"]);
  equal(t.frames.at(-1)!.alertLog.length, 2);
  const persisted = t.store.saved.at(-1)!;
  ok(JSON.stringify(persisted.alerts).includes("window-ending:2026-11-25T08:00:00.000Z"));

  const restarted = setup([windowBlock], "2026-11-25T12:32:00Z", { store: t.store });
  await restarted.monitor.init();
  await restarted.monitor.refresh();
  restarted.monitor.tick();
  await new Promise((r) => setTimeout(r, 0));
  deepStrictEqual(restarted.notifier.sent, []);
});

Deno.test("Monitor rings the bell when no notifier exists or delivery fails", async () => {
  const none = setup([windowBlock], "2026-11-25T12:31:00Z", {
    notifier: new RecordingNotifier(null),
  });
  await none.monitor.init();
  await none.monitor.refresh();
  none.monitor.tick();
  await new Promise((r) => setTimeout(r, 0));
  equal(none.bells(), 2);

  const warnings: string[] = [];
  const failing = setup([windowBlock], "2026-11-25T12:31:00Z", {
    notifier: new RecordingNotifier("notify-send", false),
    onEvent: (e) => e.type === "warning" && warnings.push(e.message),
  });
  await failing.monitor.init();
  await failing.monitor.refresh();
  failing.monitor.tick();
  await new Promise((r) => setTimeout(r, 0));
  equal(failing.bells(), 2);
  match(warnings[0]!, /boom/);
});

Deno.test("Monitor puts failed notifications in the next frames, with the settings", async () => {
  const failing = setup([windowBlock], "2026-11-25T12:31:00Z", {
    notifier: new RecordingNotifier("notify-send", false),
  });
  await failing.monitor.init();
  await failing.monitor.refresh();
  failing.monitor.tick();
  equal(failing.frames.at(-1)!.notifications.length, 0);
  await new Promise((r) => setTimeout(r, 0));
  failing.monitor.tick();
  const frame = failing.frames.at(-1)!;
  // Both alerts (window ending and idle) failed, each with the notifier's reason.
  deepStrictEqual(frame.notifications.map((n) => n.error), ["boom", "boom"]);
  deepStrictEqual(frame.notifications.map((n) => n.title), frame.alertLog.map((a) => a.title));
  deepStrictEqual(frame.settings, {
    timeZone: settings.timezone,
    alertBefore: settings.alertBefore,
    idleAfter: settings.idleAfter,
    tokenLimit: settings.tokenLimit,
    sessions: settings.sessions,
    color: settings.color,
    levels: DEFAULT_LEVELS,
  });

  const working = setup([windowBlock], "2026-11-25T12:31:00Z");
  await working.monitor.init();
  await working.monitor.refresh();
  working.monitor.tick();
  await new Promise((r) => setTimeout(r, 0));
  working.monitor.tick();
  deepStrictEqual(working.frames.at(-1)!.notifications.map((n) => n.error), [null, null]);
});

Deno.test("Monitor with --no-notify shows alerts but sends nothing", async () => {
  const quiet = { ...settings, notify: false };
  const t = setup([windowBlock], "2026-11-25T12:31:00Z", { settings: quiet });
  await t.monitor.init();
  await t.monitor.refresh();
  t.monitor.tick();
  await new Promise((r) => setTimeout(r, 0));
  deepStrictEqual(t.notifier.sent, []);
  equal(t.frames[0]!.alertLog.length, 2);
  equal(t.frames[0]!.notifierBackend, null);
});

Deno.test("Monitor imports the seed's record once", async () => {
  const store = new MemoryState();
  const seed = { max_tokens: 2_000_000, processed_sessions: [] };
  const t = setup([windowBlock], "2026-11-25T10:00:00Z", { store, seed });
  await t.monitor.init();
  await t.monitor.refresh();
  equal(t.monitor.tick().period.maxTokens, 2_000_000);
  equal(store.saved.at(-1)!.seedImported, true);
  const again = setup([windowBlock], "2026-11-25T10:00:00Z", {
    store,
    seed: { max_tokens: 9_000_000 },
  });
  await again.monitor.init();
  await again.monitor.refresh();
  equal(again.monitor.tick().period.maxTokens, 2_000_000, "not imported twice");
});

Deno.test("Monitor saves one state at a time, the last save holding the latest state", async () => {
  const order: string[] = [];
  let releaseFirst: () => void = () => {};
  const store: StatePort = {
    load: () => Promise.resolve({ state: emptyState(), warning: null }),
    save: (state) => {
      const fired = Object.keys((state.alerts as { fired: object } | null)?.fired ?? {}).length;
      order.push(`start ${fired}`);
      if (order.length === 1) {
        return new Promise<void>((resolve) => (releaseFirst = () => {
          order.push(`end ${fired}`);
          resolve();
        }));
      }
      order.push(`end ${fired}`);
      return Promise.resolve();
    },
  };
  const t = setup([windowBlock], "2026-11-25T12:31:00Z", { store });
  await t.monitor.init();
  const refreshed = t.monitor.refresh(); // its save (the tracker changed) is held open
  await new Promise((r) => setTimeout(r, 0));
  t.monitor.tick(); // alerts fire: their save must wait for the first
  await new Promise((r) => setTimeout(r, 0));
  deepStrictEqual(order, ["start 0"]);
  releaseFirst();
  await refreshed;
  await t.monitor.stop();
  equal(order[1], "end 0");
  equal(order.at(-1), "end 2");
});

/** A source that records what each load asked for. */
class RecordingSource implements UsageSource {
  readonly kind = "ccusage" as const;
  calls: { since: number; fullHistory: boolean }[] = [];
  fail = false;
  constructor(private blocks: Block[]) {}
  load(since: number, options?: LoadOptions): Promise<UsageData> {
    this.calls.push({ since, fullHistory: options?.fullHistory === true });
    if (this.fail) return Promise.reject(new SourceError("exit", "ccusage exited with code 1"));
    return Promise.resolve({ blocks: this.blocks });
  }
}

Deno.test("Monitor loads the whole history once on a first run, then the period only", async () => {
  const source = new RecordingSource([windowBlock]);
  const store = new MemoryState();
  const t = setup([], "2026-11-25T10:00:00Z", { source, store });
  await t.monitor.init();
  source.fail = true;
  await t.monitor.refresh();
  source.fail = false;
  await t.monitor.refresh();
  await t.monitor.refresh();
  const periodStart = Date.parse("2026-11-15T00:00:00Z");
  deepStrictEqual(source.calls, [
    // A failed full load is tried again.
    { since: periodStart, fullHistory: true },
    { since: periodStart, fullHistory: true },
    { since: periodStart, fullHistory: false },
  ]);
  // The next run starts from a state that has seen data: the period is enough.
  const next = new RecordingSource([windowBlock]);
  const again = setup([], "2026-11-25T10:05:00Z", { source: next, store });
  await again.monitor.init();
  await again.monitor.refresh();
  deepStrictEqual(next.calls, [{ since: periodStart, fullHistory: false }]);
  // --recalculate reads the whole history again.
  const recalc = new RecordingSource([windowBlock]);
  const third = setup([], "2026-11-25T10:10:00Z", { source: recalc, store, recalculate: true });
  await third.monitor.init();
  await third.monitor.refresh();
  await third.monitor.refresh();
  deepStrictEqual(recalc.calls.map((c) => c.fullHistory), [true, false]);
});
