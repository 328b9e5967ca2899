import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { formatPercent, formatTokens, formatUsd } from "../core/format.ts";
import type { Frame } from "../ports.ts";
import { demoFrame, NOW, overPeriodFrame, TZ } from "../../tests/ui/support/demo_frame.ts";
import { frameFixture } from "../../tests/ui/support/frame_fixture.ts";
import { emptyHistory } from "./window_history.ts";
import { WAITING, windowPanelView } from "./window_panel.ts";
import { SETUP_MESSAGE } from "./official_gauges.ts";
import { periodPanelView } from "./period_panel.ts";
import type { PanelInput } from "./panel.ts";

function input(frame: Frame, width = 66, height = 11, compact = false): PanelInput {
  return { frame, size: { width, height }, history: emptyHistory(), compact };
}

Deno.test("windowPanelView() shows tokens and time as gauges with the --once numbers", async () => {
  const frame = await demoFrame();
  const w = frame.snapshot.window!;
  const view = windowPanelView(input(frame));
  assertEquals(view.message, null);
  assertEquals(view.gauges.map((g) => g.label), ["Tokens", "Time"]);
  const [tokens, time] = view.gauges;
  assertEquals(tokens!.text, formatPercent(w.percentOfMax!));
  assertEquals(tokens!.trailer, `${formatTokens(w.tokens.total)} / ${formatTokens(823_119)} max`);
  assertEquals(tokens!.trailer, "492.6k / 823.1k max");
  assertEquals(time!.trailer, "2h 42m 00s left · resets 14:00");
  // 138 of 300 minutes gone.
  assertEquals(time!.text, "46%");
  const value = (label: string) => view.lines.find((l) => l.label === label)?.value;
  assertEquals(value("Cost"), `${formatUsd(w.costUSD)} at API prices`);
  assertEquals(value("Burn rate"), "3.7k tokens/min · $0.80/h");
  assertEquals(value("Projected"), "1.10M tokens · $3.94 by 14:00");
  assertEquals(value("Window"), `09:00 → 14:00 (${TZ})`);
  // The gauges' trailers fit, so the lines that would repeat them are left out.
  assertEquals(value("Used"), undefined);
});

Deno.test("windowPanelView() keeps the used and reset lines when the trailers do not fit", async () => {
  const view = windowPanelView(input(await demoFrame(), 36, 11, true));
  const used = view.lines.find((l) => l.label === "Used");
  assertEquals(used?.value, "492.6k of 823.1k max (60%)");
  assert(view.lines.some((l) => l.label === "Resets"));
});

Deno.test("windowPanelView() says limit for a configured --token-limit", async () => {
  const view = windowPanelView(input(await demoFrame({ settings: { tokenLimit: 823_119 } }), 36));
  assertEquals(view.lines.find((l) => l.label === "Used")?.value, "492.6k of 823.1k limit (60%)");
});

Deno.test("windowPanelView() colours idleness from --idle-after, not a fixed 10 minutes", async () => {
  // The demo's last activity was 2 minutes before NOW.
  const level = async (idleAfter: number) =>
    windowPanelView(input(await demoFrame({ settings: { idleAfter } }))).lines
      .find((l) => l.label === "Activity")?.level;
  assertEquals(await level(2), "yellow");
  assertEquals(await level(3), undefined);
});

const official = (extra: Partial<NonNullable<Frame["snapshot"]["official"]>> = {}) => ({
  capturedAt: NOW - 60_000,
  stale: false,
  fiveHour: { usedPercentage: 23.5, resetsAt: Date.parse("2026-11-25T13:00:00Z") },
  sevenDay: { usedPercentage: 91, resetsAt: Date.parse("2026-11-28T07:00:00Z") },
  spendLimit: null,
  modelScoped: [],
  pace: {
    fiveHour: { expectedPercent: 46, deltaPoints: -22.6 },
    sevenDay: { expectedPercent: 59, deltaPoints: 32 },
  },
  runsOutAt: { fiveHour: null, sevenDay: Date.parse("2026-11-26T20:00:00Z") },
  estimatedFiveHour: null,
  ...extra,
});

const rows = (
  view: { gauges: { label: string; text: string; level: string; trailer: string }[] },
) => view.gauges.map((g) => [g.label, g.text, g.level, g.trailer]);

Deno.test("windowPanelView() puts official limits first: countdown, local reset, pace, run-out", async () => {
  const frame = await demoFrame({ official: official() });
  const view = windowPanelView(input(frame, 100));
  assertEquals(rows(view), [
    ["5h official", "24%", "green", "resets 14:00 in 2h42m · -23 pts"],
    ["7d official", "91%", "red", "resets Sat 11-28 08:00 in 2d 20h · +32 pts · out 21:00"],
    ["Tokens", "60%", "green", "492.6k / 823.1k max"],
    ["Time", "46%", "green", "2h 42m 00s left · resets 14:00"],
  ]);
});

Deno.test("windowPanelView() shortens official trailers to fit and moves pace and run-out to lines", async () => {
  const frame = await demoFrame({ official: official() });
  const view = windowPanelView(input(frame, 66));
  assertEquals(rows(view).slice(0, 2), [
    ["5h official", "24%", "green", "resets 14:00 in 2h42m"],
    ["7d official", "91%", "red", "resets Sat 11-28 08:00 in 2d 20h"],
  ]);
  const value = (label: string) => view.lines.find((l) => l.label === label);
  assertEquals(value("Official")?.value, "5h -23 pts · 7d +32 pts vs. an even pace");
  assertEquals(value("Runs out"), {
    label: "Runs out",
    value: "7d at 21:00 (before the reset)",
    level: "red",
  });
});

Deno.test("windowPanelView() shows spend, model-scoped and estimated official meters", async () => {
  const frame = await demoFrame({
    official: official({
      spendLimit: { usedPercentage: 105, resetsAt: null },
      modelScoped: [{ name: "Opus", usedPercentage: 12, resetsAt: null }],
      estimatedFiveHour: 30.2,
    }),
  });
  const view = windowPanelView(input(frame, 100));
  assertEquals(rows(view).map((r) => r.slice(0, 3)).slice(0, 4), [
    ["5h official", "30%", "green"],
    ["7d official", "91%", "red"],
    ["$ official", "105%", "red"],
    ["Opus official", "12%", "green"],
  ]);
  assertEquals(view.gauges[0]!.trailer.startsWith("est. · resets 14:00"), true);
  assertEquals(view.gauges[2]!.percent, 100);
});

Deno.test("windowPanelView() greys a stale capture with its time", async () => {
  const frame = await demoFrame({
    official: official({ stale: true, capturedAt: NOW - 3 * 3_600_000 }),
  });
  const view = windowPanelView(input(frame, 100));
  assertEquals(rows(view).slice(0, 2), [
    ["5h official", "24%", "grey", "as of 08:18"],
    ["7d official", "91%", "grey", "as of 08:18"],
  ]);
});

Deno.test("windowPanelView() names the estimate's basis and its pace without captures", async () => {
  const frame = await demoFrame({
    estimate: {
      basis: {
        kind: "calibrated",
        label: "calibrated",
        limitTokens: 1_000_000,
        limitCostUSD: null,
        samples: 3,
      },
      percent: 49.3,
      pace: { expectedPercent: 46, deltaPoints: 3.3 },
      runsOutAt: Date.parse("2026-11-25T12:30:00Z"),
    },
  });
  const view = windowPanelView(input(frame, 100));
  assertEquals(view.gauges[0]!.trailer, "492.6k / 1.00M calibrated");
  const line = (label: string) => view.lines.find((l) => l.label === label);
  assertEquals(line("Official")?.value, "none yet: statusLine → claude-session-monitor statusline");
  assertEquals(line("Pace"), {
    label: "Pace",
    value: "+3 pts ahead of an even pace · runs out 13:30",
    level: "red",
  });
});

Deno.test("windowPanelView() waits between windows and says where it looked with no data", async () => {
  const frame = await demoFrame();
  const idle = frameFixture({
    blocks: frame.blocks.map((b) => ({ ...b, isActive: false })),
    now: NOW,
    timeZone: TZ,
  });
  assertEquals(windowPanelView(input(idle)).message, [...WAITING, "", SETUP_MESSAGE]);
  const empty = frameFixture({
    blocks: [],
    now: NOW,
    error: "No usage data found",
    dataDirs: ["/home/ana/.claude/projects"],
  });
  const message = windowPanelView(input(empty)).message!;
  assert(message.includes("  /home/ana/.claude/projects"));
  assertEquals(message.at(-1), "Last error: No usage data found");
  const loading = frameFixture({ blocks: [], now: NOW, updatedAt: null });
  assertEquals(windowPanelView(input(loading)).message, ["Loading usage data…"]);
});

Deno.test("periodPanelView() shows sessions and days as gauges and the --sessions limit", async () => {
  const frame = await demoFrame({ sessionsLimit: 40, settings: { sessions: 40 } });
  const view = periodPanelView(input(frame, 46, 11));
  const p = frame.snapshot.period;
  assertEquals(view.gauges.map((g) => [g.label, g.trailer]), [
    ["Sessions", `${p.sessionsUsed} / 40 used`],
    ["Period", "20 days left"],
  ]);
  const value = (label: string) => view.lines.find((l) => l.label === label)?.value;
  assertEquals(value("Sessions"), `${p.sessionsUsed} used · ${40 - p.sessionsUsed} left of 40`);
  assertEquals(value("Cost"), `${formatUsd(p.costUSD)} so far (incl. active)`);
  assertEquals(value("Tokens"), `${formatTokens(p.totalTokens)} so far`);
  assertEquals(value("Days left"), "20 (last day 12-14)");
});

Deno.test("periodPanelView() shows only the calendar before the first load", () => {
  const view = periodPanelView(input(frameFixture({ blocks: [], now: NOW, updatedAt: null })));
  assertEquals(view.lines.map((l) => l.value)[0], "loading…");
  assertEquals(view.gauges[0]!.trailer, "… / 50 used");
});

Deno.test("periodPanelView() says by how much the period is over its windows", async () => {
  const over = await overPeriodFrame();
  const view = periodPanelView(input(over, 46, 11));
  assertEquals(view.lines[0]!.value, "85 used · over by 35 (limit 50)");
  assertEquals(view.gauges[0]!.percent, 100);
  // "170%" of a quota reads as nonsense: the gauge is full, says "over", and by how much.
  assertEquals(view.gauges[0]!.text, "over");
  assertEquals(view.gauges[0]!.trailer, "over by 35");
  assertEquals(view.gauges[0]!.level, "red");
});
