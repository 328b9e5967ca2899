import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import { formatLine, formatWaybar, type WaybarOutput } from "./status_formats.ts";
import type { Snapshot } from "./types.ts";

/** A mid-window snapshot as the builder would make it at 10:19 UTC (11:19 in Warsaw). */
function activeSnapshot(): Snapshot {
  return {
    schemaVersion: 1,
    generatedAt: Date.parse("2026-11-25T10:19:00.000Z"),
    timezone: "Europe/Warsaw",
    source: {
      kind: "native",
      ok: true,
      error: null,
      updatedAt: Date.parse("2026-11-25T10:18:52.000Z"),
    },
    window: {
      id: "2026-11-25T08:00:00.000Z",
      startTime: Date.parse("2026-11-25T08:00:00.000Z"),
      endTime: Date.parse("2026-11-25T13:00:00.000Z"),
      lastActivity: Date.parse("2026-11-25T10:16:00.000Z"),
      minutesLeft: 161,
      idleMinutes: 3,
      tokens: {
        input: 2345,
        output: 40000,
        cacheCreation: 70000,
        cacheRead: 700000,
        total: 812345,
      },
      costUSD: 4.1234,
      models: ["claude-opus-4-5-20251101"],
      percentOfMax: 45.1,
      burnRate: { tokensPerMinute: 4506.2, costPerHour: 0.92 },
      projection: { totalTokens: 1_095_000, costUSD: 6.61 },
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
      totalTokens: 9_876_543,
      maxTokens: 1_801_234,
      maxCostUSD: 9.87,
    },
    official: null,
    alerts: [],
  };
}

function idleSnapshot(): Snapshot {
  return { ...activeSnapshot(), window: null };
}

function withPercent(p: number | null): Snapshot {
  const s = activeSnapshot();
  return { ...s, window: { ...s.window!, percentOfMax: p } };
}

Deno.test("formatLine() shows tokens, share, time left, local reset, cost and sessions", () => {
  assertEquals(formatLine(activeSnapshot()), "◑ 812k 45% · 2h41m → 14:00 · $4.12 · 13/50");
});

Deno.test("formatLine() shows the reset in the snapshot's time zone", () => {
  const s = { ...activeSnapshot(), timezone: "America/New_York" };
  assertEquals(formatLine(s), "◑ 812k 45% · 2h41m → 08:00 · $4.12 · 13/50");
});

Deno.test("formatLine() without a window shows sessions and the period's cost", () => {
  assertEquals(formatLine(idleSnapshot()), "idle · 13/50 · $123");
});

Deno.test("formatLine() leaves out the share when no maximum is known yet", () => {
  assertEquals(formatLine(withPercent(null)), "◌ 812k · 2h41m → 14:00 · $4.12 · 13/50");
});

Deno.test("formatLine() marks numbers from a failing source", () => {
  const s = activeSnapshot();
  s.source = { ...s.source, ok: false, error: "ccusage timed out after 60 s" };
  assertMatch(formatLine(s), /^⚠ ◑ 812k 45% · /);
});

Deno.test("formatLine() fills the pie with the share of the window", () => {
  const pies = [5, 20, 50, 80, 95].map((p) => formatLine(withPercent(p)).slice(0, 1));
  assertEquals(pies, ["○", "◔", "◑", "◕", "●"]);
});

Deno.test("formatWaybar() picks the class by level: ok below 70 %, warn below 90 %, else critical", () => {
  const cases: [number | null, string, number][] = [
    [0, "ok", 0],
    [69.9, "ok", 70],
    [70, "warn", 70],
    [89.94, "warn", 90],
    [90, "critical", 90],
    [134.6, "critical", 100],
    [null, "ok", 0],
  ];
  for (const [percent, level, percentage] of cases) {
    const out = JSON.parse(formatWaybar(withPercent(percent))) as WaybarOutput;
    assertEquals([percent, out.class, out.percentage], [percent, level, percentage]);
  }
});

Deno.test("formatWaybar() emits one JSON line with text, a multi-line tooltip, class and percentage", () => {
  const raw = formatWaybar(activeSnapshot());
  assert(!raw.includes("\n"), "Waybar reads one line per update");
  const out = JSON.parse(raw) as WaybarOutput;
  assertEquals(Object.keys(out).sort(), ["class", "percentage", "text", "tooltip"]);
  assertEquals(out.text, "◑ 812k 45% · 2h41m → 14:00 · $4.12 · 13/50");
  assertEquals(out.class, "ok");
  assertEquals(out.percentage, 45);
  assertEquals(out.tooltip.split("\n"), [
    "Window 09:00–14:00 (Europe/Warsaw)",
    "Tokens 812,345 (45% of 1.8M)",
    "Time left 2h41m, resets 14:00",
    "Cost $4.12 · 4.5k tok/min, $0.92/h",
    "Projected 1.1M tokens, $6.61 by the reset",
    "Idle 3m",
    "Period 2026-11-15 → 2026-12-15: 13/50 sessions, 37 left (1.85/day, 20 days)",
    "Period cost $123.45",
    "Source native, updated 11:18",
  ]);
});

Deno.test("formatWaybar() is idle without a window and escapes markup in errors", () => {
  const s = idleSnapshot();
  s.source = { ...s.source, ok: false, error: "Cannot parse <blocks> & more" };
  s.official = {
    capturedAt: Date.parse("2026-11-25T10:00:00.000Z"),
    stale: true,
    fiveHour: { usedPercentage: 23.5, resetsAt: null },
    sevenDay: null,
  };
  const out = JSON.parse(formatWaybar(s)) as WaybarOutput;
  assertEquals([out.class, out.percentage, out.text], ["idle", 0, "⚠ idle · 13/50 · $123"]);
  assertMatch(out.tooltip, /^No active window\n/);
  assertMatch(out.tooltip, /\nOfficial \(stale, as of 11:00\)\n {2}5-hour 24%\n/);
  assertMatch(out.tooltip, /\nError: Cannot parse &lt;blocks&gt; &amp; more$/);
});

Deno.test("formatLine() keeps token counts to three figures at every magnitude", () => {
  const line = (total: number) => {
    const s = activeSnapshot();
    return formatLine({ ...s, window: { ...s.window!, tokens: { ...s.window!.tokens, total } } })
      .split(" ")[1];
  };
  assertEquals([950, 4506, 9999, 812_345, 999_999, 1_095_000, 12_400_000].map(line), [
    "950",
    "4.5k",
    "10k",
    "812k",
    "1.0M",
    "1.1M",
    "12M",
  ]);
});

function withOfficial(five: number, seven: number, stale = false, spend?: number): Snapshot {
  const s = activeSnapshot();
  s.official = {
    capturedAt: Date.parse("2026-11-25T10:18:00.000Z"),
    stale,
    fiveHour: { usedPercentage: five, resetsAt: Date.parse("2026-11-25T13:00:00.000Z") },
    sevenDay: { usedPercentage: seven, resetsAt: Date.parse("2026-11-28T00:00:00.000Z") },
    spendLimit: spend === undefined ? null : { usedPercentage: spend, resetsAt: null },
    modelScoped: [],
    pace: { fiveHour: null, sevenDay: null },
    runsOutAt: { fiveHour: null, sevenDay: null },
    estimatedFiveHour: null,
  };
  return s;
}

Deno.test("formatLine() and formatWaybar() lead with fresh official numbers", () => {
  const s = withOfficial(42.5, 17);
  assertEquals(formatLine(s), "◑ 5h 43% · 7d 17% · 2h41m → 14:00 · $4.12 · 13/50");
  const out = JSON.parse(formatWaybar(s)) as WaybarOutput;
  assertEquals([out.percentage, out.class], [43, "ok"]);
  assertMatch(
    out.tooltip,
    /\nOfficial \(from Claude Code at 11:18\)\n {2}5-hour 43% · resets 14:00/,
  );
});

Deno.test("formatWaybar() takes its class from the worst official window", () => {
  const cls = (s: Snapshot) => (JSON.parse(formatWaybar(s)) as WaybarOutput).class;
  assertEquals(cls(withOfficial(20, 75)), "warn");
  assertEquals(cls(withOfficial(20, 10, false, 93)), "critical");
  assertEquals(cls(withOfficial(105, 10)), "critical");
  assertEquals((JSON.parse(formatWaybar(withOfficial(105, 10))) as WaybarOutput).percentage, 100);
  assertEquals(formatLine(withOfficial(105, 10)).startsWith("● 5h 105% over · 7d 10%"), true);
});

Deno.test("formatLine() falls back to the estimate, naming its basis, when the capture is stale", () => {
  const s = withOfficial(42.5, 17, true);
  s.estimate = {
    basis: {
      kind: "calibrated",
      label: "calibrated",
      limitTokens: 1_801_234,
      limitCostUSD: null,
      samples: 3,
    },
    percent: 45.1,
    pace: null,
    runsOutAt: null,
  };
  assertEquals(formatLine(s), "◑ 812k 45% calibrated · 2h41m → 14:00 · $4.12 · 13/50");
  assertEquals((JSON.parse(formatWaybar(s)) as WaybarOutput).percentage, 45);
});

Deno.test("the tooltip says over by N past the session limit, never a negative count", () => {
  const s = activeSnapshot();
  const over = {
    ...s,
    period: {
      ...s.period,
      sessionsUsed: 53,
      sessionsLeft: 0,
      sessionsOver: 3,
      sessionsPerDayLeft: 0,
    },
  };
  const tooltip = (JSON.parse(formatWaybar(over)) as WaybarOutput).tooltip;
  assert(
    tooltip.includes(
      "Period 2026-11-15 → 2026-12-15: 53/50 sessions, over by 3 (0.00/day, 20 days)",
    ),
    tooltip,
  );
});
