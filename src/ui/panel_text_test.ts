import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { HOSTILE_TEXTS } from "../../tests/support/hostile_text.ts";
import { chooseLayout, gridCell, ttyRefusal } from "./layout.ts";
import { panelText } from "./panel_text.ts";
import { resample, sparkline } from "./sparkline.ts";

/** The visible text of a tagged line: blessed tags removed, escaped braces restored. */
function visible(tagged: string): string {
  return tagged.replace(
    /\{\/?[a-z-]+\}/g,
    (tag) => tag === "{open}" ? "{" : tag === "{close}" ? "}" : "",
  );
}

Deno.test("data text with escapes, newlines, tags, bidi overrides or emoji stays on its line", () => {
  for (const text of [...HOSTILE_TEXTS, "{red-fg}fake{/red-fg}", "\x1b[2J\x1b]0;title\x07"]) {
    const drawn = panelText.status(
      [{ text: `error: ${text}`, level: "red" }],
      "r refresh · q quit",
      80,
      true,
    );
    const shown = visible(drawn);
    assertEquals([...shown].length, 80, JSON.stringify(text));
    for (const ch of shown) {
      const code = ch.codePointAt(0)!;
      assert(code >= 0x20 && !(code >= 0x7f && code <= 0x9f), `control in ${JSON.stringify(text)}`);
      assert(code <= 0xffff, `astral in ${JSON.stringify(text)}`);
      assert(!(code >= 0x202a && code <= 0x202e), `bidi in ${JSON.stringify(text)}`);
    }
  }
  const tags = panelText.status([{ text: "{red-fg}fake" }], "q", 40, true);
  assert(tags.includes("{open}red-fg{close}fake"));
});

Deno.test("the status line keeps the key help at the right edge and cuts the rest with …", () => {
  const parts = [{ text: "ccusage · updated 3s ago" }, { text: "error: " + "x".repeat(100) }];
  const shown = visible(panelText.status(parts, "r refresh · q quit", 60, false));
  assertEquals([...shown].length, 60);
  assert(shown.endsWith("r refresh · q quit"));
  assert(shown.includes("…"));
});

Deno.test("with colour, values are tagged by level; without, no colour tags at all", () => {
  const parts = [{ text: "error: boom", level: "red" as const }];
  assert(panelText.status(parts, "q", 40, true).includes("{red-fg}error: boom{/red-fg}"));
  assert(!/-fg\}/.test(panelText.status(parts, "q", 40, false)));
});

Deno.test("sparkline() scales to the peak and shows any activity as at least a sliver", () => {
  assertEquals(sparkline([0, 4, 8], 3, 1), [" ▄█"]);
  assertEquals(sparkline([0, 1, 1000], 3, 1), [" ▁█"]);
  assertEquals(sparkline([8, 16], 2, 2), [" █", "██"]);
  assertEquals(sparkline([4, 16], 2, 2), [" █", "▄█"]);
  assertEquals(sparkline([], 4, 1), ["    "]);
});

Deno.test("resample() sums values that share a column and repeats values over wide columns", () => {
  assertEquals(resample([1, 2, 3, 4], 2), [3, 7]);
  assertEquals(resample([1, 2], 4), [1, 1, 2, 2]);
  assertEquals(resample([5], 0), []);
});

Deno.test("chooseLayout() switches at 100x30 and 50x12", () => {
  assertEquals(chooseLayout(100, 30), "full");
  assertEquals(chooseLayout(99, 40), "compact");
  assertEquals(chooseLayout(200, 29), "compact");
  assertEquals(chooseLayout(50, 12), "compact");
  assertEquals(chooseLayout(49, 40), "tiny");
  assertEquals(chooseLayout(80, 11), "tiny");
});

Deno.test("gridCell() tiles the 12x12 grid with no gap or overlap at any size", () => {
  for (const [w, h] of [[100, 28], [120, 38], [133, 41], [250, 78]] as const) {
    const top = gridCell({ row: 0, col: 0, rowSpan: 5, colSpan: 7 }, w, h);
    const right = gridCell({ row: 0, col: 7, rowSpan: 5, colSpan: 5 }, w, h);
    const below = gridCell({ row: 5, col: 0, rowSpan: 3, colSpan: 6 }, w, h);
    const last = gridCell({ row: 8, col: 8, rowSpan: 4, colSpan: 4 }, w, h);
    assertEquals(top.left + top.width, right.left);
    assertEquals(right.left + right.width, w);
    assertEquals(top.top + top.height, below.top);
    assertEquals(last.top + last.height, h);
    assertEquals(last.left + last.width, w);
  }
});

Deno.test("ttyRefusal() refuses without a terminal and points to --once", () => {
  assertEquals(ttyRefusal(true), null);
  const message = ttyRefusal(false);
  assert(message?.startsWith("Cannot start the dashboard: stdout is not a terminal"));
  assert(message?.includes("--once"));
  assert(ttyRefusal(true, false)?.includes("stdin is not a terminal"));
});

Deno.test("tooSmall() picks the longest message that fits the width", () => {
  assertEquals(
    panelText.tooSmall(70, 10, 50, 12),
    "Terminal too small (70x10): resize to at least 50x12 · q quits",
  );
  assertEquals(panelText.tooSmall(40, 10, 50, 12), "Too small (40x10): need 50x12 · q quits");
  assertEquals(panelText.tooSmall(12, 3, 50, 12), "Need 50x12");
});
