import { deepStrictEqual as assertEquals, match as assertMatch } from "node:assert/strict";
import { HeadlessRenderer } from "./headless_renderer.ts";
import { DEFAULT_LEVELS, type Frame } from "../ports.ts";
import type { Snapshot, SnapshotAlert, SnapshotWindow } from "../core/types.ts";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-25T08:10:00.000Z");

function window(startIso: string, total: number, cost: number, now: number): SnapshotWindow {
  const start = Date.parse(startIso);
  return {
    id: startIso,
    startTime: start,
    endTime: start + 5 * HOUR,
    lastActivity: now,
    minutesLeft: Math.round((start + 5 * HOUR - now) / 60_000),
    idleMinutes: 0,
    tokens: { input: 0, output: 0, cacheCreation: 0, cacheRead: 0, total },
    costUSD: cost,
    models: ["claude-sonnet-4-20250514"],
    percentOfMax: 10,
    burnRate: null,
    projection: null,
  };
}

function frame(
  now: number,
  options: {
    window?: SnapshotWindow | null;
    error?: string | null;
    alerts?: SnapshotAlert[];
    period?: [string, string];
    used?: number;
    cost?: number;
  } = {},
): Frame {
  const [start, end] = options.period ?? ["2026-11-15", "2026-12-15"];
  const snapshot: Snapshot = {
    schemaVersion: 1,
    generatedAt: now,
    timezone: "Europe/Warsaw",
    source: {
      kind: "ccusage",
      ok: (options.error ?? null) === null,
      error: options.error ?? null,
      updatedAt: now,
    },
    window: options.window ?? null,
    period: {
      start,
      end,
      daysLeft: 20,
      sessionsUsed: options.used ?? 12,
      sessionsLimit: 50,
      sessionsLeft: Math.max(0, 50 - (options.used ?? 12)),
      sessionsOver: Math.max(0, (options.used ?? 12) - 50),
      sessionsPerDayLeft: 1.9,
      costUSD: options.cost ?? 100,
      totalTokens: 0,
      maxTokens: 1_000_000,
      maxCostUSD: 9,
    },
    official: null,
    alerts: options.alerts ?? [],
  };
  return {
    snapshot,
    blocks: [],
    activity: null,
    now,
    notifierBackend: "notify-send",
    alertLog: options.alerts ?? [],
    dataDirs: [],
    settings: {
      timeZone: "UTC",
      alertBefore: 30,
      idleAfter: 10,
      tokenLimit: null,
      sessions: 50,
      color: false,
      levels: DEFAULT_LEVELS,
    },
    notifications: [],
  };
}

const ENDING: SnapshotAlert = {
  kind: "window-ending",
  windowId: "2026-11-25T08:00:00.000Z",
  at: Date.parse("2026-11-25T12:30:00.000Z"),
  title: "Claude window ends in 30 min",
  body: "Resets at 14:00\n812k tokens used",
};

Deno.test("HeadlessRenderer prints one stamped line per event across a window's life", () => {
  const lines: string[] = [];
  const r = new HeadlessRenderer((line) => lines.push(line));
  const w = (now: number, total: number) => window("2026-11-25T08:00:00.000Z", total, 1.5, now);

  r.render(frame(T0 - 20 * 60_000)); // 07:50Z, nothing active yet
  r.render(frame(T0 - 19 * 60_000)); // a quiet tick
  r.render(frame(T0, { window: w(T0, 1000), used: 13 }));
  r.render(frame(T0 + HOUR, { window: w(T0 + HOUR, 5000), used: 13, error: "ccusage timed out" }));
  r.render(
    frame(T0 + HOUR + 10_000, { window: w(T0 + HOUR, 5000), used: 13, error: "ccusage timed out" }),
  );
  r.render(frame(T0 + 2 * HOUR, { window: w(T0 + 2 * HOUR, 9000), used: 13 }));
  r.render(
    frame(T0 + 260 * 60_000, { window: w(T0 + 260 * 60_000, 812_345), used: 13, alerts: [ENDING] }),
  );
  r.render(
    frame(T0 + 261 * 60_000, { window: w(T0 + 261 * 60_000, 812_345), used: 13, alerts: [ENDING] }),
  );
  r.render(frame(T0 + 5 * HOUR, { window: null, used: 13, alerts: [ENDING] }));

  assertEquals(lines, [
    "2026-11-25T08:50:00+01:00 started: source ccusage, period 2026-11-15 → 2026-12-15, 12/50 sessions used, notifications notify-send",
    "2026-11-25T09:10:00+01:00 window started 09:00, resets 14:00; 13/50 sessions used",
    "2026-11-25T10:10:00+01:00 source error (ccusage): ccusage timed out",
    "2026-11-25T11:10:00+01:00 source error cleared (ccusage)",
    "2026-11-25T13:30:00+01:00 alert window-ending: Claude window ends in 30 min: Resets at 14:00 812k tokens used",
    "2026-11-25T14:10:00+01:00 window ended 09:00–14:00: 812,345 tokens, $1.50",
  ]);
});

Deno.test("HeadlessRenderer reports a window already running at start, and a back-to-back new one", () => {
  const lines: string[] = [];
  const r = new HeadlessRenderer((line) => lines.push(line));
  const first = window("2026-11-25T08:00:00.000Z", 50_000, 2, T0);
  r.render(frame(T0, { window: first, error: "Cannot read ~/.claude/projects" }));
  const later = T0 + 5 * HOUR;
  r.render(frame(later, { window: window("2026-11-25T13:00:00.000Z", 10, 0.01, later) }));
  assertEquals(lines.map((l) => l.slice(26)), [
    "started: source ccusage, period 2026-11-15 → 2026-12-15, 12/50 sessions used, notifications notify-send",
    "window active since 09:00, resets 14:00 (4h50m left): 50,000 tokens, $2.00",
    "source error (ccusage): Cannot read ~/.claude/projects",
    "window ended 09:00–14:00: 50,000 tokens, $2.00",
    "window started 14:00, resets 19:00; 12/50 sessions used",
    "source error cleared (ccusage)",
  ]);
});

Deno.test("HeadlessRenderer notes the period rolling over with the last period's totals", () => {
  const lines: string[] = [];
  const r = new HeadlessRenderer((line) => lines.push(line));
  const midnight = Date.parse("2026-12-14T23:00:00.000Z"); // 00:00 on the 15th in Warsaw
  r.render(frame(midnight - 60_000, { used: 41, cost: 310.2 }));
  r.render(frame(midnight, { period: ["2026-12-15", "2027-01-15"], used: 0, cost: 0 }));
  assertEquals(
    lines[1],
    "2026-12-15T00:00:00+01:00 period rolled over: 2026-12-15 → 2027-01-15; the last one ended at 41/50 sessions, $310.20",
  );
});

Deno.test("HeadlessRenderer stamps lines with the local offset of the snapshot's zone", () => {
  const lines: string[] = [];
  const r = new HeadlessRenderer((line) => lines.push(line));
  const f = frame(Date.parse("2026-07-01T12:00:00.000Z"));
  r.render(f);
  r.render({
    ...frame(Date.parse("2026-07-01T12:00:05.000Z")),
    snapshot: { ...f.snapshot, timezone: "UTC", source: { ...f.snapshot.source, error: "x" } },
  });
  assertMatch(lines[0] ?? "", /^2026-07-01T14:00:00\+02:00 started: /);
  assertMatch(lines[1] ?? "", /^2026-07-01T12:00:05\+00:00 source error/);
});

Deno.test("HeadlessRenderer says when no notifier will deliver alerts", () => {
  const lines: string[] = [];
  const r = new HeadlessRenderer((line) => lines.push(line));
  r.render({ ...frame(T0), notifierBackend: null });
  assertMatch(lines[0] ?? "", /, notifications none$/);
});

Deno.test("HeadlessRenderer logs the official limits at start, when they go stale, and basis changes", () => {
  const lines: string[] = [];
  const r = new HeadlessRenderer((l) => lines.push(l));
  const withOfficial = (now: number, stale: boolean, kind: "record" | "calibrated") => {
    const f = frame(now);
    f.snapshot.official = {
      capturedAt: T0,
      stale,
      fiveHour: { usedPercentage: 42.5, resetsAt: Date.parse("2026-11-25T13:00:00.000Z") },
      sevenDay: { usedPercentage: 17, resetsAt: null },
    };
    f.snapshot.estimate = {
      basis: {
        kind,
        label: kind === "record" ? "vs. record" : "calibrated",
        limitTokens: 1_300_000,
        limitCostUSD: null,
        samples: kind === "record" ? 0 : 3,
      },
      percent: null,
      pace: null,
      runsOutAt: null,
    };
    return f;
  };
  r.render(withOfficial(T0, false, "record"));
  r.render(withOfficial(T0 + 60_000, false, "record"));
  r.render(withOfficial(T0 + 120_000, false, "calibrated"));
  r.render(withOfficial(T0 + 5 * HOUR, true, "calibrated"));
  assertEquals(lines.slice(1), [
    "2026-11-25T09:10:00+01:00 official: 5-hour 43% · resets 14:00 (in 4h50m); 7-day 17%",
    "2026-11-25T09:10:00+01:00 estimate basis vs. record: 1,300,000 tokens per window",
    "2026-11-25T09:12:00+01:00 estimate basis calibrated: 1,300,000 tokens per window (3 samples)",
    "2026-11-25T14:10:00+01:00 official (stale, as of 09:10): 5-hour 43% · reset at 14:00; 7-day 17%",
  ]);
});

Deno.test("HeadlessRenderer names an unreadable transcript once, when it appears", () => {
  const lines: string[] = [];
  const r = new HeadlessRenderer((l) => lines.push(l));
  const withUnreadable = (now: number, paths: string[]) => {
    const f = frame(now);
    f.snapshot.source.unreadableFiles = paths;
    return f;
  };
  r.render(withUnreadable(T0, ["/d/projects/p/a.jsonl"]));
  r.render(withUnreadable(T0 + 60_000, ["/d/projects/p/a.jsonl"]));
  r.render(withUnreadable(T0 + 120_000, ["/d/projects/p/a.jsonl", "/d/projects/p/b.jsonl"]));
  assertEquals(lines.slice(1).map((line) => line.replace(/^\S+ /, "")), [
    'Cannot read "/d/projects/p/a.jsonl": skipped',
    'Cannot read "/d/projects/p/b.jsonl": skipped',
  ]);
});
