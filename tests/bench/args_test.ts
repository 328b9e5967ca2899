import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import { parseBenchArgs } from "../../scripts/bench.ts";
import { parseSize, sizeLabel } from "../../scripts/bench/data.ts";

Deno.test("parseSize() reads K, M and G suffixes in binary units", () => {
  assertEquals(parseSize("200M"), 200 * 1024 * 1024);
  assertEquals(parseSize("1G"), 1024 ** 3);
  assertEquals(parseSize("1GiB"), 1024 ** 3);
  assertEquals(parseSize("512k"), 512 * 1024);
  assertEquals(parseSize("1.5M"), 1.5 * 1024 * 1024);
  assertEquals(parseSize("4096"), 4096);
  assertThrows(() => parseSize("lots"), /Cannot parse size "lots"/);
});

Deno.test("sizeLabel() gives short labels that name the cache folders", () => {
  assertEquals(sizeLabel(1024 ** 3), "1G");
  assertEquals(sizeLabel(200 * 1024 * 1024), "200M");
  assertEquals(sizeLabel(3.5 * 1024 * 1024), "3.5M");
  assertEquals(sizeLabel(2048), "2K");
});

Deno.test("parseBenchArgs() defaults to 200M and 1G, 5 repetitions and 60 s of dashboard", () => {
  const options = parseBenchArgs([]);
  assertEquals(options.sizes, [200 * 1024 ** 2, 1024 ** 3]);
  assertEquals(options.reps, 5);
  assertEquals(options.tuiSeconds, 60);
  assertEquals(options.skipTui, false);
  assertEquals(options.check, false);
});

Deno.test("parseBenchArgs() --quick shrinks the run unless a flag says otherwise", () => {
  const quick = parseBenchArgs(["--quick"]);
  assertEquals([quick.sizes, quick.reps, quick.tuiSeconds], [[20 * 1024 ** 2], 1, 10]);
  const sized = parseBenchArgs(["--quick", "--sizes", "5M", "--skip-tui"]);
  assertEquals([sized.sizes, sized.skipTui], [[5 * 1024 ** 2], true]);
});

Deno.test("parseBenchArgs() --cases picks the parts to run; --skip-tui drops the dashboard", () => {
  assertEquals([...parseBenchArgs([]).cases], ["cold", "cache", "tui", "hostile"]);
  assertEquals([...parseBenchArgs(["--cases", "hostile"]).cases], ["hostile"]);
  assertEquals([...parseBenchArgs(["--cases", "cache,tui", "--skip-tui"]).cases], ["cache"]);
  const sized = parseBenchArgs(["--files", "10", "--line-size", "1M", "--nulls", "5"]);
  assertEquals([sized.files, sized.lineBytes, sized.nulls], [10, 1024 ** 2, 5]);
  assertThrows(() => parseBenchArgs(["--cases", "cold,warp"]), /Cannot parse --cases "warp"/);
});

Deno.test("parseBenchArgs() rejects unknown flags, missing values and bad counts", () => {
  assertThrows(() => parseBenchArgs(["--fast"]), /unknown flag/);
  assertThrows(() => parseBenchArgs(["--sizes"]), /a value is missing/);
  assertThrows(() => parseBenchArgs(["--reps", "0"]), /expected a whole number >= 1/);
});
