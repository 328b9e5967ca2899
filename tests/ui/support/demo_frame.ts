/** A pinned demo frame for UI tests: the demo source at a fixed `now` in Europe/Warsaw. */

import { createDemoSource } from "../../../src/sources/demo_source.ts";
import type { Frame } from "../../../src/ports.ts";
import { type FrameFixture, frameFixture } from "./frame_fixture.ts";
import { weeklyUsage } from "../../../src/core/weekly.ts";

/** 2026-11-25 11:18:00 in Warsaw: the demo's active window started at 09:00 and resets at 14:00. */
export const NOW = Date.parse("2026-11-25T10:18:00.000Z");
/** The zone of every pinned frame. */
export const TZ = "Europe/Warsaw";

/** The demo data at NOW, with fixture overrides. */
export async function demoFrame(overrides: Partial<FrameFixture> = {}): Promise<Frame> {
  const data = await createDemoSource(() => NOW).load(NOW - 40 * 86_400_000);
  return frameFixture({
    blocks: data.blocks,
    activity: data.activity ?? null,
    now: NOW,
    timeZone: TZ,
    startDay: 15,
    kind: "demo",
    // The week as the monitor computes it from the same data (Monday 00:00 local).
    week: weeklyUsage({
      blocks: data.blocks,
      activity: data.activity ?? null,
      now: NOW,
      timeZone: TZ,
      officialReset: null,
      weekStart: { weekday: 1, hour: 0, minute: 0 },
    }),
    ...overrides,
  });
}

/** The demo frame with its period over its windows: 85 used of 50, so 35 over and none left. */
export async function overPeriodFrame(): Promise<Frame> {
  const frame = await demoFrame();
  const p = frame.snapshot.period;
  return {
    ...frame,
    snapshot: {
      ...frame.snapshot,
      period: { ...p, sessionsUsed: 85, sessionsLeft: 0, sessionsOver: 35 },
    },
  };
}
