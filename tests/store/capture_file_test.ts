/**
 * The capture file keeps its ISO format on disk while the app holds epoch ms: files written by
 * the previous version read unchanged, and this version writes the same bytes it did.
 */

import { deepStrictEqual, equal } from "node:assert/strict";
import { join } from "node:path";
import { parseStatuslineInput } from "../../src/core/official.ts";
import { capturePath, loadCaptures, saveCapture } from "../../src/store/official_store.ts";
import { canonicalDir } from "../../src/store/data_set.ts";

const T = (iso: string) => Date.parse(iso);
const now = T("2026-11-25T10:00:00Z");

function capture(fiveHour: number, at: number) {
  return parseStatuslineInput(
    JSON.stringify({
      rate_limits: {
        five_hour: { used_percentage: fiveHour, resets_at: T("2026-11-25T13:00:00Z") / 1000 },
        seven_day: { used_percentage: 41.2 },
        model_scoped: [{ display_name: "Opus", utilization: 3, resets_at: 1764520800 }],
      },
    }),
    at,
  )!;
}

/** What the previous version (main at e451e2c) wrote for the two saves below, byte for byte. */
const PREVIOUS_FILE = '{"version":1,"latest":{"capturedAt":"2026-11-25T10:00:00.000Z",' +
  '"fiveHour":{"usedPercentage":23.5,"resetsAt":"2026-11-25T13:00:00.000Z"},' +
  '"sevenDay":{"usedPercentage":41.2,"resetsAt":null},"spendLimit":null,' +
  '"modelScoped":[{"name":"Opus","usedPercentage":3,"resetsAt":"2025-11-30T16:40:00.000Z"}]},' +
  '"history":[{"capturedAt":"2026-11-25T09:58:00.000Z",' +
  '"fiveHour":{"usedPercentage":20,"resetsAt":"2026-11-25T13:00:00.000Z"},' +
  '"sevenDay":{"usedPercentage":41.2,"resetsAt":null},"spendLimit":null,' +
  '"modelScoped":[{"name":"Opus","usedPercentage":3,"resetsAt":"2025-11-30T16:40:00.000Z"}]},' +
  '{"capturedAt":"2026-11-25T10:00:00.000Z",' +
  '"fiveHour":{"usedPercentage":23.5,"resetsAt":"2026-11-25T13:00:00.000Z"},' +
  '"sevenDay":{"usedPercentage":41.2,"resetsAt":null},"spendLimit":null,' +
  '"modelScoped":[{"name":"Opus","usedPercentage":3,"resetsAt":"2025-11-30T16:40:00.000Z"}]}]}\n';

async function account(): Promise<{ state: string; data: string; path: string }> {
  const state = await Deno.makeTempDir({ prefix: "cm-cap-state-" });
  const data = await Deno.makeTempDir({ prefix: "cm-cap-data-" });
  return { state, data, path: capturePath(state, await canonicalDir(data)) };
}

Deno.test("saveCapture() writes the same ISO file as the previous version", async () => {
  const { path } = await account();
  await saveCapture(path, capture(20, now - 120_000));
  await saveCapture(path, capture(23.5, now));
  equal(await Deno.readTextFile(path), PREVIOUS_FILE);
});

Deno.test("loadCaptures() reads a file of the previous version as epoch-ms captures", async () => {
  const { state, data, path } = await account();
  await Deno.mkdir(join(state, "captures"), { recursive: true });
  await Deno.writeTextFile(path, PREVIOUS_FILE);
  const file = (await loadCaptures(state, [data]))!;
  deepStrictEqual(file.latest, capture(23.5, now));
  deepStrictEqual(file.history, [capture(20, now - 120_000), capture(23.5, now)]);
  equal(file.latest.capturedAt, now);
  equal(file.latest.fiveHour?.resetsAt, T("2026-11-25T13:00:00Z"));
  equal(file.latest.modelScoped?.[0]?.resetsAt, 1764520800_000);
});

Deno.test("loadCaptures() reads captures recorded before the spend limit existed", async () => {
  const { state, data, path } = await account();
  await Deno.mkdir(join(state, "captures"), { recursive: true });
  const old = {
    capturedAt: "2026-11-25T10:00:00.000Z",
    fiveHour: { usedPercentage: 5, resetsAt: "2026-11-25T13:00:00.000Z" },
    sevenDay: null,
  };
  await Deno.writeTextFile(path, JSON.stringify({ version: 1, latest: old, history: [old] }));
  const file = (await loadCaptures(state, [data]))!;
  deepStrictEqual(file.latest, {
    capturedAt: now,
    fiveHour: { usedPercentage: 5, resetsAt: T("2026-11-25T13:00:00Z") },
    sevenDay: null,
    spendLimit: null,
    modelScoped: [],
  });
  equal(file.history.length, 1);
});

Deno.test("loadCaptures() picks the account with the newest capture by its time", async () => {
  const state = await Deno.makeTempDir({ prefix: "cm-cap-state-" });
  const a = await Deno.makeTempDir({ prefix: "cm-cap-a-" });
  const b = await Deno.makeTempDir({ prefix: "cm-cap-b-" });
  await saveCapture(capturePath(state, await canonicalDir(a)), capture(10, now));
  await saveCapture(capturePath(state, await canonicalDir(b)), capture(30, now - 60_000));
  equal((await loadCaptures(state, [b, a]))!.latest.fiveHour?.usedPercentage, 10);
  equal((await loadCaptures(state, [b]))!.latest.fiveHour?.usedPercentage, 30);
});
