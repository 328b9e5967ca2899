/**
 * Runs the dashboard on the demo source without main.ts, for looking at it in a terminal:
 * `deno run --unstable-unsafe-proto -A tests/ui/support/preview_dashboard.ts [--empty] [--alert] [--no-color]`.
 */

import { createDemoSource } from "../../../src/sources/demo_source.ts";
import { createBlessedRenderer } from "../../../src/ui/blessed_dashboard.ts";
import { frameFixture } from "./frame_fixture.ts";

const empty = Deno.args.includes("--empty");
const timeZone = Deno.env.get("TZ_NAME") ?? "Europe/Warsaw";
const source = createDemoSource(() => Date.now());
let loaded = empty ? { blocks: [], activity: [] } : await source.load(Date.now() - 40 * 86_400_000);
let updatedAt = Date.now();

const renderer = createBlessedRenderer({
  onRefresh: () => {
    void source.load(Date.now() - 40 * 86_400_000).then((data) => {
      loaded = data;
      updatedAt = Date.now();
    });
  },
  onQuit: () => {
    clearInterval(timer);
    renderer.destroy();
    Deno.exit(0);
  },
});

function tick(): void {
  renderer.render(frameFixture({
    blocks: loaded.blocks,
    activity: loaded.activity ?? null,
    now: Date.now(),
    timeZone,
    startDay: 15,
    kind: "demo",
    updatedAt,
    settings: { color: !Deno.args.includes("--no-color") },
    ...(empty ? { error: "No usage data found" } : {}),
    alertLog: !Deno.args.includes("--alert") ? [] : [{
      kind: "window-ending",
      windowId: null,
      at: Date.now() - 5 * 60_000,
      title: "Window ends in 30 min",
      body: "resets at 13:00",
    }],
  }));
}
tick();
const timer = setInterval(tick, 1000);
