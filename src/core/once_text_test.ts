import { equal } from "node:assert/strict";
import { formatOnceText, noUsageMessage } from "./once_text.ts";
import { billingPeriod, periodDates } from "./period.ts";
import { buildSnapshot } from "./snapshot.ts";
import { emptyTrackerState, updateTracker } from "./tracker.ts";

Deno.test("formatOnceText() names each transcript that could not be read", () => {
  const now = Date.parse("2026-11-25T10:18:00.000Z");
  const period = billingPeriod(now, 15, "UTC");
  const tracker = updateTracker(emptyTrackerState(), [], now, period, periodDates(period).start)
    .state;
  const snapshot = buildSnapshot({
    now,
    timezone: "UTC",
    blocks: [],
    period,
    tracker,
    source: {
      kind: "native",
      ok: true,
      error: null,
      updatedAt: Date.parse("2026-11-25T10:18:00.000Z"),
      unreadableFiles: ["/home/ana/.claude/projects/p/root-owned.jsonl"],
    },
    sessionsLimit: 50,
    tokenLimit: null,
    official: null,
    alerts: [],
  });
  equal(snapshot.source.unreadableFiles?.length, 1);
  const text = formatOnceText(snapshot);
  equal(
    text.includes(
      'Cannot read "/home/ana/.claude/projects/p/root-owned.jsonl": skipped',
    ),
    true,
    text,
  );
});

Deno.test("noUsageMessage says since when when the load did not read the whole history", () => {
  equal(
    noUsageMessage(["/d"], null, "UTC"),
    "no Claude Code usage found in /d (see --claude-dir, or try --demo)",
  );
  equal(
    noUsageMessage([], null, "UTC"),
    "no Claude Code usage found in the default directories (see --claude-dir, or try --demo)",
  );
  equal(
    noUsageMessage(["/a", "/b"], Date.UTC(2026, 10, 22), "Europe/Berlin"),
    "no Claude Code usage since 2026-11-22 01:00 in /a, /b",
  );
});
