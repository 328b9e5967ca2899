import { deepStrictEqual, equal, match, ok, rejects } from "node:assert/strict";
import { join } from "node:path";
import { emptyState, StateStore } from "../../src/store/state_store.ts";
import { loadConfigFile } from "../../src/store/config_file.ts";
import { importSeedState } from "../../src/store/seed_import.ts";
import { emptyTrackerState } from "../../src/core/tracker.ts";
import { configPath, stateDir } from "../../src/store/paths.ts";
import { UsageError } from "../../src/cli/usage_error.ts";

Deno.test("StateStore round-trips the state and leaves no temp files", async () => {
  const dir = await Deno.makeTempDir();
  const store = new StateStore(join(dir, "nested", "claude-monitor"));
  const state = emptyState();
  state.tracker.maxTokens = 123;
  state.alerts = { fired: { "idle:x": 5 } };
  await store.save(state);
  const { state: loaded, warning } = await store.load(0);
  equal(warning, null);
  deepStrictEqual(loaded, state);
  const names = [...Deno.readDirSync(join(dir, "nested", "claude-monitor"))].map((e) => e.name);
  deepStrictEqual(names, ["state.json"]);
});

Deno.test("StateStore moves a corrupt file aside and starts fresh with a warning", async () => {
  const dir = await Deno.makeTempDir();
  const store = new StateStore(dir);
  await Deno.writeTextFile(store.path, '{"version":1,"tracker":{"maxTok');
  const { state, warning } = await store.load(Date.parse("2026-11-25T10:00:00Z"));
  deepStrictEqual(state, emptyState());
  match(warning!, /was corrupt: moved to .*state\.json\.corrupt-2026-11-25T10-00-00-000Z/);
  const aside = join(dir, "state.json.corrupt-2026-11-25T10-00-00-000Z");
  equal(await Deno.readTextFile(aside), '{"version":1,"tracker":{"maxTok');
  await rejects(Deno.stat(store.path), Deno.errors.NotFound);
});

Deno.test("StateStore treats valid JSON of the wrong shape as corrupt", async () => {
  const dir = await Deno.makeTempDir();
  const store = new StateStore(dir);
  await Deno.writeTextFile(store.path, '{"version":1,"tracker":{"version":1,"maxTokens":"x"}}');
  const { warning } = await store.load(0);
  ok(warning !== null);
});

Deno.test("loadConfigFile() reports malformed JSON naming the file", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "config.json");
  await Deno.writeTextFile(path, "{ startDay: 15 }");
  await rejects(
    loadConfigFile(path, false),
    (e: unknown) =>
      e instanceof UsageError && e.message.startsWith(`Cannot parse config file ${path}:`),
  );
});

Deno.test("loadConfigFile() allows a missing default file but not a missing --config file", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "none.json");
  deepStrictEqual((await loadConfigFile(path, false)).layer, {});
  await rejects(loadConfigFile(path, true), /Cannot read config file .*none\.json: no such file/);
});

Deno.test("loadConfigFile() separates the seed's state keys from preferences", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "config.json");
  await Deno.writeTextFile(
    path,
    JSON.stringify({
      max_tokens: 810000,
      monthly_meta: { period_start: "2026-11-15", cost: 12.5, sessions: 2 },
      processed_sessions: ["2026-11-16T08:00:00.000Z"],
      startDay: 15,
    }),
  );
  const file = await loadConfigFile(path, false);
  deepStrictEqual(file.layer, { startDay: 15 });
  equal(file.seed?.["max_tokens"], 810000);
});

Deno.test("importSeedState() takes the seed's record and processed windows", () => {
  const seed = {
    max_tokens: 810000,
    processed_sessions: ["2026-11-16T08:00:00.000Z", "not a date", "2026-11-16T08:00:00.000Z"],
  };
  const state = importSeedState(emptyTrackerState(), seed);
  equal(state.maxTokens, 810000);
  deepStrictEqual(state.windows, [{
    id: "2026-11-16T08:00:00.000Z",
    startMs: Date.parse("2026-11-16T08:00:00.000Z"),
    tokens: 0,
    costUSD: 0,
  }]);
  equal(importSeedState({ ...emptyTrackerState(), maxTokens: 900000 }, seed).maxTokens, 900000);
});

Deno.test("configPath() and stateDir() follow XDG and the Windows folders", () => {
  const env = { HOME: "/home/u" };
  equal(configPath(env, "linux"), "/home/u/.config/claude-monitor/config.json");
  equal(stateDir(env, "linux"), "/home/u/.local/state/claude-monitor");
  equal(
    configPath({ ...env, XDG_CONFIG_HOME: "/x/c" }, "darwin"),
    "/x/c/claude-monitor/config.json",
  );
  equal(stateDir({ ...env, XDG_STATE_HOME: "/x/s" }, "linux"), "/x/s/claude-monitor");
  const win = {
    USERPROFILE: "C:\\Users\\u",
    APPDATA: "C:\\Users\\u\\AppData\\Roaming",
    LOCALAPPDATA: "C:\\L",
  };
  ok(configPath(win, "windows").startsWith("C:\\Users\\u\\AppData\\Roaming"));
  ok(configPath(win, "windows").endsWith("config.json"));
  ok(stateDir(win, "windows").startsWith("C:\\L"));
});
