/**
 * What a demanding user reads on the full layout at 120x40 and 100x30: chart axes in our number
 * format, the week's totals and models whole, the recent windows' models whole, bar charts that
 * use their top row, and a period over its sessions that says so.
 */

import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { BlessedRenderer } from "../../src/ui/blessed_dashboard.ts";
import { formatTokens, formatUsd, shortModel } from "../../src/core/format.ts";
import type { Cell } from "../../src/ui/layout.ts";
import { demoFrame, overPeriodFrame } from "./support/demo_frame.ts";
import { inside, openDashboard } from "./support/fake_dashboard.ts";

/** The border line of a cell (its label). */
function border(renderer: BlessedRenderer, cell: Cell): string {
  return [...renderer.screenLines()[cell.top]!].slice(cell.left, cell.left + cell.width).join("");
}

for (const [cols, rows] of [[120, 40], [100, 30]] as const) {
  Deno.test(`at ${cols}x${rows} the full layout is legible panel by panel`, async () => {
    const frame = await demoFrame();
    const { renderer } = openDashboard(cols, rows);
    try {
      renderer.render(frame);
      const cells = renderer.cells();
      const screen = renderer.screenLines().join("\n");

      // The chart's y labels are formatTokens numbers (the limit), never raw axis ticks.
      const chart = inside(renderer, cells["windowChart"]!);
      const limit = formatTokens(frame.snapshot.period.maxTokens);
      assert(chart.some((l) => l.trimStart().startsWith(limit)), chart.join("\n"));
      for (const line of chart.filter((l) => !l.includes(":"))) {
        const label = line.split(/[\u2800-\u28ff]/)[0]!.trim();
        assert(label === "" || /^(\d+|\d+\.\d[kM]|\d\.\d\dM)$/.test(label), `raw label "${label}"`);
      }
      // The x axis runs from the window's start to its reset.
      const axis = chart.find((l) => l.includes("09:00"));
      assert(axis?.includes("14:00"), chart.join("\n"));

      // The week: totals on the border, each model's cost and tokens whole inside.
      const week = frame.snapshot.week!;
      assert(
        border(renderer, cells["weekly"]!).includes(
          `Week ${formatUsd(week.costUSD)} · ${formatTokens(week.tokens)}`,
        ),
        screen,
      );
      const weekText = inside(renderer, cells["weekly"]!);
      const top = week.models[0]!;
      assert(
        weekText.some((l) =>
          l.includes(shortModel(top.model)) && l.includes(formatUsd(top.costUSD)) &&
          l.includes(formatTokens(top.tokens))
        ),
        weekText.join("\n"),
      );

      // Recent windows: every row names its models whole (families when narrow).
      const table = inside(renderer, cells["recent"]!);
      const active = table.find((l) => l.includes("●"))!;
      assert(
        / (opus|sonnet|haiku)(-[\d-]+)?(, (opus|sonnet|haiku)(-[\d-]+)?)* *$/.test(active),
        active,
      );

      // Bar charts draw their tallest bar up to the first row inside the border.
      for (const id of ["costPerDay", "windowsPerDay"]) {
        const bars = inside(renderer, cells[id]!);
        assert(bars[0]!.includes("█"), `${id}:\n${bars.join("\n")}`);
      }
    } finally {
      renderer.destroy();
    }
  });
}

Deno.test("over its sessions the period gauge is full and says over by how many", async () => {
  const over = await overPeriodFrame();
  const { renderer } = openDashboard(120, 40);
  try {
    renderer.render(over);
    const period = inside(renderer, renderer.cells()["period"]!);
    const gauge = period.find((l) => l.includes("Sessions █"))!;
    assert(/Sessions █+ over {2}over by 35/.test(gauge), period.join("\n"));
    assert(!period.join("\n").includes("170%"));
  } finally {
    renderer.destroy();
  }
});

Deno.test("colour levels come from the frame's settings", async () => {
  const { levelOf } = await import("../../src/ui/level.ts");
  assertEquals(levelOf(60), "green");
  assertEquals(levelOf(60, { warn: 50, alert: 80 }), "yellow");
  assertEquals(levelOf(85, { warn: 50, alert: 80 }), "red");
  const { gaugeRow } = await import("../../src/ui/panel.ts");
  assertEquals(gaugeRow("Tokens", 60, "", { warn: 50, alert: 80 }).level, "yellow");
  const { periodPanelView } = await import("../../src/ui/period_panel.ts");
  const frame = await demoFrame({ settings: { levels: { warn: 1, alert: 2 } } });
  const view = periodPanelView({
    frame,
    size: { width: 46, height: 10 },
    history: { windowId: null, points: [] } as never,
    compact: false,
  });
  assertEquals(view.gauges[1]!.level, "red");
});
