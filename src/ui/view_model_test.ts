import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { ActivityPoint, Block, Snapshot } from "../core/types.ts";
import type { Frame } from "../ports.ts";
import {
  buildDashboardView,
  type DashboardView,
  initialViewState,
  trackWindowTokens,
  type ViewState,
} from "./view_model.ts";

const TZ = "Europe/Warsaw";
const NOW = Date.parse("2026-11-25T10:18:00.000Z");

/** The active block of the ccusage sample (samples/ccusage-blocks-20.0.24.json). */
function activeBlock(): Block {
  return {
    id: "2026-11-25T08:00:00.000Z",
    startTime: Date.parse("2026-11-25T08:00:00.000Z"),
    endTime: Date.parse("2026-11-25T13:00:00.000Z"),
    actualEndTime: Date.parse("2026-11-25T10:08:56.503Z"),
    isActive: true,
    isGap: false,
    entries: 10,
    tokenCounts: {
      inputTokens: 30000,
      outputTokens: 15000,
      cacheCreationInputTokens: 20000,
      cacheReadInputTokens: 300000,
    },
    totalTokens: 365000,
    costUSD: 1.248,
    models: ["claude-opus-4-20250514", "claude-sonnet-4-20250514"],
    burnRate: {
      tokensPerMinute: 4506.172839506173,
      tokensPerMinuteForIndicator: 555.5555555555555,
      costPerHour: 0.9244444444444445,
    },
    projection: { totalTokens: 1095000, totalCost: 3.74, remainingMinutes: 162 },
  };
}

function pastBlock(start: string, tokens: number, cost: number): Block {
  const startMs = Date.parse(start);
  return {
    ...activeBlock(),
    id: start,
    startTime: startMs,
    endTime: startMs + 5 * 3_600_000,
    actualEndTime: startMs + 2 * 3_600_000 + 30 * 60_000,
    isActive: false,
    totalTokens: tokens,
    costUSD: cost,
    models: ["claude-sonnet-4-20250514"],
    burnRate: null,
    projection: null,
  };
}

function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    schemaVersion: 1,
    generatedAt: NOW,
    timezone: TZ,
    source: {
      kind: "native",
      ok: true,
      error: null,
      updatedAt: Date.parse("2026-11-25T10:17:48.000Z"),
    },
    window: {
      id: "2026-11-25T08:00:00.000Z",
      startTime: Date.parse("2026-11-25T08:00:00.000Z"),
      endTime: Date.parse("2026-11-25T13:00:00.000Z"),
      lastActivity: Date.parse("2026-11-25T10:08:56.503Z"),
      minutesLeft: 162,
      idleMinutes: 9,
      tokens: {
        input: 30000,
        output: 15000,
        cacheCreation: 20000,
        cacheRead: 300000,
        total: 365000,
      },
      costUSD: 1.248,
      models: ["claude-opus-4-20250514", "claude-sonnet-4-20250514"],
      percentOfMax: 45.1,
      burnRate: { tokensPerMinute: 4506.172839506173, costPerHour: 0.9244444444444445 },
      projection: { totalTokens: 1095000, costUSD: 3.74 },
    },
    period: {
      start: "2026-11-15",
      end: "2026-12-15",
      daysLeft: 20,
      sessionsUsed: 13,
      sessionsLimit: 50,
      sessionsLeft: 37,
      sessionsOver: 0,
      sessionsPerDayLeft: 1.85,
      costUSD: 123.45,
      totalTokens: 4_560_000,
      maxTokens: 810000,
      maxCostUSD: 9.87,
    },
    official: null,
    alerts: [],
    ...overrides,
  };
}

function frame(overrides: Partial<Frame> = {}): Frame {
  return {
    snapshot: snapshot(),
    blocks: [
      pastBlock("2026-11-23T10:00:00.000Z", 810000, 9.87),
      pastBlock("2026-11-24T07:00:00.000Z", 200000, 2.5),
      activeBlock(),
    ],
    activity: null,
    now: NOW,
    notifierBackend: "notify-send",
    alertLog: [],
    dataDirs: ["/home/ana/.config/claude/projects", "/home/ana/.claude/projects"],
    ...overrides,
  };
}

function build(f: Frame, state: ViewState = initialViewState()): DashboardView {
  return buildDashboardView(f, { timeZone: TZ }, state).view;
}

function value(lines: { label: string; value: string }[], label: string): string | undefined {
  return lines.find((l) => l.label === label)?.value;
}

Deno.test("the window view shows tokens, split, cost, countdown, local reset, burn rate and projection", () => {
  const view = build(frame());
  const w = view.window;
  assert(w);
  assertEquals(w.tokens.text, "45%");
  assertEquals(w.tokens.level, "green");
  assertEquals(w.tokensShort, "365.0k / 810.0k");
  // 2 h 18 min of 5 h elapsed.
  assertEquals(w.time.text, "46%");
  assertEquals(w.timeShort, "2h 42m 00s left · resets 14:00");
  assertEquals(value(w.lines, "Used"), "365.0k of 810.0k max (45%)");
  assertEquals(value(w.lines, "Resets"), "14:00 · in 2h 42m 00s");
  assertEquals(value(w.lines, "Cost"), "$1.25 at API prices");
  assertEquals(value(w.lines, "Burn rate"), "4.5k tokens/min · $0.92/h");
  assertEquals(value(w.lines, "Projected"), "1.10M tokens · $3.74 by 14:00");
  assertEquals(value(w.lines, "Split"), "input 30.0k · output 15.0k");
  assertEquals(value(w.lines, "Cache"), "write 20.0k · read 300.0k");
  assertEquals(value(w.lines, "Models"), "opus-4, sonnet-4");
  assertEquals(value(w.lines, "Activity"), "last 11:08 (idle 9m)");
  // A projection above the record window is a warning in red.
  assertEquals(w.lines.find((l) => l.label === "Projected")?.level, "red");
});

Deno.test("the countdown and clock tick from frame.now without new data", () => {
  const first = build(frame());
  const later = build(frame({ now: NOW + 61_000 }));
  assertEquals(first.clock, "11:18:00 Europe/Warsaw");
  assertEquals(later.clock, "11:19:01 Europe/Warsaw");
  assertEquals(later.window?.timeShort, "2h 40m 59s left · resets 14:00");
});

Deno.test("gauge levels turn yellow from 70 % and red from 90 %", () => {
  const at = (percentOfMax: number) => {
    const s = snapshot();
    return build(frame({ snapshot: { ...s, window: { ...s.window!, percentOfMax } } }))
      .window?.tokens.level;
  };
  assertEquals(at(69.9), "green");
  assertEquals(at(70), "yellow");
  assertEquals(at(89.9), "yellow");
  assertEquals(at(90), "red");
  const late = build(frame({ now: Date.parse("2026-11-25T12:40:00.000Z") }));
  assertEquals(late.window?.time.level, "red");
  assertEquals(late.window?.time.text, "93%");
});

Deno.test("the period view shows sessions used and left, days, per-day rate, cost and record", () => {
  const p = build(frame()).period;
  assertEquals(p.sessions.text, "26%");
  assertEquals(p.sessions.level, "green");
  assertEquals(p.sessionsShort, "13 / 50 used");
  assertEquals(p.elapsedShort, "20 days left");
  // 10 days 11 h 18 min of a 30-day period (local midnights in Warsaw).
  assertEquals(p.elapsed.text, "35%");
  assertEquals(value(p.lines, "Sessions"), "13 used · 37 left of 50");
  assertEquals(value(p.lines, "Days left"), "20 (last day 12-14)");
  assertEquals(value(p.lines, "Per day"), "1.85 sessions/day left");
  assertEquals(value(p.lines, "Cost"), "$123.45 so far (incl. active)");
  assertEquals(value(p.lines, "Record"), "810.0k tokens · $9.87");
  const s = snapshot();
  const full = build(frame({
    snapshot: { ...s, period: { ...s.period, sessionsUsed: 45, sessionsLeft: 5 } },
  }));
  assertEquals(full.period.sessions.level, "red");
  const over = build(frame({
    snapshot: {
      ...s,
      period: { ...s.period, sessionsUsed: 85, sessionsLeft: 0, sessionsOver: 35 },
    },
  }));
  assertEquals(value(over.period.lines, "Sessions"), "85 used · over by 35 (limit 50)");
  assertEquals(over.period.sessions.percent, 100);
});

Deno.test("the header shows the local clock with its zone and the period's dates", () => {
  const view = build(frame());
  assertEquals(view.title, "Claude Monitor");
  assertEquals(view.periodLabel, "Period 2026-11-15 → 2026-12-14");
});

Deno.test("without an active window the window panel waits for a new one", () => {
  const view = build(frame({ snapshot: snapshot({ window: null }) }));
  assertEquals(view.mode, "ready");
  assertEquals(view.window, null);
  assert(view.waiting[0]?.includes("waiting for a new window"));
  assertEquals(view.activity.note, "No active window");
});

Deno.test("a window whose end has passed counts as over before the next refresh", () => {
  const view = build(frame({ now: Date.parse("2026-11-25T13:00:00.000Z") }));
  assertEquals(view.window, null);
});

Deno.test("with no data the dashboard says where it looked and how to point it elsewhere", () => {
  const s = snapshot({
    window: null,
    source: {
      kind: "native",
      ok: false,
      error: "No usage data found",
      updatedAt: Date.parse("2026-11-25T10:17:48.000Z"),
    },
  });
  const view = build(frame({ snapshot: s, blocks: [] }));
  assertEquals(view.mode, "empty");
  const text = view.message.join("\n");
  assert(text.includes("/home/ana/.config/claude/projects"));
  assert(text.includes("/home/ana/.claude/projects"));
  assert(text.includes("--claude-dir DIR"));
  assert(text.includes("CLAUDE_CONFIG_DIR"));
  assert(text.includes("--demo"));
  assert(text.includes("No usage data found"));
});

Deno.test("before the first load the dashboard says it is loading", () => {
  const s = snapshot({
    window: null,
    source: { kind: "ccusage", ok: true, error: null, updatedAt: null },
  });
  const view = build(frame({ snapshot: s, blocks: [] }));
  assertEquals(view.mode, "loading");
  assertEquals(view.status[0]?.text, "ccusage · loading…");
  // Unknown is not zero: no usage figures before the data, only the calendar.
  assertEquals(view.period.sessionsShort, "… / 50 used");
  assertEquals(view.period.lines.map((l) => l.value), ["loading…", "20 (last day 12-14)"]);
  assertEquals(view.period.compactLine, "loading…");
});

Deno.test("per-entry activity fills 5-minute buckets across the window", () => {
  const start = Date.parse("2026-11-25T08:00:00.000Z");
  const activity: ActivityPoint[] = [
    { time: start + 60_000, tokens: 1000, costUSD: 0 },
    { time: start + 4 * 60_000, tokens: 500, costUSD: 0 },
    { time: start + 5 * 60_000, tokens: 2000, costUSD: 0 },
    { time: start + 299 * 60_000, tokens: 7, costUSD: 0 },
    { time: start - 1, tokens: 99999, costUSD: 0 },
  ];
  const series = build(frame({ activity })).activity;
  assertEquals(series.values.length, 60);
  assertEquals(series.values[0], 1500);
  assertEquals(series.values[1], 2000);
  assertEquals(series.values[59], 7);
  assertEquals(series.from, "09:00");
  assertEquals(series.to, "14:00");
  assertEquals(series.title, "Tokens per 5 min · peak 2.0k");
});

Deno.test("without per-entry activity the buckets come from the window's growth between frames", () => {
  const s = snapshot();
  const f1 = frame();
  const r1 = buildDashboardView(f1, { timeZone: TZ }, initialViewState());
  // The first sight spreads 365,000 tokens over 08:00-10:08 (buckets 0..25).
  assertEquals(Math.round(r1.view.activity.values[0]!), Math.round(365000 / 26));
  assertEquals(r1.view.activity.values[26], 0);
  assert(r1.view.activity.title.endsWith("(estimated)"));
  const grown = {
    ...s,
    window: {
      ...s.window!,
      lastActivity: Date.parse("2026-11-25T10:16:00.000Z"),
      tokens: { ...s.window!.tokens, total: 380000 },
    },
  };
  const r2 = buildDashboardView(
    frame({ snapshot: grown, now: NOW + 1000 }),
    { timeZone: TZ },
    r1.state,
  );
  assertEquals(r2.view.activity.values[27], 15000);
  // Unchanged totals keep the same state object: nothing is counted twice.
  const r3 = buildDashboardView(
    frame({ snapshot: grown, now: NOW + 2000 }),
    { timeZone: TZ },
    r2.state,
  );
  assertEquals(r3.state, r2.state);
  assertEquals(r3.view.activity.values[27], 15000);
});

Deno.test("trackWindowTokens() starts over when a new window begins and forgets it when none is active", () => {
  const a = trackWindowTokens(initialViewState(), {
    id: "a",
    startTime: Date.parse("2026-11-25T08:00:00.000Z"),
    lastActivity: Date.parse("2026-11-25T08:00:10.000Z"),
    total: 100,
  }, NOW);
  assertEquals(a.buckets[0], 100);
  const b = trackWindowTokens(a, {
    id: "b",
    startTime: Date.parse("2026-11-25T13:00:00.000Z"),
    lastActivity: Date.parse("2026-11-25T13:07:00.000Z"),
    total: 50,
  }, NOW);
  assertEquals(b.windowId, "b");
  assertEquals(b.buckets[0], 25);
  assertEquals(b.buckets[1], 25);
  assertEquals(trackWindowTokens(b, null, NOW).windowId, null);
});

Deno.test("cost and windows per day are summed by local start date across the period", () => {
  const view = build(frame());
  assertEquals(view.costPerDay.values.length, 30);
  // Period starts 2026-11-15: the 23rd is index 8, the 24th index 9, the 25th index 10.
  assertEquals(view.costPerDay.values[8], 9.87);
  assertEquals(view.costPerDay.values[9], 2.5);
  assertEquals(view.costPerDay.values[10], 1.248);
  assertEquals(view.windowsPerDay.values.slice(8, 11), [1, 1, 1]);
  assertEquals(view.costPerDay.title, "today $1.25 · peak $9.87");
  assertEquals(view.windowsPerDay.title, "today 1 · peak 1");
  assertEquals([view.costPerDay.from, view.costPerDay.to], ["11-15", "12-14"]);
});

Deno.test("recent windows list newest first with local start, duration, tokens, cost and models", () => {
  const rows = build(frame()).recent;
  assertEquals(rows.length, 3);
  assertEquals(rows[0], {
    start: "Wed 11-25 09:00",
    duration: "2h 18m",
    tokens: "365.0k",
    cost: "$1.25",
    models: "opus-4, sonnet-4",
    active: true,
  });
  assertEquals(rows[2], {
    start: "Mon 11-23 11:00",
    duration: "2h 30m",
    tokens: "810.0k",
    cost: "$9.87",
    models: "sonnet-4",
    active: false,
  });
});

Deno.test("the alert log shows local times, newest last", () => {
  const view = build(frame({
    alertLog: [
      {
        kind: "window-ending",
        windowId: "w",
        at: Date.parse("2026-11-25T12:30:00.000Z"),
        title: "Window ends in 30 min",
        body: "Resets at 14:00",
      },
      {
        kind: "idle",
        windowId: "w",
        at: Date.parse("2026-11-25T12:45:00.000Z"),
        title: "Idle",
        body: "",
      },
    ],
  }));
  assertEquals(view.alerts, ["13:30 Window ends in 30 min: Resets at 14:00", "13:45 Idle"]);
});

Deno.test("the status line names the source, its age, errors, skipped lines, unpriced models and the notifier", () => {
  const s = snapshot();
  const view = build(frame({
    snapshot: {
      ...s,
      source: {
        ...s.source,
        error: "ccusage exited with code 1",
        skippedLines: 3,
        unpricedModels: ["claude-mystery-9"],
      },
    },
    notifierBackend: null,
  }));
  assertEquals(view.status, [
    { text: "native · updated 12s ago" },
    { text: "error: ccusage exited with code 1", level: "red" },
    { text: "3 skipped lines", level: "yellow" },
    { text: "unpriced: claude-mystery-9", level: "yellow" },
    { text: "no notifier (bell)" },
  ]);
  assertEquals(view.keys, "r refresh · q quit");
});

Deno.test("the status line says why auto shows the built-in reader", () => {
  const s = snapshot();
  const view = build(frame({
    snapshot: { ...s, source: { ...s.source, fallbackReason: "ccusage exited with code 1: boom" } },
  }));
  assertEquals(view.status[1], {
    text: "ccusage failed, using the built-in reader: ccusage exited with code 1: boom",
    level: "yellow",
  });
});

Deno.test("official 5 h and 7 d percentages show beside the estimate, marked when stale", () => {
  const view = build(frame({
    snapshot: snapshot({
      official: {
        capturedAt: Date.parse("2026-11-25T10:10:00.000Z"),
        stale: true,
        fiveHour: { usedPercentage: 23.5, resetsAt: null },
        sevenDay: { usedPercentage: 91, resetsAt: null },
      },
    }),
  }));
  const official = view.window?.lines.find((l) => l.label === "Official");
  assertEquals(official, { label: "Official", value: "5h 24% · 7d 91% (stale)", level: "red" });
});

Deno.test("with no data and no known directories the message names the default ones", () => {
  const s = snapshot({ window: null });
  const view = build(frame({ snapshot: s, blocks: [], dataDirs: [] }));
  assertEquals(view.mode, "empty");
  assert(view.message.some((l) => l.includes("~/.claude/projects")));
  assert(view.message.some((l) => l.includes("~/.config/claude/projects")));
});

Deno.test("a window starting at local midnight counts on that local day, not the UTC one", () => {
  // Warsaw is UTC+1 in November: 23:00Z on the 23rd is 00:00 on the 24th, 22:59Z is still the 23rd.
  const blocks = [
    pastBlock("2026-11-23T22:59:00.000Z", 1000, 1),
    pastBlock("2026-11-23T23:00:00.000Z", 1000, 2),
    pastBlock("2026-11-14T22:59:00.000Z", 1000, 50), // 23:59 on the 14th: before the period
  ];
  const view = build(frame({ blocks }));
  assertEquals(view.costPerDay.values.slice(8, 10), [1, 2]);
  assertEquals(view.costPerDay.values.reduce((a, b) => a + b, 0), 3);
});

Deno.test("per-day totals follow new data and a new day, though remembered between ticks", () => {
  const first = frame();
  assertEquals(build(first).costPerDay.values[10], 1.248);
  // The same blocks a second later: same result.
  assertEquals(build({ ...first, now: NOW + 1000 }).costPerDay.values[10], 1.248);
  // A refresh brings a new array with one more window today: the total follows.
  const more = [...first.blocks, pastBlock("2026-11-25T13:00:00.000Z", 1000, 3)];
  const view = build({ ...first, blocks: more });
  assertEquals(view.costPerDay.values[10], 4.248);
  assertEquals(view.windowsPerDay.values[10], 2);
  // The next day, "today" moves on even with the same data.
  const tomorrow = build({ ...first, blocks: more, now: NOW + 86_400_000 });
  assertEquals(tomorrow.costPerDay.title, "today $0.00 · peak $9.87");
});
