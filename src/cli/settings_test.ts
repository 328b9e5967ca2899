import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { resolveSettings, type SettingsInput, validateConfigFile } from "./settings.ts";
import { UsageError } from "./usage_error.ts";

function resolve(partial: Partial<SettingsInput>) {
  return resolveSettings({
    flags: {},
    env: {},
    file: {},
    fileName: "/home/u/.config/claude-monitor/config.json",
    systemTimeZone: "Europe/Warsaw",
    ...partial,
  });
}

Deno.test("resolveSettings() uses the defaults and the system zone", () => {
  const { settings, origins } = resolve({});
  equal(settings.startDay, 1);
  equal(settings.timezone, "Europe/Warsaw");
  equal(settings.sessions, 50);
  equal(settings.refresh, 10);
  equal(settings.source, "auto");
  equal(settings.ccusageTimeout, 60);
  equal(settings.notify, true);
  equal(settings.color, true);
  equal(settings.tokenLimit, null);
  equal(origins.startDay, "default");
});

Deno.test("resolveSettings() ranks flag over environment over file over default", () => {
  const file = { startDay: 5, sessions: 40, refresh: 30 };
  const env = { CLAUDE_MONITOR_START_DAY: "10", CLAUDE_MONITOR_SESSIONS: "45" };
  const { settings, origins } = resolve({ file, env, flags: { startDay: "15" } });
  deepStrictEqual(
    [settings.startDay, settings.sessions, settings.refresh, settings.idleAfter],
    [15, 45, 30, 10],
  );
  deepStrictEqual(
    [origins.startDay, origins.sessions, origins.refresh, origins.idleAfter],
    ["flag", "env", "file", "default"],
  );
});

Deno.test("resolveSettings() reads booleans, lists and NO_COLOR", () => {
  const { settings } = resolve({
    env: { NO_COLOR: "1", CLAUDE_MONITOR_CLAUDE_DIR: " /a , /b ", CLAUDE_MONITOR_NOTIFY: "off" },
  });
  equal(settings.color, false);
  equal(settings.notify, false);
  deepStrictEqual(settings.claudeDirs, ["/a", "/b"]);
  equal(resolve({ env: { NO_COLOR: "1" }, flags: { color: true } }).settings.color, true);
});

const bad: [string, Partial<SettingsInput>, RegExp][] = [
  [
    "start day 0",
    { flags: { startDay: "0" } },
    /^Invalid --start-day "0": expected a whole number from 1 to 31$/,
  ],
  ["start day 32", { flags: { startDay: "32" } }, /from 1 to 31/],
  ["start day 1.5", { flags: { startDay: "1.5" } }, /whole number/],
  [
    "an unknown zone",
    { flags: { timezone: "Mars/Base" } },
    /^Invalid --timezone "Mars\/Base": expected an IANA time zone/,
  ],
  [
    "an unknown source",
    { flags: { source: "bogus" } },
    /^Invalid --source "bogus": expected "auto", "ccusage", "native"$/,
  ],
  [
    "a bad env value",
    { env: { CLAUDE_MONITOR_REFRESH: "soon" } },
    /^Invalid CLAUDE_MONITOR_REFRESH "soon"/,
  ],
  [
    "a string in the file where a number belongs",
    { file: { startDay: "15" } },
    /^Invalid "startDay" "15" in \/home\/u\/.config\/claude-monitor\/config.json:/,
  ],
  [
    "a bad boolean in the file",
    { file: { notify: "yes" } },
    /Invalid "notify" "yes" in .*: expected true or false/,
  ],
];
for (const [name, partial, pattern] of bad) {
  Deno.test(`resolveSettings() rejects ${name} with one clear line`, () => {
    throws(
      () => resolve(partial),
      (e: unknown) => e instanceof UsageError && pattern.test(e.message),
    );
  });
}

Deno.test("validateConfigFile() names an unknown key and the allowed ones", () => {
  throws(
    () => validateConfigFile({ startday: 15 }, "/c.json"),
    /^UsageError: Unknown key "startday" in \/c.json: allowed keys are startDay, timezone/,
  );
  throws(() => validateConfigFile([1], "/c.json"), /expected a JSON object/);
  deepStrictEqual(validateConfigFile({ $schema: "x", startDay: 3 }, "/c.json"), { startDay: 3 });
});
