import { deepStrictEqual, equal } from "node:assert/strict";
import {
  formatStatusline,
  officialSnapshot,
  parseCapture,
  parseStatuslineInput,
} from "./official.ts";

const now = Date.parse("2026-11-25T10:00:00Z");
const input = JSON.stringify({
  session_id: "abc",
  model: { id: "claude-opus-4-5" },
  rate_limits: {
    five_hour: { used_percentage: 23.5, resets_at: Date.parse("2026-11-25T13:00:00Z") / 1000 },
    seven_day: { used_percentage: 41.2 },
  },
});

Deno.test("parseStatuslineInput() reads both limits and converts resets_at from Unix seconds", () => {
  deepStrictEqual(parseStatuslineInput(input, now), {
    capturedAt: "2026-11-25T10:00:00.000Z",
    fiveHour: { usedPercentage: 23.5, resetsAt: "2026-11-25T13:00:00.000Z" },
    sevenDay: { usedPercentage: 41.2, resetsAt: null },
  });
});

Deno.test("parseStatuslineInput() gives null without rate_limits or for garbage", () => {
  equal(parseStatuslineInput('{"session_id":"x"}', now), null);
  equal(parseStatuslineInput('{"rate_limits":{}}', now), null);
  equal(parseStatuslineInput("not json", now), null);
});

Deno.test("officialSnapshot() marks a capture stale when old or past its reset", () => {
  const c = parseStatuslineInput(input, now)!;
  equal(officialSnapshot(c, now + 60_000).stale, false);
  equal(officialSnapshot(c, now + 16 * 60_000).stale, true);
  const past = { ...c, fiveHour: { usedPercentage: 5, resetsAt: "2026-11-25T10:05:00.000Z" } };
  equal(officialSnapshot(past, now + 6 * 60_000).stale, true);
});

Deno.test("formatStatusline() prints both percentages and the local reset time", () => {
  equal(
    formatStatusline(parseStatuslineInput(input, now), "Europe/Warsaw"),
    "5h 24% → 14:00 · 7d 41%",
  );
  equal(formatStatusline(null, "UTC"), "claude-monitor: no rate limits yet");
});

Deno.test("parseCapture() accepts a stored capture and rejects other shapes", () => {
  const c = parseStatuslineInput(input, now)!;
  deepStrictEqual(parseCapture(JSON.parse(JSON.stringify(c))), c);
  equal(parseCapture({ capturedAt: "x" }), null);
  equal(parseCapture({ capturedAt: c.capturedAt, fiveHour: { used: 1 }, sevenDay: null }), null);
});
