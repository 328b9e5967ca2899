import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { ActivityPoint } from "../core/types.ts";
import type { Frame } from "../ports.ts";
import { demoFrame, NOW } from "../../tests/ui/support/demo_frame.ts";
import { activityPanelView } from "./activity_panel.ts";
import { fillCells } from "./canvas_widgets.ts";
import { perDayView } from "./per_day.ts";
import type { PanelInput } from "./panel.ts";
import { sparkRow } from "./sparkline_widget.ts";
import { windowChartView } from "./window_chart_panel.ts";
import { bucketSize, emptyHistory, trackWindowTokens } from "./window_history.ts";

function input(frame: Frame, width: number, height = 8): PanelInput {
  return { frame, size: { width, height }, history: emptyHistory(), compact: false };
}

/** The demo frame with its window's activity replaced by `tokens` every minute until NOW. */
async function steadyFrame(tokens: number): Promise<Frame> {
  const frame = await demoFrame();
  const start = frame.snapshot.window!.startTime;
  const activity: ActivityPoint[] = [];
  for (let t = start; t < NOW; t += 60_000) activity.push({ time: t, tokens, costUSD: 0.01 });
  return { ...frame, activity };
}

Deno.test("bucketSize() gives one bucket per column, of a length that divides the window", () => {
  const cases: Array<[number, number, number]> = [
    [200, 5, 60],
    [60, 5, 60],
    [59, 10, 30],
    [28, 15, 20],
    [23, 15, 20],
    [19, 20, 15],
    [1, 300, 1],
  ];
  for (const [columns, minutes, count] of cases) {
    assertEquals(bucketSize(columns), { minutes, count }, `${columns} columns`);
    assert(count <= columns || columns < 1);
  }
});

Deno.test("a steady activity draws a flat sparkline, and the peak label is the tallest bucket", async () => {
  // 7 per minute: 35 per 5-minute bucket, 105 per 15-minute bucket; 138 minutes so far.
  const view = activityPanelView(input(await steadyFrame(7), 28));
  const tokens = view.series[0]!;
  assertEquals(tokens.values.length, 20);
  const full = tokens.values.slice(0, 9);
  assertEquals(full, new Array(9).fill(105));
  assertEquals(tokens.title, "Tokens/15m · peak 105");
  assertEquals(Math.max(...tokens.values), 105);
  const row = sparkRow(full);
  assertEquals(new Set(row).size, 1, row);
  assertEquals(row, "█████████");
});

Deno.test("at 60 columns and more every 5-minute bucket has its own column", async () => {
  const view = activityPanelView(input(await demoFrame(), 76));
  assertEquals(view.series[0]!.values.length, 60);
  assert(view.series[0]!.title.startsWith("Tokens/5m · peak "));
  assertEquals(view.series[1]!.values.length, 60);
  assertEquals(view.label, "Activity 09:00 → 14:00");
  // A narrow border keeps the range whole rather than cutting it.
  assertEquals(activityPanelView(input(await demoFrame(), 21)).label, "09:00 → 14:00");
});

Deno.test("without per-entry activity (ccusage) the sparkline grows from frame to frame", async () => {
  const frame = { ...(await demoFrame()), activity: null };
  const w = frame.snapshot.window!;
  const window = { id: w.id, start: w.startTime, lastActivity: w.lastActivity, total: 1000 };
  let history = trackWindowTokens(emptyHistory(), window, NOW);
  history = trackWindowTokens(history, { ...window, total: 1600 }, NOW);
  const view = activityPanelView({ ...input(frame, 60), history });
  const values = view.series[0]!.values;
  assert(Math.abs(values.reduce((a, b) => a + b, 0) - 1600) < 1e-6);
  assert(view.series[0]!.title.startsWith("Est. tokens/5m · peak "), view.series[0]!.title);
  assertEquals(view.series.length, 1, "no cost series without activity");
});

Deno.test("sparkRow() draws from zero and survives buckets above 8.4M tokens", () => {
  // The sparkline package alone would draw the smallest value as its lowest tick.
  assertEquals(sparkRow([50, 100]), "▄█");
  assertEquals(sparkRow([0, 0, 0]), "▁▁▁");
  assertEquals(sparkRow([9_000_000, 18_000_000]), "▄█");
});

Deno.test("windowChartView() ends the used line at the window's total and projects to the reset", async () => {
  const frame = await demoFrame();
  const w = frame.snapshot.window!;
  const view = windowChartView(input(frame, 38, 10));
  assertEquals(view.unit, "k");
  assertEquals(view.used.at(-1), w.tokens.total / 1000);
  assertEquals(view.projection.at(-1), w.projection!.totalTokens / 1000);
  assertEquals(view.projection.length, view.x.length);
  assertEquals(new Set(view.limit), new Set([823.119]));
  assertEquals(view.x[0], "09:00");
  assertEquals(view.x.at(-1), "14:00");
  // Cumulative: never goes down.
  for (let i = 1; i < view.used.length; i++) assert(view.used[i]! >= view.used[i - 1]!);
  assertEquals(view.label, "Tokens: max 823.1k · projected 1.10M");
  assertEquals(
    windowChartView(input(frame, 80, 10)).label,
    "Tokens: 492.6k used · max 823.1k · projected 1.10M",
  );
  // The y labels are our formatter's, at the limit first; the x axis ends at the reset.
  assertEquals(view.axes.ticks, [
    { y: 823.119, text: "823.1k" },
    { y: 0, text: "0" },
    { y: w.projection!.totalTokens / 1000, text: "1.10M" },
  ]);
  assertEquals(view.axes.x, { first: "09:00", middle: "11:30", last: "14:00" });
  assert(view.axes.maxY > w.projection!.totalTokens / 1000);
});

Deno.test("perDayView() has one column per day and its peak is the tallest column", async () => {
  const frame = await demoFrame();
  const cost = perDayView(frame, "cost", 38);
  assertEquals(cost.values.length, 30);
  assertEquals(cost.from, "11-15");
  assertEquals(cost.to, "12-14");
  const peak = Math.max(...cost.values);
  assert(cost.label.startsWith("Cost/day · peak $"), cost.label);
  assert(cost.label.endsWith(`peak $${peak.toFixed(2)}`), cost.label);
  const wide = perDayView(frame, "cost", 60).label;
  assert(wide.startsWith("Cost per day · today $"), wide);
  const windows = perDayView(frame, "windows", 38);
  assertEquals(windows.values.reduce((a, b) => a + b, 0), frame.snapshot.period.sessionsUsed);
  assert(windows.label.endsWith(`peak ${Math.max(...windows.values)}`));
});

Deno.test("perDayView() groups equal runs of days when the period does not fit", async () => {
  const frame = await demoFrame();
  const daily = perDayView(frame, "windows", 30).values;
  const grouped = perDayView(frame, "windows", 20);
  assertEquals(grouped.values.length, 15);
  assertEquals(grouped.values[0], daily[0]! + daily[1]!);
  assertEquals(grouped.label, "Windows/2d");
  assert(perDayView(frame, "windows", 40).label.startsWith("Windows per day · today "));
});

Deno.test("fillCells() draws filled cells as a character, in colour or plain", () => {
  const esc = String.fromCharCode(27);
  const canvas = `${esc}[42m ${esc}[49m${esc}[42m ${esc}[49m${esc}[32m 45%${esc}[39m`;
  assertEquals(fillCells(canvas, false), "██ 45%");
  assertEquals(
    fillCells(canvas, true),
    `${esc}[32m█${esc}[39m${esc}[32m█${esc}[39m${esc}[32m 45%${esc}[39m`,
  );
});
