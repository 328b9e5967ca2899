import { deepStrictEqual, strictEqual } from "node:assert/strict";
import {
  type AlertSettings,
  type AlertState,
  DEFAULT_ALERT_SETTINGS,
  emptyAlertState,
  evaluateAlerts,
  parseAlertState,
} from "./alerts.ts";
import type { SnapshotAlert, SnapshotWindow } from "./types.ts";

const MIN = 60_000;
const START = Date.parse("2026-11-25T08:00:00.000Z");
const END = START + 5 * 60 * MIN;
const SETTINGS: AlertSettings = { ...DEFAULT_ALERT_SETTINGS, timeZone: "Europe/Warsaw" };

function windowAt(now: number, lastActivity: number | null = now): SnapshotWindow {
  return {
    id: new Date(START).toISOString(),
    startTime: START,
    endTime: END,
    lastActivity: lastActivity === null ? null : lastActivity,
    minutesLeft: Math.round((END - now) / MIN),
    idleMinutes: lastActivity === null ? 0 : Math.floor((now - lastActivity) / MIN),
    tokens: {
      input: 2_000,
      output: 10_345,
      cacheCreation: 100_000,
      cacheRead: 700_000,
      total: 812_345,
    },
    costUSD: 4.123,
    models: ["claude-opus-4-5-20251101"],
    percentOfMax: 45.1,
    burnRate: null,
    projection: null,
  };
}

/** Runs the rules at each time in turn, as the scheduler would, and collects what fired. */
function run(
  steps: { now: number; window: SnapshotWindow | null }[],
  state: AlertState = emptyAlertState(),
): { fired: { now: number; alert: SnapshotAlert }[]; state: AlertState } {
  const fired: { now: number; alert: SnapshotAlert }[] = [];
  for (const step of steps) {
    const result = evaluateAlerts(step.window, state, step.now, SETTINGS);
    for (const alert of result.fired) fired.push({ now: step.now, alert });
    state = result.state;
  }
  return { fired, state };
}

/** A window with activity a minute ago, seen every 30 s over [from, to]. */
function busySteps(from: number, to: number) {
  const steps = [];
  for (let now = from; now <= to; now += MIN / 2) {
    steps.push({ now, window: windowAt(now, now - MIN) });
  }
  return steps;
}

Deno.test("evaluateAlerts() fires the window-ending alert exactly once, at 30 minutes left", () => {
  const { fired } = run(busySteps(END - 45 * MIN, END - MIN / 2));
  deepStrictEqual(fired.map((f) => [f.alert.kind, END - f.now]), [["window-ending", 30 * MIN]]);
});

Deno.test("evaluateAlerts() does not fire the window-ending alert at 30 minutes and 1 ms left", () => {
  const now = END - 30 * MIN - 1;
  deepStrictEqual(evaluateAlerts(windowAt(now), emptyAlertState(), now, SETTINGS).fired, []);
});

Deno.test("evaluateAlerts() fires at start-up when 12 minutes are left", () => {
  const now = END - 12 * MIN;
  const { fired } = evaluateAlerts(windowAt(now), emptyAlertState(), now, SETTINGS);
  deepStrictEqual(fired, [{
    kind: "window-ending",
    windowId: "2026-11-25T08:00:00.000Z",
    at: Date.parse("2026-11-25T12:48:00.000Z"),
    title: "Claude window ends in 12 min",
    // 13:00 UTC is 14:00 in Warsaw in November (CET).
    body: "Resets at 14:00 (local). 812.3k tokens used, $4.12",
  }]);
});

Deno.test("evaluateAlerts() fires nothing when minutes left is 0", () => {
  deepStrictEqual(evaluateAlerts(windowAt(END, END - 20 * MIN), emptyAlertState(), END, SETTINGS), {
    fired: [],
    state: { fired: {} },
  });
});

Deno.test("evaluateAlerts() fires nothing outside a window, however idle", () => {
  const { fired } = run([
    { now: END + MIN, window: null },
    { now: END + 60 * MIN, window: null },
  ]);
  deepStrictEqual(fired, []);
});

Deno.test("evaluateAlerts() fires the idle alert once per idle spell", () => {
  const lastActivity = START + 60 * MIN;
  const steps = [];
  for (let now = lastActivity; now <= lastActivity + 40 * MIN; now += MIN / 2) {
    steps.push({ now, window: windowAt(now, lastActivity) });
  }
  const { fired } = run(steps);
  deepStrictEqual(fired.map((f) => [f.alert.kind, f.now - lastActivity]), [["idle", 10 * MIN]]);
  deepStrictEqual(fired[0]?.alert.title, "Claude window idle for 10 min");
  deepStrictEqual(
    fired[0]?.alert.body,
    "3 h 50 min left until the reset at 14:00 (local). 812.3k tokens used, $4.12",
  );
});

Deno.test("evaluateAlerts() re-arms the idle alert after new activity", () => {
  const first = START + 60 * MIN;
  const second = first + 25 * MIN;
  const steps = [];
  for (let now = first; now < second; now += MIN) steps.push({ now, window: windowAt(now, first) });
  for (let now = second; now <= second + 30 * MIN; now += MIN) {
    steps.push({ now, window: windowAt(now, second) });
  }
  const { fired } = run(steps);
  deepStrictEqual(fired.map((f) => f.now), [first + 10 * MIN, second + 10 * MIN]);
});

Deno.test("evaluateAlerts() fires the idle alert at start-up inside a long idle spell", () => {
  const now = START + 90 * MIN;
  const { fired } = evaluateAlerts(
    windowAt(now, START + 30 * MIN),
    emptyAlertState(),
    now,
    SETTINGS,
  );
  deepStrictEqual(fired.map((a) => a.title), ["Claude window idle for 1 h"]);
});

Deno.test("evaluateAlerts() fires no idle alert before the idle threshold", () => {
  const now = START + 60 * MIN;
  const window = windowAt(now, now - 10 * MIN + 1);
  deepStrictEqual(evaluateAlerts(window, emptyAlertState(), now, SETTINGS).fired, []);
});

Deno.test("evaluateAlerts() fires no idle alert when the window has no activity time", () => {
  const now = START + 60 * MIN;
  deepStrictEqual(evaluateAlerts(windowAt(now, null), emptyAlertState(), now, SETTINGS).fired, []);
});

Deno.test("evaluateAlerts() repeats nothing after a restart with state round-tripped through JSON", () => {
  const before = run(busySteps(END - 31 * MIN, END - 29 * MIN));
  deepStrictEqual(before.fired.length, 1);
  const idleSince = END - 25 * MIN;
  const idleBefore = run(
    [{ now: END - 14 * MIN, window: windowAt(END - 14 * MIN, idleSince) }],
    before.state,
  );
  deepStrictEqual(idleBefore.fired.map((f) => f.alert.kind), ["idle"]);

  const restored = parseAlertState(JSON.parse(JSON.stringify(idleBefore.state)));
  const after = run([
    { now: END - 12 * MIN, window: windowAt(END - 12 * MIN, idleSince) },
    { now: END - 5 * MIN, window: windowAt(END - 5 * MIN, idleSince) },
  ], restored);
  deepStrictEqual(after.fired, []);
});

Deno.test("evaluateAlerts() fires for the next window after the previous one ended", () => {
  const first = run([{ now: END - 10 * MIN, window: windowAt(END - 10 * MIN) }]);
  const nextStart = END + 60 * MIN;
  const next: SnapshotWindow = {
    ...windowAt(nextStart + 4.5 * 60 * MIN),
    id: new Date(nextStart).toISOString(),
    startTime: nextStart,
    endTime: nextStart + 5 * 60 * MIN,
  };
  const second = run([{ now: nextStart + 4.5 * 60 * MIN, window: next }], first.state);
  deepStrictEqual(second.fired.map((f) => f.alert.windowId), [next.id]);
});

Deno.test("evaluateAlerts() forgets fired alerts once their window has ended", () => {
  const { state } = run([{
    now: END - 20 * MIN,
    window: windowAt(END - 20 * MIN, END - 40 * MIN),
  }]);
  deepStrictEqual(Object.keys(state.fired).length, 2);
  deepStrictEqual(evaluateAlerts(null, state, END - 1, SETTINGS).state, state);
  deepStrictEqual(evaluateAlerts(null, state, END, SETTINGS).state, { fired: {} });
});

Deno.test("evaluateAlerts() does not change the state it was given", () => {
  const state = emptyAlertState();
  const now = END - 10 * MIN;
  evaluateAlerts(windowAt(now), state, now, SETTINGS);
  deepStrictEqual(state, { fired: {} });
});

Deno.test("evaluateAlerts() honours custom thresholds", () => {
  const now = END - 50 * MIN;
  const window = windowAt(now, now - 3 * MIN);
  const { fired } = evaluateAlerts(window, emptyAlertState(), now, {
    alertBefore: 60,
    idleAfter: 3,
    timeZone: "UTC",
  });
  deepStrictEqual(fired.map((a) => [a.kind, a.title]), [
    ["window-ending", "Claude window ends in 50 min"],
    ["idle", "Claude window idle for 3 min"],
  ]);
  deepStrictEqual(fired[0]?.body, "Resets at 13:00 (local). 812.3k tokens used, $4.12");
});

Deno.test("parseAlertState() keeps valid entries and drops everything else", () => {
  deepStrictEqual(parseAlertState({ fired: { a: 1, b: "2", c: null, d: Infinity } }), {
    fired: { a: 1 },
  });
  for (const bad of [null, 3, "x", [], { fired: [] }, { fired: null }, {}]) {
    deepStrictEqual(parseAlertState(bad), { fired: {} });
  }
});

Deno.test("emptyAlertState() returns a fresh object each time", () => {
  const a = emptyAlertState();
  a.fired["x"] = 1;
  strictEqual(Object.keys(emptyAlertState().fired).length, 0);
});
