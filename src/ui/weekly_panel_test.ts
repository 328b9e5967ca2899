import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { demoFrame } from "../../tests/ui/support/demo_frame.ts";
import { emptyHistory } from "./window_history.ts";
import { weeklyView } from "./weekly_panel.ts";
import { formatTokens, formatUsd } from "../core/format.ts";

Deno.test("weeklyView() shows the week's totals, 7 days of cost and each model's share", async () => {
  const frame = await demoFrame();
  const week = frame.snapshot.week!;
  const view = weeklyView({
    frame,
    size: { width: 38, height: 8 },
    history: emptyHistory(),
    compact: false,
  });
  // NOW is Wednesday 2026-11-25 11:18 in Warsaw: the week began on Monday at 00:00.
  assertEquals(view.label, `Week ${formatUsd(week.costUSD)} · ${formatTokens(week.tokens)}`);
  assertEquals(view.lines[0], "week since Mon 00:00");
  assertEquals(view.titles, ["Th", "Fr", "Sa", "Su", "Mo", "Tu", "We"]);
  assertEquals(view.values, week.days.map((d) => d.costUSD));
  const first = week.models[0]!;
  assertEquals(view.lines[1]!.trim().split(/\s+/), [
    first.model.replace(/^claude-/, "").replace(/-\d{8}$/, ""),
    formatUsd(first.costUSD),
    formatTokens(first.tokens),
  ]);
});

Deno.test("weeklyView() names an official anchor and waits for the first load", async () => {
  const frame = await demoFrame();
  const official = {
    ...frame,
    snapshot: { ...frame.snapshot, week: { ...frame.snapshot.week!, anchor: "official" as const } },
  };
  const input = { size: { width: 38, height: 8 }, history: emptyHistory(), compact: false };
  assertEquals(
    weeklyView({ frame: official, ...input }).lines[0]!.startsWith("official week since"),
    true,
  );
  const { week: _, ...rest } = frame.snapshot;
  assertEquals(
    weeklyView({ frame: { ...frame, snapshot: rest }, ...input }).label,
    "Week · loading…",
  );
});
