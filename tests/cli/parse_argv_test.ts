import { deepStrictEqual } from "node:assert/strict";
import { parseArgs } from "node:util";
import { optionDefs } from "../../src/cli/args.ts";
import { parseArgv } from "../../src/cli/parse_argv.ts";

/** args.ts's message for a node:util error, as it was before parseArgv replaced node:util. */
function explain(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = message.match(/Unknown option '([^']+)'/);
  if (unknown) return `Unknown option ${unknown[1]}`;
  const missing = message.match(/Option '([^']+)' argument missing/);
  if (missing) {
    return `Option ${(missing[1] ?? "").split(",").pop()?.trim()} needs a value`.replace(
      " <value>",
      "",
    );
  }
  const noValue = message.match(/Option '([^']+)' does not take an argument/);
  if (noValue) return `Option ${(noValue[1] ?? "").split(",").pop()?.trim()} takes no value`;
  return message.split(/\.\s/)[0] ?? message;
}

const WORDS = [
  "--once",
  "--json",
  "--format",
  "json",
  "--format=line",
  "--format=",
  "-h",
  "-V",
  "-hV",
  "-Vh",
  "-Vx",
  "-x",
  "-",
  "--",
  "--=x",
  "--start-day",
  "15",
  "-1",
  "--start-day=-1",
  "--claude-dir",
  "/a,/b",
  "--color",
  "--no-color",
  "--color=yes",
  "--nope",
  "blocks",
  "config",
  "--timezone",
  "Europe/Paris",
  "--version=1",
  "-h=",
  "--__proto__",
  "--constructor",
  "--toString=x",
  "é",
];

Deno.test("parseArgv() gives node:util parseArgs's values, positionals and errors", () => {
  const options = optionDefs();
  let seed = 5;
  const cases: string[][] = [[], ["--"], ["--format"], ["--start-day", "--once"]];
  for (let index = 0; index < 4000; index++) {
    const argv: string[] = [];
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    for (let word = seed % 5; word >= 0; word--) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      argv.push(WORDS[(seed >>> 8) % WORDS.length]!);
    }
    cases.push(argv);
  }
  for (const argv of cases) {
    let expected: unknown;
    try {
      const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
      expected = { values: { ...parsed.values }, positionals: parsed.positionals };
    } catch (error) {
      expected = explain(error);
    }
    let actual: unknown;
    try {
      actual = parseArgv(argv, options);
    } catch (error) {
      actual = (error as Error).message;
    }
    deepStrictEqual(actual, expected, JSON.stringify(argv));
  }
});
