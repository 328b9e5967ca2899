import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import { configReport } from "./config_report.ts";
import { type RawLayer, resolveSettings, SETTINGS } from "./settings.ts";

const PATH = "/home/me/.config/claude-monitor/config.json";
const STATE = "/home/me/.local/state/claude-monitor";

function resolve(flags: RawLayer, env: Record<string, string>, file: RawLayer) {
  return resolveSettings({ flags, env, file, fileName: PATH, systemTimeZone: "Europe/Warsaw" });
}

/** The report's row for `key`, split into value and origin. */
function row(report: string, key: string): { value: string; from: string } {
  const line = report.split("\n").find((l) => l.startsWith(`${key} `));
  assert(line !== undefined, `no row for ${key}`);
  const [value = "", from = ""] = line.slice(key.length).trim().split(/\s{2,}/);
  return { value, from };
}

Deno.test("config precedence is flag > env > file > default, and the report names each origin", () => {
  const flag = { startDay: "15" };
  const env = { CLAUDE_MONITOR_START_DAY: "10" };
  const file = { startDay: 5 };
  const cases: [RawLayer, Record<string, string>, RawLayer, string, string][] = [
    [flag, env, file, "15", "flag --start-day"],
    [{}, env, file, "10", "env CLAUDE_MONITOR_START_DAY"],
    [{}, {}, file, "5", "config file"],
    [{}, {}, {}, "1", "default"],
  ];
  for (const [f, e, c, value, from] of cases) {
    const resolved = resolve(f, e, c);
    assertEquals(resolved.settings.startDay, Number(value));
    assertEquals(row(configReport(resolved, PATH, true, STATE), "startDay"), { value, from });
  }
});

Deno.test("configReport() shows every preference in the settings table exactly once", () => {
  const report = configReport(resolve({}, {}, {}), PATH, false, STATE);
  for (const spec of SETTINGS) {
    assertEquals(
      report.split("\n").filter((l) => l.startsWith(`${spec.key} `)).length,
      1,
      spec.key,
    );
  }
});

Deno.test("configReport() prints the values each layer supplies in their effective form", () => {
  const resolved = resolve(
    { notify: false, claudeDirs: ["/data/claude"] },
    { CLAUDE_MONITOR_TOKEN_LIMIT: "880000", CLAUDE_MONITOR_SOURCE: "native" },
    { timezone: "UTC", refresh: 2.5, source: "ccusage" },
  );
  const report = configReport(resolved, PATH, true, STATE);
  assertEquals(row(report, "notify"), { value: "false", from: "flag --notify" });
  assertEquals(row(report, "claudeDirs"), { value: "/data/claude", from: "flag --claude-dir" });
  assertEquals(row(report, "tokenLimit"), {
    value: "880000",
    from: "env CLAUDE_MONITOR_TOKEN_LIMIT",
  });
  assertEquals(row(report, "source"), { value: "native", from: "env CLAUDE_MONITOR_SOURCE" });
  assertEquals(row(report, "timezone"), { value: "UTC", from: "config file" });
  assertEquals(row(report, "refresh"), { value: "2.5", from: "config file" });
});

Deno.test("configReport() explains run-time defaults instead of printing empty values", () => {
  const report = configReport(resolve({}, {}, {}), PATH, false, STATE);
  assertEquals(row(report, "tokenLimit"), { value: "none (largest window seen)", from: "default" });
  assertEquals(row(report, "timezone"), { value: "Europe/Warsaw", from: "default" });
  assertMatch(row(report, "claudeDirs").value, /^CLAUDE_CONFIG_DIR, else ~\/\.config\/claude/);
});

Deno.test("configReport() names the config file, whether it exists, and the state directory", () => {
  const missing = configReport(resolve({}, {}, {}), PATH, false, STATE).split("\n");
  assertEquals(missing[0], `Config file  ${PATH} (not found; defaults apply)`);
  assertEquals(missing[1], `State dir    ${STATE}`);
  const present = configReport(resolve({}, {}, {}), PATH, true, STATE).split("\n");
  assertEquals(present[0], `Config file  ${PATH} (read; never written by claude-session-monitor)`);
  const noState = configReport(resolve({}, {}, {}), PATH, true);
  assert(!noState.includes("State dir"));
});
