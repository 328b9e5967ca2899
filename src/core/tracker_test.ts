import { deepStrictEqual, equal } from "node:assert/strict";
import { billingPeriod, periodDates } from "./period.ts";
import {
  activeBlock,
  emptyTrackerState,
  periodRollup,
  recalculateTracker,
  type TrackerState,
  updateTracker,
} from "./tracker.ts";
import { makeBlock, makeGap } from "../../tests/support/blocks.ts";
import type { Block } from "./types.ts";

const at = (iso: string) => Date.parse(iso);

function step(state: TrackerState, blocks: Block[], now: string) {
  const p = billingPeriod(at(now), 15, "UTC");
  return updateTracker(state, blocks, at(now), p, periodDates(p).start);
}

Deno.test("activeBlock() finds the window in progress and ignores gaps and ended windows", () => {
  const blocks = [
    makeBlock("2026-11-25T02:00:00Z"),
    makeGap("2026-11-25T07:30:00Z", "2026-11-25T08:00:00Z"),
    makeBlock("2026-11-25T08:00:00Z"),
  ];
  equal(activeBlock(blocks, at("2026-11-25T12:59:59.999Z"))?.id, "2026-11-25T08:00:00.000Z");
  equal(activeBlock(blocks, at("2026-11-25T13:00:00Z")), null);
  equal(activeBlock(blocks, at("2026-11-25T07:45:00Z")), null);
});

Deno.test("updateTracker() reports a window starting, ending and a new one after a gap", () => {
  const first = makeBlock("2026-11-25T08:00:00Z", { tokens: 500 });
  let r = step(emptyTrackerState(), [first], "2026-11-25T09:00:00Z");
  deepStrictEqual(r.events.map((e) => e.type), ["new-record", "period-rolled", "window-started"]);
  equal(r.state.activeWindowId, first.id);

  r = step(r.state, [first], "2026-11-25T10:00:00Z");
  deepStrictEqual(r.events, []);

  r = step(r.state, [first], "2026-11-25T13:00:00Z");
  deepStrictEqual(r.events, [{
    type: "window-ended",
    windowId: first.id,
    tokens: 500,
    costUSD: 1,
  }]);
  equal(r.state.activeWindowId, null);

  const second = makeBlock("2026-11-25T20:00:00Z", { tokens: 300 });
  const blocks = [first, makeGap("2026-11-25T13:30:00Z", "2026-11-25T20:00:00Z"), second];
  r = step(r.state, blocks, "2026-11-25T20:10:00Z");
  deepStrictEqual(r.events, [{ type: "window-started", windowId: second.id }]);
  equal(r.state.maxTokens, 500);
  deepStrictEqual(r.state.windows.map((w) => w.id), [first.id, second.id]);
});

Deno.test("updateTracker() ends one window and starts the next when they touch", () => {
  const a = makeBlock("2026-11-25T08:00:00Z");
  const b = makeBlock("2026-11-25T13:00:00Z");
  let r = step(emptyTrackerState(), [a], "2026-11-25T12:00:00Z");
  r = step(r.state, [a, b], "2026-11-25T13:05:00Z");
  deepStrictEqual(r.events.map((e) => e.type), ["window-ended", "window-started"]);
});

Deno.test("updateTracker() reports the period rolling over on the start day", () => {
  const block = makeBlock("2026-12-14T20:00:00Z");
  let r = step(emptyTrackerState(), [block], "2026-12-14T21:00:00Z");
  equal(r.state.periodStart, "2026-11-15");
  r = step(r.state, [block], "2026-12-15T00:30:00Z");
  deepStrictEqual(r.events.filter((e) => e.type === "period-rolled"), [
    { type: "period-rolled", from: "2026-11-15", to: "2026-12-15" },
  ]);
  // The window started in the old period: it counts there, not in the new one.
  const p = billingPeriod(at("2026-12-15T00:30:00Z"), 15, "UTC");
  equal(periodRollup(r.state, [block], p).sessionsUsed, 0);
});

Deno.test("updateTracker() keeps the record window after its logs are deleted", () => {
  const big = makeBlock("2026-11-20T08:00:00Z", { tokens: 900_000, cost: 12 });
  const small = makeBlock("2026-11-25T08:00:00Z", { tokens: 100, cost: 0.5 });
  let r = step(emptyTrackerState(), [big, small], "2026-11-25T09:00:00Z");
  // Restart with persisted state (through JSON) and data that lost the big window.
  const restored = JSON.parse(JSON.stringify(r.state)) as TrackerState;
  r = step(restored, [small], "2026-11-25T09:30:00Z");
  equal(r.state.maxTokens, 900_000);
  equal(r.state.maxCostUSD, 12);
  const p = billingPeriod(at("2026-11-25T09:30:00Z"), 15, "UTC");
  const rollup = periodRollup(r.state, [small], p);
  equal(rollup.sessionsUsed, 2);
  equal(rollup.costUSD, 12.5);
  equal(rollup.totalTokens, 900_100);
  deepStrictEqual(r.events, []);
});

Deno.test("recalculateTracker() rebuilds maxima from the data, forgetting stale records", () => {
  const stale: TrackerState = {
    ...emptyTrackerState(),
    maxTokens: 5_000_000,
    maxCostUSD: 99,
    windows: [{
      id: "2026-11-16T00:00:00.000Z",
      startMs: at("2026-11-16T00:00:00Z"),
      tokens: 5_000_000,
      costUSD: 99,
    }],
  };
  const blocks = [makeBlock("2026-11-20T08:00:00Z", { tokens: 700, cost: 3 })];
  const now = at("2026-11-25T09:00:00Z");
  const p = billingPeriod(now, 15, "UTC");
  const rebuilt = recalculateTracker(blocks, now, p, "2026-11-15");
  equal(rebuilt.maxTokens, 700);
  equal(rebuilt.maxCostUSD, 3);
  equal(periodRollup(rebuilt, blocks, p).sessionsUsed, 1);
  equal(periodRollup(stale, blocks, p).sessionsUsed, 2);
});

Deno.test("periodRollup() counts the active window as used and ignores gaps", () => {
  const blocks = [
    makeBlock("2026-11-14T22:00:00Z", { cost: 100 }),
    makeBlock("2026-11-16T08:00:00Z", { cost: 1.25 }),
    makeGap("2026-11-16T13:30:00Z", "2026-11-25T08:00:00Z"),
    makeBlock("2026-11-25T08:00:00Z", { cost: 2 }),
  ];
  const now = at("2026-11-25T09:00:00Z");
  const p = billingPeriod(now, 15, "UTC");
  const r = periodRollup(emptyTrackerState(), blocks, p);
  equal(r.sessionsUsed, 2);
  equal(r.costUSD, 3.25);
});

Deno.test("updateTracker() prunes windows far older than the period", () => {
  const old = makeBlock("2026-08-01T08:00:00Z");
  const recent = makeBlock("2026-11-20T08:00:00Z");
  const r = step(emptyTrackerState(), [old, recent], "2026-11-25T09:00:00Z");
  deepStrictEqual(r.state.windows.map((w) => w.id), [recent.id]);
});

Deno.test("updateTracker() and periodRollup() never take a non-finite or negative figure", () => {
  const good = makeBlock("2026-11-24T08:00:00Z", { tokens: 1000, cost: 2 });
  const infinite = makeBlock("2026-11-24T14:00:00Z", { tokens: 1000, cost: Infinity });
  const huge = { ...makeBlock("2026-11-24T20:00:00Z"), totalTokens: Infinity };
  const negative = makeBlock("2026-11-25T02:00:00Z", { tokens: 500, cost: -1 });
  const blocks = [good, infinite, huge, negative];
  const { state } = step(emptyTrackerState(), blocks, "2026-11-25T12:00:00Z");
  equal(state.maxTokens, 1000);
  equal(state.maxCostUSD, 2);
  deepStrictEqual(state.windows.map((w) => w.id), [good.id]);
  deepStrictEqual(JSON.parse(JSON.stringify(state)), state);
  const p = billingPeriod(at("2026-11-25T12:00:00Z"), 15, "UTC");
  const rollup = periodRollup(state, blocks, p);
  equal(rollup.costUSD, 2);
  equal(rollup.totalTokens, 1000);
});
