import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  notDeepStrictEqual as assertNotEquals,
} from "node:assert/strict";
import { dataSetKey } from "./data_set_key.ts";

Deno.test("dataSetKey() ignores order and duplicates", () => {
  const a = dataSetKey(["/home/ana/.claude", "/home/ana/.config/claude"]);
  const b = dataSetKey(["/home/ana/.config/claude", "/home/ana/.claude", "/home/ana/.claude"]);
  assertEquals(a, b);
});

Deno.test("dataSetKey() separates two accounts and a single dir from a pair", () => {
  const pair = dataSetKey(["/home/ana/.claude", "/home/ana/.config/claude"]);
  assertNotEquals(dataSetKey(["/home/ana/.claude"]), pair);
  assertNotEquals(dataSetKey(["/work/b/.claude"]), dataSetKey(["/work/a/.claude"]));
});

Deno.test("dataSetKey() is file-name safe and readable", () => {
  const key = dataSetKey(["C:\\Users\\ana\\.claude", "/tmp/wéird dir/", "/"]);
  assertMatch(key, /^[A-Za-z0-9_+-]+-[0-9a-f]{16}$/);
  assertEquals(dataSetKey([]).startsWith("data-"), true);
});
