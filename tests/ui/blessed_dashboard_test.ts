import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { BlessedRenderer } from "../../src/ui/blessed_dashboard.ts";
import { formatCountdown, formatPercent, formatTokens, formatUsd } from "../../src/core/format.ts";
import type { Frame } from "../../src/ports.ts";
import { frameFixture } from "./support/frame_fixture.ts";
import { demoFrame, NOW, TZ } from "./support/demo_frame.ts";
import { inside, openDashboard as open } from "./support/fake_dashboard.ts";

function text(renderer: BlessedRenderer): string {
  return renderer.screenLines().join("\n");
}

/** The numbers every layout shows, formatted as `--once` formats them. */
function keyNumbers(frame: Frame): string[] {
  const w = frame.snapshot.window!;
  const p = frame.snapshot.period;
  return [
    formatTokens(w.tokens.total),
    formatTokens(p.maxTokens),
    formatPercent(w.percentOfMax!),
    `${formatCountdown(w.endTime - frame.now)} left`,
    "resets 14:00",
    `${p.sessionsUsed} / ${p.sessionsLimit} used`,
    formatUsd(w.costUSD),
  ];
}

const SIZES: Array<[number, number, "full" | "compact"]> = [
  [120, 40, "full"],
  [100, 30, "full"],
  [80, 24, "compact"],
];

for (const [cols, rows, layout] of SIZES) {
  Deno.test(`at ${cols}x${rows} the ${layout} layout tiles the screen and shows every number`, async () => {
    const { renderer } = open(cols, rows);
    try {
      const frame = await demoFrame();
      renderer.render(frame);
      assertEquals(renderer.layout, layout);
      const cells = Object.entries(renderer.cells())
        .filter(([id]) => id !== "header" && id !== "status").map(([, c]) => c);
      // No overlap, and together the panels cover every line between header and status: no
      // blank line between panels.
      for (let i = 0; i < cells.length; i++) {
        for (let j = i + 1; j < cells.length; j++) {
          const a = cells[i]!;
          const b = cells[j]!;
          const apart = a.left + a.width <= b.left || b.left + b.width <= a.left ||
            a.top + a.height <= b.top || b.top + b.height <= a.top;
          assert(apart, `${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`);
        }
      }
      assertEquals(cells.reduce((n, c) => n + c.width * c.height, 0), cols * (rows - 2));
      const lines = renderer.screenLines();
      assertEquals(lines.length, rows);
      for (const line of lines) assertEquals([...line].length, cols);
      lines.forEach((line, i) => assert(line.trim() !== "", `line ${i} is blank`));
      const screen = text(renderer);
      for (const number of keyNumbers(frame)) {
        assert(screen.includes(number), `${number}:\n${screen}`);
      }
      assert(lines[0]!.includes(`11:18:00 ${TZ}`));
      assert(lines[rows - 1]!.startsWith("demo · updated just now"));
      assert(lines[rows - 1]!.trimEnd().endsWith("r refresh · q quit"));
      assert(!/lqq|qqk/.test(screen), "no DEC line-drawing letters");
    } finally {
      renderer.destroy();
    }
  });
}

for (const [cols, rows] of SIZES) {
  Deno.test(`at ${cols}x${rows} each blessed-contrib widget draws its data`, async () => {
    const alert = {
      kind: "window-ending" as const,
      windowId: "w",
      at: NOW - 60_000,
      title: "Claude window ends in 30 min",
      body: "Resets at 14:00",
    };
    const { renderer } = open(cols, rows);
    try {
      const frame = await demoFrame({ alertLog: [alert] });
      renderer.render(frame);
      const cells = renderer.cells();
      // Gauge list: a named bar of fill characters, the percentage and the trailer.
      const tokens = inside(renderer, cells["window"]!).find((l) => l.includes("Tokens"))!;
      assert(/Tokens █+░+ +60% +492\.6k \/ 823\.1k/.test(tokens), tokens);
      const sessions = inside(renderer, cells["period"]!).find((l) => l.includes("Sessions"))!;
      assert(/Sessions █+░+ +\d+%/.test(sessions), sessions);
      // Sparklines: one tick per bucket, as many buckets as fit the width.
      const activity = inside(renderer, cells["activity"]!);
      const ticks = activity.map((l) => l.replace(/[^▁▂▃▄▅▆▇█]/g, "")).filter((l) => l !== "");
      assert(ticks.length >= 1, activity.join("\n"));
      assert([20, 30, 60].includes(ticks[0]!.length), `${ticks[0]!.length} buckets`);
      if (cols < 100) return;
      // Line chart: braille dots and the window's clock times.
      const chart = inside(renderer, cells["windowChart"]!).join("\n");
      assert(/[\u2801-\u28ff]/.test(chart) && chart.includes("09:00"), chart);
      // Bar charts: one column per day; columns with a bar are the days with cost.
      const costCell = cells["costPerDay"]!;
      const costLines = inside(renderer, costCell);
      const days = perDayCost(frame);
      const barColumns = [...costLines[0]!].map((_, x) => costLines.some((l) => [...l][x] === "█"));
      assertEquals(barColumns.slice(0, days.length), days.map((d) => d > 0));
      assert(costLines.at(-1)!.startsWith("11-15"), costLines.at(-1));
      // Table and log.
      const recent = inside(renderer, cells["recent"]!).join("\n");
      assert(recent.includes("● 11-25 09:00") && recent.includes("492.6k"), recent);
      assert(recent.includes("$1.77"), recent);
      const alerts = inside(renderer, cells["alerts"]!).join(" ").replace(/\s+/g, " ");
      assert(alerts.includes("11:17 Claude window ends in 30 min: Resets at 14:00"), alerts);
    } finally {
      renderer.destroy();
    }
  });
}

/** Cost per local day of the demo period, summed from its blocks. */
function perDayCost(frame: Frame): number[] {
  const out: number[] = [];
  for (let d = 0; d < 30; d++) {
    const from = Date.parse(`2026-11-15T00:00:00+01:00`) + d * 86_400_000;
    out.push(
      frame.blocks.filter((b) => !b.isGap && b.startTime >= from && b.startTime < from + 86_400_000)
        .reduce((n, b) => n + b.costUSD, 0),
    );
  }
  return out;
}

Deno.test("a steady activity draws a flat sparkline on screen", async () => {
  const { renderer } = open(120, 40);
  try {
    const frame = await demoFrame();
    const start = frame.snapshot.window!.startTime;
    const activity = [];
    for (let t = start; t < NOW - 15 * 60_000; t += 60_000) {
      activity.push({ time: t, tokens: 500, costUSD: 0.01 });
    }
    renderer.render({ ...frame, activity });
    const lines = inside(renderer, renderer.cells()["activity"]!);
    const row = lines.find((l) => /[▁▂▃▄▅▆▇█]/.test(l))!.trim();
    // 15-minute buckets at this width: the 8 full ones before the last activity are equal.
    assertEquals(row.slice(0, 8), "████████", row);
  } finally {
    renderer.destroy();
  }
});

Deno.test("at 40x10 one line asks for a bigger terminal instead of crashing", async () => {
  const { renderer } = open(40, 10);
  try {
    renderer.render(await demoFrame());
    assertEquals(renderer.layout, "tiny");
    const nonEmpty = renderer.screenLines().map((l) => l.trim()).filter((l) => l !== "");
    assertEquals(nonEmpty, ["Too small (40x10): need 50x12 · q quits"]);
  } finally {
    renderer.destroy();
  }
});

Deno.test("any size from 1x1 to 250x80 renders without throwing and never draws past the edge", async () => {
  const frame = await demoFrame();
  const sizes: Array<[number, number]> = [
    [1, 1],
    [10, 3],
    [49, 12],
    [50, 11],
    [50, 12],
    [60, 20],
    [64, 17],
    [99, 30],
    [100, 29],
    [100, 30],
    [133, 41],
    [250, 80],
  ];
  for (const [cols, rows] of sizes) {
    const { renderer } = open(cols, rows);
    try {
      renderer.render(frame);
      const lines = renderer.screenLines();
      assertEquals(lines.length, rows, `${cols}x${rows}`);
      for (const l of lines) assertEquals([...l].length, cols, `${cols}x${rows}`);
      const screen = text(renderer);
      // Even 10 columns hold "Need 50x12"; below that only its start shows.
      if (renderer.layout === "tiny") assert(screen.includes(cols >= 10 ? "50x12" : "N"), screen);
      else {
        assert(screen.includes("492.6k"), `${cols}x${rows}:\n${screen}`);
        assert(screen.includes("14:00"), `${cols}x${rows}:\n${screen}`);
      }
    } finally {
      renderer.destroy();
    }
  }
});

Deno.test("a resize re-lays out the panels for the new size, with no old panel left", async () => {
  const { term, renderer } = open(120, 40);
  try {
    renderer.render(await demoFrame());
    assertEquals(renderer.layout, "full");
    term.output.columns = 80;
    term.output.rows = 24;
    term.output.emit("resize");
    // blessed debounces resize events.
    await new Promise((resolve) => setTimeout(resolve, 400));
    assertEquals(renderer.layout, "compact");
    const lines = renderer.screenLines();
    assertEquals(lines.length, 24);
    for (const l of lines) assertEquals([...l].length, 80);
    assert(text(renderer).includes("Current window"));
    assert(!text(renderer).includes("Recent windows"));
    assertEquals(Object.keys(renderer.cells()).sort(), [
      "activity",
      "header",
      "period",
      "status",
      "weekly",
      "window",
    ]);
  } finally {
    renderer.destroy();
  }
});

Deno.test("keys call back: r refreshes, q, Escape and Ctrl-C quit", async () => {
  const { term, calls, renderer } = open(120, 40);
  try {
    renderer.render(await demoFrame());
    term.input.write("r");
    term.input.write("q");
    term.input.write("\x03");
    await new Promise((resolve) => setTimeout(resolve, 50));
    term.input.write("\x1b");
    await new Promise((resolve) => setTimeout(resolve, 250));
    assertEquals(calls, { refresh: 1, quit: 3 });
  } finally {
    renderer.destroy();
  }
});

Deno.test("the arrow keys scroll the recent-windows table", async () => {
  const { term, renderer } = open(120, 40);
  try {
    renderer.render(await demoFrame());
    const before = inside(renderer, renderer.cells()["recent"]!).join("\n");
    for (let i = 0; i < 15; i++) term.input.write("\x1b[B");
    await new Promise((resolve) => setTimeout(resolve, 50));
    renderer.render({ ...(await demoFrame()), now: NOW + 1000 });
    const after = inside(renderer, renderer.cells()["recent"]!).join("\n");
    assert(before.includes("● 11-25 09:00"));
    assert(!after.includes("● 11-25 09:00"), after);
  } finally {
    renderer.destroy();
  }
});

Deno.test("Ctrl-L and r repaint the whole screen from scratch", async () => {
  const { term, calls, renderer } = open(120, 40);
  try {
    renderer.render(await demoFrame());
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = term.written().length;
    term.input.write("\x0c");
    await new Promise((resolve) => setTimeout(resolve, 20));
    const repaint = term.written().slice(before);
    assert(repaint.includes("\x1b[H\x1b[2J"), "clears the screen");
    assert(repaint.includes("Current window"), "and draws every panel again");
    assertEquals(calls.refresh, 0);
  } finally {
    renderer.destroy();
  }
});

Deno.test("each frame draws once, and the clock ticks from frame.now alone", async () => {
  const { renderer } = open(120, 40);
  try {
    const frame = await demoFrame();
    renderer.render(frame);
    renderer.render({ ...frame, now: NOW + 5000 });
    assertEquals(renderer.draws, 2);
    assert(renderer.screenLines()[0]!.includes("11:18:05 Europe/Warsaw"));
    assert(text(renderer).includes("2h 41m 55s left"));
  } finally {
    renderer.destroy();
  }
});

Deno.test("between windows the window panel waits for a new one and the rest stays", async () => {
  const { renderer } = open(120, 40);
  try {
    const frame = await demoFrame();
    const idle = frameFixture({
      blocks: frame.blocks.map((b) => ({
        ...b,
        isActive: false,
        burnRate: null,
        projection: null,
      })),
      now: NOW,
      timeZone: TZ,
      startDay: 15,
      kind: "demo",
    });
    renderer.render(idle);
    const screen = text(renderer);
    assert(screen.includes("No active window: waiting for a new window."), screen);
    assert(screen.includes(`${idle.snapshot.period.sessionsUsed} / 50 used`));
    assert(screen.includes("Recent windows"));
    assert(!screen.includes("●"), "no window is marked active");
  } finally {
    renderer.destroy();
  }
});

Deno.test("with no data the window panel says where it looked and how to point elsewhere", () => {
  const { renderer } = open(120, 40);
  try {
    renderer.render(frameFixture({
      blocks: [],
      now: NOW,
      timeZone: TZ,
      error: "No usage data found",
      dataDirs: ["/home/ana/.claude/projects"],
    }));
    const screen = text(renderer);
    assert(screen.includes("No Claude Code usage data found."));
    assert(screen.includes("/home/ana/.claude/projects"));
    assert(screen.includes("--claude-dir DIR or CLAUDE_CONFIG_DIR=DIR"));
    assert(screen.includes("--demo"));
    assert(screen.includes("error: No usage data found"));
  } finally {
    renderer.destroy();
  }
});

Deno.test("a failed notification shows in the status line and the alerts log while running", async () => {
  const { renderer } = open(120, 40);
  try {
    renderer.render(
      await demoFrame({
        notifications: [{ at: NOW - 1000, title: "Claude window idle", error: "no D-Bus session" }],
      }),
    );
    const lines = renderer.screenLines();
    assert(lines[39]!.includes("notify: failed (no D-Bus session)"), lines[39]);
    const alerts = inside(renderer, renderer.cells()["alerts"]!).join(" ");
    assert(alerts.includes("notification failed"), alerts);
  } finally {
    renderer.destroy();
  }
});

Deno.test("NO_COLOR draws no colour and keeps every gauge and bar legible", async () => {
  const colored = open(120, 40);
  const plain = open(120, 40);
  try {
    colored.renderer.render(await demoFrame());
    plain.renderer.render(await demoFrame({ settings: { color: false } }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // SGR foreground (30-37, 38;5) and background (40-47, 48;5) codes.
    const sgr = new RegExp(String.fromCharCode(27) + "\\[[0-9;]*(?:3[0-7]|4[0-7]|[34]8;5;\\d+)m");
    assert(sgr.test(colored.term.written()));
    assert(!sgr.test(plain.term.written()));
    // The same characters either way: bars and gauges are drawn with █ and ░, not colour alone.
    assertEquals(text(colored.renderer), text(plain.renderer));
    const screen = text(plain.renderer);
    assert(/Tokens █+░+/.test(screen), screen);
    assert(/Period +█+░+/.test(screen), screen);
  } finally {
    colored.renderer.destroy();
    plain.renderer.destroy();
  }
});

Deno.test("destroy() restores the terminal and can be called twice", async () => {
  const { term, renderer } = open(120, 40);
  renderer.render(await demoFrame());
  renderer.destroy();
  renderer.destroy();
  // Leaves the alternate screen and shows the cursor again.
  assert(term.written().includes("\x1b[?1049l"));
  assert(term.written().includes("\x1b[?25h"));
  renderer.render(await demoFrame());
});

Deno.test("at 100x30 the empty state keeps every hint, dropping only spacing lines", () => {
  const { renderer } = open(100, 30);
  try {
    renderer.render(frameFixture({
      blocks: [],
      now: NOW,
      timeZone: TZ,
      error: "No usage data found",
      dataDirs: ["/home/ana/.config/claude", "/home/ana/.claude"],
    }));
    const window = inside(renderer, renderer.cells()["window"]!).join("\n");
    assert(window.includes("/home/ana/.claude"), window);
    assert(window.includes("--demo"), window);
    assert(text(renderer).includes("None yet"));
  } finally {
    renderer.destroy();
  }
});
