/** The text `claude-session-monitor config` prints: every effective preference and where it came from. */

import { terminalSafe } from "../core/terminal_safe.ts";
import { type ResolvedSettings, SETTINGS, type SettingSpec } from "./settings.ts";

function valueText(spec: SettingSpec, value: unknown, fromDefault: boolean): string {
  // An empty default means "decided at run time"; the table's wording says how.
  if (fromDefault && (value === null || (Array.isArray(value) && value.length === 0))) {
    return spec.defaultText;
  }
  if (value === null) return "none";
  if (Array.isArray(value)) return value.map((v) => terminalSafe(String(v))).join(", ");
  return terminalSafe(String(value));
}

function originText(
  spec: SettingSpec,
  origin: ResolvedSettings["origins"][keyof ResolvedSettings["origins"]],
): string {
  switch (origin) {
    case "flag":
      return `flag --${spec.flag}`;
    case "env":
      return `env ${spec.env}`;
    case "file":
      return "config file";
    case "default":
      return "default";
  }
}

/**
 * The effective configuration as text: the config file (and whether it exists), the state
 * directory when given, then one row per preference with its value and origin.
 * The program never writes the config file; the report says so, for dotfiles users.
 *
 * @example
 * ```ts
 * configReport(resolved, "/home/me/.config/claude-monitor/config.json", false, "/home/me/.local/state/claude-monitor");
 * // "Config file  /home/me/.config/claude-monitor/config.json (not found; defaults apply)\n..."
 * ```
 */
export function configReport(
  resolved: ResolvedSettings,
  configPath: string,
  fileExists: boolean,
  statePath?: string,
  readerCache?: { path: string; bytes: number | null },
): string {
  const lines = [
    `Config file  ${terminalSafe(configPath)} ${
      fileExists ? "(read; never written by claude-session-monitor)" : "(not found; defaults apply)"
    }`,
  ];
  if (statePath !== undefined) lines.push(`State dir    ${terminalSafe(statePath)}`);
  if (readerCache !== undefined) {
    const size = readerCache.bytes === null ? "none yet" : `${mebibytes(readerCache.bytes)} MiB`;
    lines.push(`Reader cache ${terminalSafe(readerCache.path)} (${size}; --no-cache bypasses it)`);
  }
  lines.push("", "Precedence: flag > CLAUDE_MONITOR_* environment > config file > default", "");
  const rows = SETTINGS.map((spec) => {
    const origin = resolved.origins[spec.key];
    return {
      key: spec.key as string,
      value: valueText(spec, resolved.settings[spec.key], origin === "default"),
      from: originText(spec, origin),
    };
  });
  const header = { key: "key", value: "value", from: "from" };
  const keyWidth = Math.max(...[header, ...rows].map((r) => r.key.length));
  const valueWidth = Math.min(40, Math.max(...[header, ...rows].map((r) => r.value.length)));
  for (const r of [header, ...rows]) {
    lines.push(`${r.key.padEnd(keyWidth)}  ${r.value.padEnd(valueWidth)}  ${r.from}`);
  }
  return lines.join("\n");
}

function mebibytes(bytes: number): string {
  return (bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 2 : 1);
}
