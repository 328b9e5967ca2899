/**
 * The soak run (spawned by soak_test.ts with `--v8-flags=--expose-gc`, so heap samples are taken
 * after a full collection): 48 simulated hours ending now, one refresh and one tick per simulated
 * minute on a pinned clock, lines appended to real files every active minute, a file rotated
 * (renamed, new one started) and one truncated and rewritten, and a restart half way. Prints one
 * JSON object with what soak_test.ts checks.
 *
 * Usage: deno run -A --v8-flags=--expose-gc tests/soak/soak_run.ts <data dir> <state dir>
 */

import { join } from "node:path";
import { Monitor } from "../../src/app/monitor.ts";
import { resolveSettings } from "../../src/cli/settings.ts";
import type { Notifier, Renderer } from "../../src/ports.ts";
import type { SnapshotAlert } from "../../src/core/types.ts";
import { createDenoFileSystem } from "../../src/sources/native/deno_file_system.ts";
import { createNativeSource } from "../../src/sources/native/native_source.ts";
import { resolveDataSet } from "../../src/store/data_set.ts";
import { StateStore } from "../../src/store/state_store.ts";
import { blockToJson } from "../../src/core/blocks_output.ts";
import { assistantLine, Rng } from "../support/generate_jsonl.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const [dataDir, stateDir] = Deno.args;
if (!dataDir || !stateDir) throw new Error("Usage: soak_run.ts <data dir> <state dir>");

const end = Math.floor(Date.now() / MINUTE) * MINUTE;
const start = end - 48 * HOUR;
let now = start;
const clock = { now: () => now };
const rng = new Rng(48);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("Cannot sample the heap: run with --v8-flags=--expose-gc");

const settings = resolveSettings({
  flags: {},
  env: {},
  file: {},
  fileName: "soak",
  systemTimeZone: "UTC",
}).settings;
const delivered: { title: string; body: string; at: number }[] = [];
const notifier: Notifier = {
  backend: "recorder",
  notify(title, body) {
    delivered.push({ title, body, at: now });
    return Promise.resolve({ ok: true, tried: ["recorder"], deliveredBy: "recorder" });
  },
};
// Every alert either monitor fired, once each (frames repeat the log of their run).
const fired = new Map<string, SnapshotAlert>();
const renderer: Renderer = {
  render(frame) {
    for (const alert of frame.alertLog) {
      fired.set(`${alert.kind}|${alert.windowId}|${alert.at}`, alert);
    }
  },
  destroy() {},
};
const appendedAt: number[] = [];
const project = join(dataDir, "projects", "-home-dev-soak");
await Deno.mkdir(project, { recursive: true });
const dataSet = await resolveDataSet([dataDir], []);

function newMonitor(): Monitor {
  const source = createNativeSource({
    fs: createDenoFileSystem(),
    dirs: [dataDir!],
    now: clock.now,
    workers: 0,
  });
  return new Monitor({
    clock,
    source,
    store: new StateStore(stateDir!, dataSet),
    settings,
    notifier,
    renderer,
    dataDirs: [dataDir!],
  });
}

/** Work in spells: about 2-4 h of activity, then 1-7 h off (idle alerts, gaps, new windows). */
function activeAt(minute: number): boolean {
  const hour = Math.floor(minute / 60);
  const cycle = [3, 2, 4, 6, 2, 1, 3, 7];
  let h = 0;
  for (let i = 0;; i = (i + 1) % cycle.length) {
    h += cycle[i]!;
    if (hour < h) return i % 2 === 0;
  }
}

let sessionIndex = 0;
let session = rng.uuid();
let file = join(project, `${session}.jsonl`);
let lines = 0;
const heap: { hour: number; bytes: number }[] = [];
const stateBytes: { hour: number; bytes: number }[] = [];
const events: string[] = [];
let monitor = newMonitor();
await monitor.init();

async function stateSize(): Promise<number> {
  let total = 0;
  try {
    for await (const entry of Deno.readDir(join(stateDir!, "states"))) {
      if (entry.isFile) total += (await Deno.stat(join(stateDir!, "states", entry.name))).size;
    }
  } catch {
    // Nothing saved yet.
  }
  return total;
}

for (let minute = 0; minute <= 48 * 60; minute++) {
  now = start + minute * MINUTE;
  if (minute > 0 && minute % (8 * 60) === 0) {
    // Rotation: the file moves aside (its lines stay and must not count twice) and a new session
    // starts.
    await Deno.rename(file, `${file.slice(0, -6)}-rotated-${minute}.jsonl`);
    sessionIndex++;
    session = rng.uuid();
    file = join(project, `${session}.jsonl`);
    events.push(`rotated at ${minute}`);
  }
  if (minute === 30 * 60) {
    // Truncation: the current file is cut to nothing and its first half written back (a shrunk
    // file must be read again from the start, without counting the old bytes).
    const text = await Deno.readTextFile(file).catch(() => "");
    const kept = text.split("\n").filter((l) => l !== "");
    const half = kept.slice(0, Math.floor(kept.length / 2));
    await Deno.writeTextFile(file, "");
    await monitor.refresh();
    await Deno.writeTextFile(file, half.map((l) => `${l}\n`).join(""));
    events.push(`truncated at ${minute}: ${kept.length} -> ${half.length} lines`);
  }
  if (minute === 24 * 60) {
    // A restart: the new monitor must not repeat an alert the old one sent.
    await monitor.stop();
    monitor = newMonitor();
    await monitor.init();
    events.push(`restarted at ${minute}`);
  }
  if (activeAt(minute) && rng.int(0, 9) < 7) {
    const count = rng.int(1, 2);
    let text = "";
    for (let i = 0; i < count; i++) {
      const id = rng.hex(24);
      text += assistantLine({
        time: now - rng.int(0, 50) * 1000,
        model: rng.pick(["claude-sonnet-4-20250514", "claude-opus-4-5-20251101"]),
        usage: {
          input_tokens: rng.int(1, 4000),
          output_tokens: rng.int(1, 3000),
          cache_creation_input_tokens: rng.int(0, 2000),
          cache_read_input_tokens: rng.int(0, 40000),
        },
        messageId: `msg_${id}`,
        requestId: `req_${id}`,
        sessionId: session,
      }, rng) + "\n";
      lines++;
    }
    await Deno.writeTextFile(file, text, { append: true });
    appendedAt.push(now);
  }
  await monitor.refresh();
  monitor.tick();
  // Alerts are delivered asynchronously: let them land before the clock moves on.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (minute % (6 * 60) === 0) {
    gc();
    heap.push({ hour: minute / 60, bytes: Deno.memoryUsage().heapUsed });
    stateBytes.push({ hour: minute / 60, bytes: await stateSize() });
  }
}

const incremental = monitor.blocks().map(blockToJson);
const snapshot = monitor.snapshot(now);
await monitor.stop();
const stateFile = JSON.parse(
  await Deno.readTextFile(join(stateDir, "states", `${dataSet.key}.json`)),
);

// A fresh read of the final files at the final instant: what a new monitor would see.
const fresh = createNativeSource({
  fs: createDenoFileSystem(),
  dirs: [dataDir],
  now: () => now,
  workers: 0,
});
const freshBlocks = (await fresh.load(0)).blocks.map(blockToJson);
fresh.close();
const restarted = newMonitor();
await restarted.init();
await restarted.refresh();
const freshSnapshot = restarted.snapshot(now);
await restarted.stop();

// deno-lint-ignore no-console -- the result goes to the test that spawned this run
console.log(JSON.stringify({
  start,
  end,
  lines,
  sessions: sessionIndex + 1,
  events,
  heap,
  stateBytes,
  delivered,
  alerts: [...fired.values()].map(({ kind, windowId, at }) => ({ kind, windowId, at })),
  appendedAt,
  trackerWindows: stateFile.tracker.windows.length,
  firedKeys: Object.keys(stateFile.alerts?.fired ?? {}).length,
  incremental,
  fresh: freshBlocks,
  snapshot: { window: snapshot.window, period: snapshot.period },
  freshSnapshot: { window: freshSnapshot.window, period: freshSnapshot.period },
}));
