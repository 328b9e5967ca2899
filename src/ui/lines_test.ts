import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { demoFrame, NOW, TZ } from "../../tests/ui/support/demo_frame.ts";
import { alertsView } from "./alerts_panel.ts";
import { tooSmallText } from "./layout.ts";
import { headerText, headerView } from "./header_line.ts";
import { recentView } from "./recent_panel.ts";
import { statusText, statusView } from "./status_line.ts";

const ALERT = {
  kind: "window-ending" as const,
  windowId: "w",
  at: NOW - 5 * 60_000,
  title: "Claude window ends in 30 min",
  body: "Resets at 14:00 (local). 492.6k tokens used, $1.77",
};

Deno.test("statusView() names the source, its age and a failed notification with its reason", async () => {
  const ok = statusView(await demoFrame({ updatedAt: NOW - 12_000 }));
  assertEquals(ok.parts.map((p) => p.text), ["demo · updated 12s ago", "notify: notify-send"]);
  const failed = statusView(
    await demoFrame({
      notifications: [{ at: NOW - 1000, title: ALERT.title, error: "notify-send exited 1" }],
    }),
  );
  assertEquals(failed.parts[1], { text: "notify: failed (notify-send exited 1)", level: "red" });
  const recovered = statusView(
    await demoFrame({
      notifications: [
        { at: NOW - 2000, title: ALERT.title, error: "notify-send exited 1" },
        { at: NOW - 1000, title: ALERT.title, error: null },
      ],
    }),
  );
  assertEquals(recovered.parts.at(-1)!.text, "notify: notify-send");
});

Deno.test("statusView() shows source problems, including fields it does not know by name", async () => {
  const frame = await demoFrame({ skippedLines: 3, error: "ccusage timed out after 30 s" });
  const source = frame.snapshot.source as unknown as Record<string, unknown>;
  source["unreadableFiles"] = ["/a.jsonl", "/b.jsonl"];
  source["retryReason"] = "file busy";
  const texts = statusView(frame).parts.map((p) => p.text);
  assert(texts.includes("error: ccusage timed out after 30 s"));
  assert(texts.includes("3 skipped lines"));
  assert(texts.includes("cannot read 2 files: a.jsonl, b.jsonl"), texts.join(" | "));
  assert(texts.includes("retry reason: file busy"), texts.join(" | "));
});

Deno.test("statusView() names the one unreadable transcript", async () => {
  const frame = await demoFrame();
  frame.snapshot.source.unreadableFiles = ["/home/ana/.claude/projects/p/root-owned.jsonl"];
  const texts = statusView(frame).parts.map((p) => p.text);
  assert(texts.includes("cannot read: root-owned.jsonl"), texts.join(" | "));
});

Deno.test("statusView() says why auto shows the built-in reader", async () => {
  const frame = await demoFrame();
  frame.snapshot.source.fallbackReason = "ccusage exited with code 1: boom";
  assertEquals(statusView(frame).parts[1], {
    text: "ccusage failed, using the built-in reader: ccusage exited with code 1: boom",
    level: "yellow",
  });
});

Deno.test("statusText() keeps the keys at the right edge at any width", async () => {
  const view = statusView(await demoFrame());
  for (const width of [30, 60, 120]) {
    const text = statusText(view, width, false);
    assertEquals([...text].length, width);
    assert(text.endsWith(width >= 120 ? "r refresh · q quit" : " q quit"), text);
  }
  // A narrow line keeps its facts whole and names only the quit key.
  const facts = view.parts.map((p) => p.text).join(" │ ");
  const narrow = statusText(view, facts.length + 8, false);
  assert(narrow.startsWith(facts) && narrow.endsWith(" q quit"), narrow);
});

Deno.test("alertsView() explains the alerts from the settings before any fired", async () => {
  const view = alertsView(await demoFrame({ settings: { alertBefore: 45, idleAfter: 15 } }), 200);
  assertEquals(view.lines.map((l) => l.text), [
    "No alerts yet.",
    "You are alerted 45 min before a window ends and after 15 min without activity.",
  ]);
});

Deno.test("alertsView() logs alerts and failed notifications in time order", async () => {
  const frame = await demoFrame({
    alertLog: [ALERT],
    notifications: [{ at: NOW - 4 * 60_000, title: ALERT.title, error: "no D-Bus session" }],
  });
  const view = alertsView(frame, 200);
  assertEquals(view.lines, [
    { text: `11:13 ${ALERT.title}: ${ALERT.body}`, level: "yellow" },
    {
      text: `11:14 notification failed (${ALERT.title}): no D-Bus session`,
      level: "red",
    },
  ]);
  // Wrapped to the panel, continuation lines indented.
  const narrow = alertsView(frame, 30).lines;
  assert(narrow.every((l) => [...l.text].length <= 30));
  assert(narrow[1]!.text.startsWith("      "));
});

Deno.test("recentView() lists the newest windows first with the --once numbers", async () => {
  const frame = await demoFrame();
  const rows = recentView(frame).rows;
  assertEquals(rows[0]!.start, "11-25 09:00");
  assertEquals(rows[0]!.active, true);
  assertEquals(rows[0]!.tokens, "492.6k");
  assertEquals(rows[0]!.cost, "$1.77");
  assertEquals(rows[0]!.duration, "2h 18m");
  assert(rows.slice(1).every((r) => !r.active));
  assertEquals(rows.length, 50);
});

Deno.test("headerView() shows the period and the clock in the display zone", async () => {
  const view = headerView(await demoFrame());
  assertEquals(view, {
    title: "Claude Monitor",
    period: "Period 2026-11-15 → 2026-12-14",
    clock: `11:18:00 ${TZ}`,
  });
  assertEquals([...headerText(view, 100, false)].length, 100);
});

Deno.test("tooSmallText() fits the terminal it asks to enlarge", () => {
  assertEquals(tooSmallText(40, 10), "Too small (40x10): need 50x12 · q quits");
  assertEquals(tooSmallText(22, 5), "Too small: need 50x12");
  assertEquals(tooSmallText(20, 5), "Need 50x12");
  assertEquals(
    tooSmallText(80, 10),
    "Terminal too small (80x10): resize to at least 50x12 · q quits",
  );
});
