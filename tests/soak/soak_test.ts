/**
 * Soak (issue 14 item 10): 48 simulated hours on a pinned clock (tests/soak/soak_run.ts, in its
 * own process so the heap can be measured after a full GC). State and memory stay bounded, no
 * alert repeats (not even across a restart), and the final numbers equal a fresh read and the
 * real ccusage 20.0.24 on the same files.
 */

import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { createNativeSource } from "../../src/sources/native/native_source.ts";
import { createDenoFileSystem } from "../../src/sources/native/deno_file_system.ts";
import { type BlockJson, blockToJson } from "../../src/core/blocks_output.ts";
import { blockDifferences, runCcusageBlocks } from "../support/ccusage_blocks.ts";

const RUN = fileURLToPath(new URL("./soak_run.ts", import.meta.url));
const MiB = 1024 * 1024;

interface SoakResult {
  lines: number;
  sessions: number;
  events: string[];
  heap: { hour: number; bytes: number }[];
  stateBytes: { hour: number; bytes: number }[];
  delivered: { title: string; at: number }[];
  alerts: { kind: string; windowId: string | null; at: number }[];
  appendedAt: number[];
  trackerWindows: number;
  firedKeys: number;
  incremental: BlockJson[];
  fresh: BlockJson[];
  snapshot: { window: unknown; period: unknown };
  freshSnapshot: { window: unknown; period: unknown };
}

Deno.test({
  name: "48 simulated hours: bounded state and memory, no repeated alert, numbers equal ccusage",
  ignore: Deno.build.os === "windows",
  async fn() {
    const data = await Deno.makeTempDir({ prefix: "cm-soak-data-" });
    const state = await Deno.makeTempDir({ prefix: "cm-soak-state-" });
    try {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--v8-flags=--expose-gc", RUN, data, state],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const decoder = new TextDecoder();
      equal(out.code, 0, decoder.decode(out.stderr));
      const r = JSON.parse(decoder.decode(out.stdout)) as SoakResult;
      ok(r.lines > 1000, `${r.lines} lines appended`);
      ok(
        r.events.some((e) => e.startsWith("rotated")) &&
          r.events.some((e) => e.startsWith("truncated")),
      );

      // Memory: after a full GC the heap holds the data's aggregates, not one copy per refresh
      // (2,880 refreshes would add hundreds of MiB if each kept its result).
      const at = (hour: number) => r.heap.find((h) => h.hour === hour)!.bytes;
      ok(at(48) - at(12) < 8 * MiB, `heap grew ${((at(48) - at(12)) / MiB).toFixed(1)} MiB`);
      ok(at(48) < 64 * MiB, `heap ${(at(48) / MiB).toFixed(1)} MiB`);
      // State: a record per window of the period and the alerts still pending, nothing per refresh.
      ok(Math.max(...r.stateBytes.map((s) => s.bytes)) < 16 * 1024, JSON.stringify(r.stateBytes));
      const windows = r.fresh.filter((b) => !b.isGap).length;
      ok(r.trackerWindows <= windows, `${r.trackerWindows} windows kept for ${windows}`);
      ok(r.firedKeys <= 4, `${r.firedKeys} fired alerts kept`);

      // Alerts: each window ends once; an idle alert comes again only after new activity.
      ok(
        r.alerts.some((a) => a.kind === "window-ending") && r.alerts.some((a) => a.kind === "idle"),
      );
      equal(r.delivered.length, r.alerts.length, "every alert delivered once");
      const ending = r.alerts.filter((a) => a.kind === "window-ending").map((a) => a.windowId);
      deepStrictEqual(ending, [...new Set(ending)], "a window-ending alert repeated");
      const idle = r.alerts.filter((a) => a.kind === "idle").sort((a, b) => a.at - b.at);
      for (let i = 1; i < idle.length; i++) {
        const [before, after] = [idle[i - 1]!, idle[i]!];
        if (before.windowId !== after.windowId) continue;
        ok(
          r.appendedAt.some((t) => t > before.at && t < after.at),
          `idle alert repeated in ${after.windowId} without activity in between`,
        );
      }

      // Numbers: the incrementally kept blocks and snapshot equal a fresh read and a fresh start.
      deepStrictEqual(r.incremental, r.fresh);
      deepStrictEqual(r.snapshot, r.freshSnapshot);
      // And the real ccusage on the same files, at the same instant.
      const reference = await runCcusageBlocks(data);
      const source = createNativeSource({
        fs: createDenoFileSystem(),
        dirs: [data],
        now: () => reference.now,
        workers: 0,
      });
      const native = (await source.load(0)).blocks.map(blockToJson);
      source.close();
      deepStrictEqual(blockDifferences(native, reference.blocks), []);
    } finally {
      await Deno.remove(data, { recursive: true });
      await Deno.remove(state, { recursive: true });
    }
  },
});
