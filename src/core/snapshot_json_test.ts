import { deepStrictEqual, equal } from "node:assert/strict";
import { snapshotToJson } from "./snapshot_json.ts";
import type { Snapshot } from "./types.ts";

const T = (iso: string) => Date.parse(iso);

function snapshot(): Snapshot {
  return {
    schemaVersion: 1,
    generatedAt: T("2026-11-25T10:00:00.000Z"),
    timezone: "Europe/Warsaw",
    source: { kind: "native", ok: true, error: null, updatedAt: T("2026-11-25T09:59:58.250Z") },
    window: {
      id: "2026-11-25T08:00:00.000Z",
      startTime: T("2026-11-25T08:00:00.000Z"),
      endTime: T("2026-11-25T13:00:00.000Z"),
      lastActivity: T("2026-11-25T09:57:01.123Z"),
      minutesLeft: 180,
      idleMinutes: 2,
      tokens: { input: 1, output: 2, cacheCreation: 3, cacheRead: 4, total: 10 },
      costUSD: 1.5,
      models: ["claude-opus-4-5-20251101"],
      percentOfMax: 12.5,
      burnRate: null,
      projection: null,
    },
    period: {
      start: "2026-11-15",
      end: "2026-12-15",
      daysLeft: 20,
      sessionsUsed: 13,
      sessionsLimit: 50,
      sessionsLeft: 37,
      sessionsOver: 0,
      sessionsPerDayLeft: 1.85,
      costUSD: 12,
      totalTokens: 100,
      maxTokens: 80,
      maxCostUSD: 3,
    },
    official: {
      capturedAt: T("2026-11-25T09:50:00.000Z"),
      stale: false,
      fiveHour: { usedPercentage: 23.5, resetsAt: T("2026-11-25T13:00:00.000Z") },
      sevenDay: { usedPercentage: 40, resetsAt: null },
    },
    alerts: [{
      kind: "idle",
      windowId: "2026-11-25T08:00:00.000Z",
      at: T("2026-11-25T09:58:00.000Z"),
      title: "t",
      body: "b",
    }],
  };
}

Deno.test("snapshotToJson() writes every time as an ISO UTC string and keeps the rest", () => {
  const json = snapshotToJson(snapshot());
  equal(json.generatedAt, "2026-11-25T10:00:00.000Z");
  equal(json.source.updatedAt, "2026-11-25T09:59:58.250Z");
  equal(json.window?.startTime, "2026-11-25T08:00:00.000Z");
  equal(json.window?.endTime, "2026-11-25T13:00:00.000Z");
  equal(json.window?.lastActivity, "2026-11-25T09:57:01.123Z");
  equal(json.official?.capturedAt, "2026-11-25T09:50:00.000Z");
  deepStrictEqual(json.official?.fiveHour, {
    usedPercentage: 23.5,
    resetsAt: "2026-11-25T13:00:00.000Z",
  });
  deepStrictEqual(json.official?.sevenDay, { usedPercentage: 40, resetsAt: null });
  equal(json.alerts[0]?.at, "2026-11-25T09:58:00.000Z");
  deepStrictEqual(json.period, snapshot().period);
});

Deno.test("snapshotToJson() keeps the contract's key order and null sections", () => {
  const s = snapshot();
  const json = snapshotToJson({ ...s, window: null, official: null, alerts: [] });
  deepStrictEqual(Object.keys(json), [
    "schemaVersion",
    "generatedAt",
    "timezone",
    "source",
    "window",
    "period",
    "official",
    "alerts",
  ]);
  equal(json.window, null);
  equal(json.official, null);
  deepStrictEqual(Object.keys(snapshotToJson(s).window!), Object.keys(s.window!));
  deepStrictEqual(Object.keys(snapshotToJson(s).source), Object.keys(s.source));
});

Deno.test("snapshotToJson() writes a missing update time and last activity as null", () => {
  const s = snapshot();
  const json = snapshotToJson({
    ...s,
    source: { ...s.source, updatedAt: null },
    window: { ...s.window!, lastActivity: null },
  });
  equal(json.source.updatedAt, null);
  equal(json.window?.lastActivity, null);
});
