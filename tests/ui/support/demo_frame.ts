/** A pinned demo frame for UI tests: the demo source at a fixed `now` in Europe/Warsaw. */

import { createDemoSource } from "../../../src/sources/demo_source.ts";
import type { Frame } from "../../../src/ports.ts";
import { type FrameFixture, frameFixture } from "./frame_fixture.ts";

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
    ...overrides,
  });
}
