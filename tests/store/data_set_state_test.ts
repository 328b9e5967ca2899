import { deepStrictEqual, equal, match, notEqual, rejects } from "node:assert/strict";
import { join } from "node:path";
import { emptyState, readIndex, StateStore } from "../../src/store/state_store.ts";
import { type DataSet, resolveDataSet } from "../../src/store/data_set.ts";

function set(key: string, dirs: string[], isDefault = false): DataSet {
  return { key, dirs, isDefault };
}

Deno.test("StateStore keeps one file per data set and names each set's dirs in the index", async () => {
  const dir = await Deno.makeTempDir();
  const a = new StateStore(dir, set("a-1", ["/x/a"]));
  const b = new StateStore(dir, set("b-2", ["/x/b", "/y/b"]));
  const stateA = emptyState();
  stateA.tracker.maxTokens = 36;
  await a.save(stateA);
  const stateB = emptyState();
  stateB.tracker.maxTokens = 1;
  await b.save(stateB);
  equal((await a.load(0)).state.tracker.maxTokens, 36);
  equal((await b.load(0)).state.tracker.maxTokens, 1);
  equal(a.path, join(dir, "states", "a-1.json"));
  deepStrictEqual(await readIndex(join(dir, "states", "index.json")), {
    version: 1,
    states: { "a-1.json": { dirs: ["/x/a"] }, "b-2.json": { dirs: ["/x/b", "/y/b"] } },
  });
});

Deno.test("the default dirs' state takes over the single state.json of earlier versions", async () => {
  const dir = await Deno.makeTempDir();
  const legacy = emptyState();
  legacy.tracker.maxTokens = 810_000;
  legacy.seedImported = true;
  const text = JSON.stringify(legacy);
  await Deno.writeTextFile(join(dir, "state.json"), text);
  const defaults = await new StateStore(dir, set("d-1", ["/h/.claude"], true)).load(0);
  deepStrictEqual(defaults.state, legacy);
  const other = await new StateStore(dir, set("o-2", ["/h/other"])).load(0);
  deepStrictEqual(other.state, emptyState());
  // Left as it was, for an older version run later.
  equal(await Deno.readTextFile(join(dir, "state.json")), text);
});

Deno.test("a corrupt state.json of an earlier version is ignored, not moved", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(join(dir, "state.json"), "{not json");
  const { state, warning } = await new StateStore(dir, set("d-1", ["/h"], true)).load(0);
  deepStrictEqual(state, emptyState());
  equal(warning, null);
  equal(await Deno.readTextFile(join(dir, "state.json")), "{not json");
});

Deno.test("StateStore refuses to save a number JSON would write as null, keeping the file", async () => {
  const dir = await Deno.makeTempDir();
  const store = new StateStore(dir, set("a-1", ["/x/a"]));
  const good = emptyState();
  good.tracker.maxTokens = 5;
  await store.save(good);
  const bad = emptyState();
  bad.tracker.maxCostUSD = Infinity;
  await rejects(
    store.save(bad),
    /Cannot save the state: tracker\.maxCostUSD is not a finite number/,
  );
  const windows = emptyState();
  windows.tracker.windows = [{ id: "w", startMs: 0, tokens: NaN, costUSD: 0 }];
  await rejects(store.save(windows), /tracker\.windows\[0\]\.tokens is not a finite number/);
  equal((await store.load(0)).state.tracker.maxTokens, 5);
  match(await Deno.readTextFile(store.path), /"maxCostUSD": 0/);
});

Deno.test("resolveDataSet() names a set by real paths, whatever the order or a symlink", async () => {
  const base = await Deno.makeTempDir();
  const a = join(base, "a");
  const b = join(base, "b");
  await Deno.mkdir(a);
  await Deno.mkdir(b);
  await Deno.symlink(a, join(base, "link-to-a"));
  const one = await resolveDataSet([a, b], [a]);
  const two = await resolveDataSet([b, join(base, "link-to-a"), a], [a]);
  equal(one.key, two.key);
  deepStrictEqual(one.dirs, [await Deno.realPath(a), await Deno.realPath(b)].sort());
  equal(one.isDefault, false);
  equal((await resolveDataSet([join(base, "link-to-a")], [a])).isDefault, true);
  const missing = await resolveDataSet([join(base, "none")], [a]);
  deepStrictEqual(missing.dirs, [join(base, "none")]);
  notEqual(missing.key, one.key);
});
