/** Several monitors of one account send each alert once (a marker file per alert key). */

import { deepStrictEqual, equal } from "node:assert/strict";
import { Monitor } from "../../src/app/monitor.ts";
import { resolveSettings } from "../../src/cli/settings.ts";
import { parseStatuslineInput } from "../../src/core/official.ts";
import { createAlertGate } from "../../src/store/alert_gate.ts";
import { emptyState, type StateFile } from "../../src/store/state_store.ts";
import type { CaptureFile } from "../../src/store/official_store.ts";
import type { Notifier, NotifyResult } from "../../src/ports.ts";
import { makeBlock } from "../support/blocks.ts";

const settings = resolveSettings({
  flags: { startDay: "15", timezone: "UTC", alertAt: "80,95" },
  env: {},
  file: {},
  fileName: "test",
  systemTimeZone: "UTC",
}).settings;

class Recording implements Notifier {
  readonly backend = "notify-send";
  sent: string[] = [];
  notify(title: string): Promise<NotifyResult> {
    this.sent.push(title);
    return Promise.resolve({ ok: true, tried: ["notify-send"] });
  }
}

const now = Date.parse("2026-11-25T12:40:00Z");
const reset = Date.parse("2026-11-25T13:00:00Z");

function captures(fiveHour: number): CaptureFile {
  const latest = parseStatuslineInput(
    JSON.stringify({
      rate_limits: { five_hour: { used_percentage: fiveHour, resets_at: reset / 1000 } },
    }),
    now - 60_000,
  )!;
  return { version: 1, latest, history: [latest] };
}

async function monitorWith(dir: string, file: () => CaptureFile) {
  let state: StateFile = emptyState();
  const notifier = new Recording();
  const monitor = new Monitor({
    clock: { now: () => now },
    source: {
      kind: "native",
      // 12:40, window 08:00-13:00: 20 minutes left, so the window-ending alert is due too.
      load: () =>
        Promise.resolve({ blocks: [makeBlock("2026-11-25T08:00:00Z", { lastMinutes: 279 })] }),
    },
    store: {
      load: () => Promise.resolve({ state: structuredClone(state), warning: null }),
      save: (s) => {
        state = structuredClone(s);
        return Promise.resolve();
      },
    },
    settings,
    notifier,
    loadCaptures: () => Promise.resolve(file()),
    alertGate: await createAlertGate(dir, now),
  });
  await monitor.init();
  await monitor.refresh();
  return { monitor, notifier };
}

/** Lets the fire-and-forget deliveries finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

Deno.test("two monitors of one account send each alert once between them", async () => {
  const dir = await Deno.makeTempDir();
  let share = 85;
  const a = await monitorWith(dir, () => captures(share));
  const b = await monitorWith(dir, () => captures(share));
  a.monitor.tick();
  b.monitor.tick();
  await settle();
  const all = [...a.notifier.sent, ...b.notifier.sent].sort();
  deepStrictEqual(all, ["Claude 5-hour limit at 85%", "Claude window ends in 20 min"]);
  // Each monitor still lists the alerts it saw in its own log.
  equal(b.monitor.snapshot().alerts.length, 2);
  share = 96;
  await a.monitor.refresh();
  await b.monitor.refresh();
  b.monitor.tick();
  a.monitor.tick();
  await settle();
  deepStrictEqual([...a.notifier.sent, ...b.notifier.sent].filter((t) => t.includes("96")), [
    "Claude 5-hour limit at 96%",
  ]);
});

Deno.test("createAlertGate() lets exactly one of many concurrent claims through", async () => {
  const dir = await Deno.makeTempDir();
  const gates = await Promise.all([1, 2, 3].map(() => createAlertGate(dir, now)));
  const results = await Promise.all(
    gates.flatMap((g) => [g.claim("limit:5h:x:80", reset), g.claim("limit:5h:x:80", reset)]),
  );
  equal(results.filter((r) => r).length, 1);
  equal(await gates[0]!.claim("another", reset), true);
});

Deno.test("createAlertGate() forgets markers past their time when it starts", async () => {
  const dir = await Deno.makeTempDir();
  const gate = await createAlertGate(dir, now);
  equal(await gate.claim("old", now - 1), true);
  equal(await gate.claim("current", now + 60_000), true);
  const later = await createAlertGate(dir, now);
  equal(await later.claim("old", now + 1), true);
  equal(await later.claim("current", now + 60_000), false);
});
