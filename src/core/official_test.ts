import { deepStrictEqual, equal } from "node:assert/strict";
import { join } from "node:path";
import { requireSharedDir, sharedTestOptions } from "../../tests/support/shared_dir.ts";
import {
  formatStatusline,
  isCaptureFresh,
  type OfficialCapture,
  parseStatuslineInput,
} from "./official.ts";

const now = Date.parse("2026-11-25T10:00:00Z");
const reset5h = Date.parse("2026-11-25T13:00:00Z") / 1000;
const input = JSON.stringify({
  session_id: "abc",
  model: { id: "claude-opus-4-5" },
  rate_limits: {
    five_hour: { used_percentage: 23.5, resets_at: reset5h },
    seven_day: { used_percentage: 41.2 },
  },
});

function limits(rateLimits: unknown): string {
  return JSON.stringify({ session_id: "s", rate_limits: rateLimits });
}

Deno.test("parseStatuslineInput() reads both limits and converts resets_at from Unix seconds", () => {
  deepStrictEqual(parseStatuslineInput(input, now), {
    capturedAt: Date.parse("2026-11-25T10:00:00.000Z"),
    fiveHour: { usedPercentage: 23.5, resetsAt: Date.parse("2026-11-25T13:00:00.000Z") },
    sevenDay: { usedPercentage: 41.2, resetsAt: null },
    spendLimit: null,
    modelScoped: [],
  });
});

Deno.test({
  ...sharedTestOptions(
    "parseStatuslineInput() reads the shared sample payload with its spend limit",
  ),
  fn: async () => {
    const path = join(requireSharedDir(), "samples", "statusline-input.json");
    const c = parseStatuslineInput(await Deno.readTextFile(path), now)!;
    deepStrictEqual(c.fiveHour, {
      usedPercentage: 42.5,
      resetsAt: Date.parse("2025-11-30T16:40:00.000Z"),
    });
    deepStrictEqual(c.sevenDay, {
      usedPercentage: 17,
      resetsAt: Date.parse("2025-12-06T00:00:00.000Z"),
    });
    deepStrictEqual(c.spendLimit, {
      usedPercentage: 8,
      resetsAt: Date.parse("2026-01-01T00:00:00.000Z"),
    });
  },
});

Deno.test("parseStatuslineInput() reads model_scoped, seven_day_opus/sonnet and utilization", () => {
  const c = parseStatuslineInput(
    limits({
      seven_day: { utilization: 30, resets_at: reset5h },
      model_scoped: [
        { display_name: "Opus", utilization: 61.5, resets_at: reset5h },
        { display_name: "Haiku", utilization: null, resets_at: reset5h },
        { display_name: "\u001b[31mSonnet\u0007", utilization: 12 },
        "junk",
      ],
      seven_day_opus: { utilization: 99 },
      seven_day_sonnet: { used_percentage: 5 },
    }),
    now,
  )!;
  deepStrictEqual(c.sevenDay, {
    usedPercentage: 30,
    resetsAt: Date.parse("2026-11-25T13:00:00.000Z"),
  });
  deepStrictEqual(c.modelScoped, [
    { name: "Opus", usedPercentage: 61.5, resetsAt: Date.parse("2026-11-25T13:00:00.000Z") },
    // Escape sequences never reach a terminal; seven_day_sonnet repeats a model_scoped entry.
    { name: "Sonnet", usedPercentage: 12, resetsAt: null },
  ]);
});

Deno.test("parseStatuslineInput() drops impossible values and keeps over-limit percentages", () => {
  const cases: [unknown, OfficialCapture["fiveHour"]][] = [
    [{ used_percentage: -1, resets_at: reset5h }, null],
    [{ used_percentage: "42", resets_at: reset5h }, null],
    [{ used_percentage: null }, null],
    [{ resets_at: reset5h }, null],
    [{ used_percentage: 1e400 }, null],
    [{ used_percentage: 105, resets_at: reset5h }, {
      usedPercentage: 105,
      resetsAt: Date.parse("2026-11-25T13:00:00.000Z"),
    }],
    // resets_at in milliseconds, far future, negative, a string: dropped, the share kept.
    [{ used_percentage: 50, resets_at: 1e13 }, { usedPercentage: 50, resetsAt: null }],
    [{ used_percentage: 50, resets_at: 9e15 }, { usedPercentage: 50, resetsAt: null }],
    [{ used_percentage: 50, resets_at: -5 }, { usedPercentage: 50, resetsAt: null }],
    [{ used_percentage: 50, resets_at: "1764520800" }, { usedPercentage: 50, resetsAt: null }],
    [[50], null],
    ["50", null],
  ];
  for (const [fiveHour, expected] of cases) {
    const c = parseStatuslineInput(
      limits({ five_hour: fiveHour, seven_day: { utilization: 1 } }),
      now,
    );
    deepStrictEqual(c?.fiveHour, expected, JSON.stringify(fiveHour));
  }
});

Deno.test("parseStatuslineInput() gives null without usable rate_limits or for garbage", () => {
  for (
    const text of [
      '{"session_id":"x"}',
      '{"rate_limits":{}}',
      '{"rate_limits":null}',
      '{"rate_limits":[1,2]}',
      '{"rate_limits":{"five_hour":{"used_percentage":-3}}}',
      "not json",
      "",
      "null",
      "[]",
      "\u0000\u0001".repeat(1000),
    ]
  ) equal(parseStatuslineInput(text, now), null, text.slice(0, 40));
});

Deno.test("isCaptureFresh() is fresh within 15 min or inside the running 5-hour window, never past its reset", () => {
  const c = parseStatuslineInput(input, now)!;
  const noReset: OfficialCapture = { ...c, fiveHour: { usedPercentage: 5, resetsAt: null } };
  const cases: [OfficialCapture, number, boolean][] = [
    [c, now + 60_000, true],
    [c, now + 2 * 3_600_000, true], // captured during the window that is still running
    [c, Date.parse("2026-11-25T13:00:00Z"), false], // the reset itself
    [noReset, now + 15 * 60_000, true],
    [noReset, now + 15 * 60_000 + 1, false],
    [
      { ...c, fiveHour: { usedPercentage: 5, resetsAt: Date.parse("2026-11-25T10:05:00.000Z") } },
      now + 6 * 60_000,
      false,
    ],
  ];
  for (const [capture, at, fresh] of cases) {
    equal(isCaptureFresh(capture, at), fresh, `${capture.fiveHour?.resetsAt} at ${at - now}`);
  }
});

Deno.test("formatStatusline() prints each meter, the local reset time and over-limit shares", () => {
  equal(
    formatStatusline(parseStatuslineInput(input, now), "Europe/Warsaw"),
    "5h 24% → 14:00 · 7d 41%",
  );
  const over = parseStatuslineInput(
    limits({
      five_hour: { used_percentage: 105 },
      spend_limit: { used_percentage: 8 },
      model_scoped: [{ display_name: "Opus", utilization: 70 }],
    }),
    now,
  );
  equal(formatStatusline(over, "UTC"), "5h 105% over · spend 8% · Opus 70%");
  equal(formatStatusline(null, "UTC"), "claude-session-monitor: no rate limits yet");
});
