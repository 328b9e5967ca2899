import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { PassThrough } from "node:stream";
import { createDemoSource } from "../../src/sources/demo_source.ts";
import { type BlessedRenderer, createBlessedRenderer } from "../../src/ui/blessed_dashboard.ts";
import { formatTokens } from "../../src/core/format.ts";
import { frameFixture } from "./support/frame_fixture.ts";
import type { Frame } from "../../src/ports.ts";

const NOW = Date.parse("2026-11-25T10:18:00.000Z");
const TZ = "Europe/Warsaw";

/** A fake terminal: an input stream to type into and an output stream with a size. */
function fakeTerminal(cols: number, rows: number) {
  const input = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode(b: boolean): void };
  input.isTTY = true;
  input.setRawMode = () => {};
  const output = new PassThrough() as PassThrough & {
    isTTY: boolean;
    columns: number;
    rows: number;
  };
  output.isTTY = true;
  output.columns = cols;
  output.rows = rows;
  let written = "";
  output.on("data", (chunk: Uint8Array | string) => {
    written += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
  });
  return { input, output, written: () => written };
}

async function demoFrame(overrides: Partial<Parameters<typeof frameFixture>[0]> = {}) {
  const data = await createDemoSource(() => NOW).load(NOW - 40 * 86_400_000);
  return frameFixture({
    blocks: data.blocks,
    activity: data.activity ?? null,
    now: NOW,
    timeZone: TZ,
    startDay: 15,
    kind: "demo",
    ...overrides,
  });
}

function open(cols: number, rows: number, noColor = false) {
  const term = fakeTerminal(cols, rows);
  const calls = { refresh: 0, quit: 0 };
  const renderer = createBlessedRenderer({
    onRefresh: () => calls.refresh++,
    onQuit: () => calls.quit++,
    noColor,
    timeZone: TZ,
    input: term.input,
    output: term.output,
    terminal: "xterm-256color",
  });
  return { term, calls, renderer };
}

function text(renderer: BlessedRenderer): string {
  return renderer.screenLines().join("\n");
}

function keyNumbers(frame: Frame) {
  const w = frame.snapshot.window!;
  return {
    tokens: formatTokens(w.tokens.total),
    sessions: `${frame.snapshot.period.sessionsUsed} / ${frame.snapshot.period.sessionsLimit} used`,
  };
}

Deno.test("at 120x40 every panel of the full layout shows its numbers in Unicode boxes", async () => {
  const { renderer } = open(120, 40);
  try {
    const frame = await demoFrame();
    renderer.render(frame);
    const screen = text(renderer);
    const lines = renderer.screenLines();
    assertEquals(renderer.layout, "full");
    assertEquals(lines.length, 40);
    assert(lines[0]!.includes("Claude Monitor"));
    assert(lines[0]!.includes("11:18:00 Europe/Warsaw"));
    assert(lines[0]!.includes("Period 2026-11-15 → 2026-12-14"));
    for (
      const label of [
        "Current window",
        "Billing period",
        "Window activity",
        "Cost per day",
        "Windows per day",
        "Recent windows",
        "Alerts",
      ]
    ) {
      assert(screen.includes(`─ ${label} ─`), `panel ${label}`);
    }
    assert(screen.includes("┌") && screen.includes("┘") && screen.includes("│"));
    assert(!/lqq|qqk/.test(screen), "no DEC line-drawing letters");
    const { tokens, sessions } = keyNumbers(frame);
    assert(screen.includes(tokens), `tokens ${tokens}`);
    assert(screen.includes(sessions), `sessions ${sessions}`);
    assert(screen.includes("resets 14:00"));
    assert(screen.includes("2h 42m 00s left"));
    assert(screen.includes("Burn rate"));
    assert(screen.includes("Projected"));
    assert(screen.includes("Record"));
    assert(screen.includes("Start") && screen.includes("Models"));
    assert(screen.includes("● Wed 11-25 09:00"));
    assert(screen.includes("No alerts yet."));
    assert(lines[39]!.startsWith("demo · updated just now"));
    assert(lines[39]!.trimEnd().endsWith("r refresh · q quit"));
  } finally {
    renderer.destroy();
  }
});

Deno.test("at 80x24 the compact layout keeps tokens, time left, reset and sessions", async () => {
  const { renderer } = open(80, 24);
  try {
    const frame = await demoFrame();
    renderer.render(frame);
    const screen = text(renderer);
    assertEquals(renderer.layout, "compact");
    const { tokens, sessions } = keyNumbers(frame);
    assert(screen.includes(tokens));
    assert(screen.includes(sessions));
    assert(screen.includes("2h 42m 00s left · resets 14:00"));
    assert(screen.includes("days left"));
    assert(!screen.includes("Recent windows"));
    assert(renderer.screenLines()[23]!.includes("r refresh · q quit"));
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
      for (const l of lines) assertEquals(l.length, cols, `${cols}x${rows}`);
      const screen = text(renderer);
      // Even 10 columns hold "Need 50x12"; below that only its start shows.
      if (renderer.layout === "tiny") assert(screen.includes(cols >= 10 ? "50x12" : "N"), screen);
      else assert(screen.includes(keyNumbers(frame).tokens), `${cols}x${rows}:\n${screen}`);
    } finally {
      renderer.destroy();
    }
  }
});

Deno.test("a resize re-lays out the panels for the new size", async () => {
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
    assertEquals(renderer.screenLines().length, 24);
    assert(text(renderer).includes("Current window"));
    assert(!text(renderer).includes("Recent windows"));
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
    assert(screen.includes("No active window"));
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

Deno.test("colours follow the level, and NO_COLOR draws none", async () => {
  const frame = await demoFrame();
  const colored = open(120, 40);
  const plain = open(120, 40, true);
  try {
    colored.renderer.render(frame);
    plain.renderer.render(frame);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // SGR foreground codes 31-36 (red..cyan) and 256-colour 38;5.
    const fg = new RegExp(String.fromCharCode(27) + "\\[[0-9;]*(?:3[1-6]|38;5;\\d+)m");
    assert(fg.test(colored.term.written()));
    assert(!fg.test(plain.term.written()));
    assertEquals(text(colored.renderer), text(plain.renderer));
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
