/** Command-line parsing: flags into a raw settings layer plus the requested action. */

import { COMMAND_NAME } from "./command_name.ts";
import { type OptionDef, parseArgv } from "./parse_argv.ts";
import { type RawLayer, SETTINGS } from "./settings.ts";
import { UsageError } from "./usage_error.ts";

/** Output formats of `--once`. */
export type OnceFormat = "text" | "json" | "line" | "waybar";

/** Subcommands. */
export type Command = "monitor" | "blocks" | "statusline" | "config";

/** What the user asked for. */
export interface CliArgs {
  command: Command;
  flags: RawLayer;
  once: boolean;
  format: OnceFormat;
  /** `--json` was given (for `--once` and `blocks`). */
  json: boolean;
  headless: boolean;
  demo: boolean;
  recalculate: boolean;
  /** `--no-cache`: neither read nor write the native reader's cache. */
  noCache: boolean;
  testAlert: boolean;
  version: boolean;
  help: boolean;
  configFile: string | null;
}

const COMMANDS: readonly Command[] = ["blocks", "statusline", "config"];
const FORMATS: readonly OnceFormat[] = ["text", "json", "line", "waybar"];

/** The options `parseCli` accepts (exported for its tests). */
export function optionDefs(): Record<string, OptionDef> {
  const defs: Record<string, OptionDef> = {
    once: { type: "boolean" },
    json: { type: "boolean" },
    format: { type: "string" },
    headless: { type: "boolean" },
    demo: { type: "boolean" },
    recalculate: { type: "boolean" },
    "no-cache": { type: "boolean" },
    "test-alert": { type: "boolean" },
    version: { type: "boolean", short: "V" },
    help: { type: "boolean", short: "h" },
    config: { type: "string" },
  };
  for (const spec of SETTINGS) {
    if (spec.kind.type === "bool") {
      defs[spec.flag] = { type: "boolean" };
      defs[`no-${spec.flag}`] = { type: "boolean" };
    } else if (spec.kind.type === "list") {
      defs[spec.flag] = { type: "string", multiple: true };
    } else {
      defs[spec.flag] = { type: "string" };
    }
  }
  return defs;
}

/**
 * Parses argv. Throws {@linkcode UsageError} for unknown flags, missing values and bad formats.
 *
 * @example
 * ```ts
 * parseCli(["--once", "--json", "--start-day", "15"]).flags.startDay; // "15"
 * ```
 */
export function parseCli(argv: string[]): CliArgs {
  let parsed;
  try {
    // node:util's parseArgs, without loading node:util (see parse_argv.ts).
    parsed = parseArgv(argv, optionDefs());
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const positionals = parsed.positionals;
  let command: Command = "monitor";
  if (positionals.length > 0) {
    const first = positionals[0] as Command;
    if (!COMMANDS.includes(first)) {
      throw new UsageError(
        `Unknown command "${positionals[0]}": expected one of ${COMMANDS.join(", ")}`,
      );
    }
    if (positionals.length > 1) {
      throw new UsageError(`Unexpected argument "${positionals[1]}"`);
    }
    command = first;
  }
  const flags: RawLayer = {};
  for (const spec of SETTINGS) {
    if (spec.kind.type === "bool") {
      if (v[spec.flag] === true && v[`no-${spec.flag}`] === true) {
        throw new UsageError(`Options --${spec.flag} and --no-${spec.flag} contradict each other`);
      }
      if (v[spec.flag] === true) flags[spec.key] = true;
      if (v[`no-${spec.flag}`] === true) flags[spec.key] = false;
    } else if (v[spec.flag] !== undefined) {
      flags[spec.key] = v[spec.flag];
    }
  }
  const json = v["json"] === true;
  let format: OnceFormat = json ? "json" : "text";
  if (typeof v["format"] === "string") {
    if (!FORMATS.includes(v["format"] as OnceFormat)) {
      throw new UsageError(
        `Invalid --format "${v["format"]}": expected ${FORMATS.map((f) => `"${f}"`).join(", ")}`,
      );
    }
    if (json && v["format"] !== "json") {
      throw new UsageError(`Options --json and --format "${v["format"]}" contradict each other`);
    }
    format = v["format"] as OnceFormat;
  }
  return {
    command,
    flags,
    once: v["once"] === true || typeof v["format"] === "string",
    format,
    json,
    headless: v["headless"] === true,
    demo: v["demo"] === true,
    recalculate: v["recalculate"] === true,
    noCache: v["no-cache"] === true,
    testAlert: v["test-alert"] === true,
    version: v["version"] === true,
    help: v["help"] === true,
    configFile: typeof v["config"] === "string" ? v["config"] : null,
  };
}

/** The `--help` text, generated from the settings table so it never drifts. */
export function helpText(version: string): string {
  const lines = [
    `${COMMAND_NAME} ${version}: where you stand in your Claude 5-hour window and billing month`,
    "",
    "Usage:",
    `  ${COMMAND_NAME} [options]        live dashboard (needs a terminal)`,
    `  ${COMMAND_NAME} --once [--json]  print the snapshot once and exit`,
    `  ${COMMAND_NAME} blocks [--json]  5-hour blocks in ccusage's schema`,
    `  ${COMMAND_NAME} statusline       Claude Code statusLine command (reads stdin)`,
    `  ${COMMAND_NAME} config           effective configuration and where each value is from`,
    "",
    "Actions:",
    "  --once                 Print one snapshot and exit",
    "  --json                 With --once or blocks: JSON output",
    "  --format FMT           With --once: text, json, line (status bars) or waybar",
    "  --headless             No dashboard: refresh, notify, print one line per event",
    "  --demo                 Run on generated demo data",
    "  --recalculate          Rebuild stored maxima, period totals and the reader cache from the data",
    "  --no-cache             Neither read nor write the built-in reader's cache (reads everything)",
    "  --test-alert           Send one test notification and exit",
    "  --config FILE          Preferences file (default: $XDG_CONFIG_HOME/claude-monitor/config.json)",
    "  -V, --version          Print the version and exit",
    "  -h, --help             Print this help and exit",
    "",
    "Preferences (flag > CLAUDE_MONITOR_* environment > config file > default):",
  ];
  for (const spec of SETTINGS) {
    const flag = spec.kind.type === "bool" ? `--[no-]${spec.flag}` : `--${spec.flag} ${spec.arg}`;
    const text = `${spec.help} (default: ${spec.defaultText})`;
    // Long flags get their description on the next line so columns stay aligned.
    if (flag.length > 22) lines.push(`  ${flag}`, `  ${"".padEnd(22)} ${text}`);
    else lines.push(`  ${flag.padEnd(22)} ${text}`);
  }
  lines.push("", "Keys in the dashboard: r refresh now, q / Esc / Ctrl-C quit");
  return lines.join("\n");
}
