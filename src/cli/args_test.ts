import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { helpText, parseCli } from "./args.ts";
import { SETTINGS } from "./settings.ts";

Deno.test("parseCli() keeps the seed's flags and collects preferences as raw strings", () => {
  const a = parseCli(["--start-day", "15", "--timezone", "UTC", "--recalculate"]);
  deepStrictEqual(a.flags, { startDay: "15", timezone: "UTC" });
  equal(a.recalculate, true);
  equal(a.command, "monitor");
  equal(a.once, false);
});

Deno.test("parseCli() reads --once --json and subcommands", () => {
  const a = parseCli(["--once", "--json"]);
  equal(a.once, true);
  equal(a.format, "json");
  equal(parseCli(["blocks", "--json"]).command, "blocks");
  equal(parseCli(["--format", "waybar"]).once, true);
  deepStrictEqual(parseCli(["--claude-dir", "/a", "--claude-dir", "/b"]).flags.claudeDirs, [
    "/a",
    "/b",
  ]);
  equal(parseCli(["--no-notify"]).flags.notify, false);
});

const bad: [string[], RegExp][] = [
  [["--bogus"], /^Unknown option --bogus$/],
  [["--start-day"], /^Option --start-day needs a value$/],
  [["--once=yes"], /^Option --once takes no value$/],
  [["frobnicate"], /^Unknown command "frobnicate"/],
  [["--format", "xml"], /^Invalid --format "xml": expected "text", "json", "line", "waybar"$/],
  [["--json", "--format", "line"], /contradict/],
  [["--notify", "--no-notify"], /contradict/],
];
for (const [argv, pattern] of bad) {
  Deno.test(`parseCli() rejects ${argv.join(" ")} with one line`, () => {
    throws(() => parseCli(argv), (e: unknown) => e instanceof Error && pattern.test(e.message));
  });
}

Deno.test("helpText() lists every preference flag", () => {
  const text = helpText("1.2.3");
  for (const spec of SETTINGS) equal(text.includes(`-${spec.flag}`), true, spec.flag);
  for (const flag of ["--once", "--json", "--recalculate", "--test-alert", "--version", "--help"]) {
    equal(text.includes(flag), true, flag);
  }
});
