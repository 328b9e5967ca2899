/**
 * Every user preference in one table: its flag, environment variable, config key, default and
 * validation. Flags > environment (`CLAUDE_MONITOR_*`) > config file > defaults.
 */

import { UsageError } from "./usage_error.ts";
import { WEEK_START_PATTERN } from "../core/weekly.ts";

/** `--alert-at`: one or more percentages from 1 to 999, comma-separated. */
export const ALERT_AT_PATTERN = "^[1-9][0-9]{0,2}(\\.[0-9]+)?( *, *[1-9][0-9]{0,2}(\\.[0-9]+)?)*$";

/** The effective preferences the monitor runs with. */
export interface Settings {
  startDay: number;
  timezone: string;
  source: "auto" | "ccusage" | "native";
  ccusage: string;
  ccusageTimeout: number;
  sessions: number;
  refresh: number;
  tokenLimit: number | null;
  claudeDirs: string[];
  alertBefore: number;
  idleAfter: number;
  notify: boolean;
  color: boolean;
  /** Usage percentages to alert at, comma-separated ("80,95"). */
  alertAt: string;
  /** Start of the local week when no official 7-day reset is known ("monday 00:00"). */
  weekStart: string;
}

/**
 * A number in the config file that JSON cannot hold (`1e400` parses as Infinity): kept as the
 * text the user wrote, so the error quotes it instead of `null`.
 */
export class NumberText {
  /** Wraps the literal as written. */
  constructor(readonly text: string) {}
}

/** Where an effective value came from. */
export type Origin = "flag" | "env" | "file" | "default";

type Kind =
  | { type: "int"; min: number; max: number }
  | { type: "number"; min: number; max: number }
  | { type: "string" }
  | { type: "enum"; choices: readonly string[] }
  | { type: "bool" }
  | { type: "list" }
  | { type: "timezone" }
  | { type: "int-or-null"; min: number; max: number }
  /** A string matching `pattern` (case-insensitive); `expected` describes it in messages. */
  | { type: "pattern"; pattern: string; expected: string; example: string };

/** One preference: how it is spelled in each place and what it accepts. */
export interface SettingSpec {
  key: keyof Settings;
  /** Long flag without dashes; for booleans the negative form is `--no-<flag>`. */
  flag: string;
  env: string;
  kind: Kind;
  /** Placeholder for --help. */
  arg: string;
  help: string;
  /** Human-readable default for docs (the real default may depend on the system). */
  defaultText: string;
}

/** The table of preferences, in help order. */
export const SETTINGS: readonly SettingSpec[] = [
  {
    key: "startDay",
    flag: "start-day",
    env: "CLAUDE_MONITOR_START_DAY",
    kind: { type: "int", min: 1, max: 31 },
    arg: "N",
    help:
      "Day of the month the billing period starts (1-31; past a month's end means its last day)",
    defaultText: "1",
  },
  {
    key: "timezone",
    flag: "timezone",
    env: "CLAUDE_MONITOR_TIMEZONE",
    kind: { type: "timezone" },
    arg: "TZ",
    help: "IANA time zone for display and the period, e.g. Europe/Warsaw, UTC",
    defaultText: "the system's zone",
  },
  {
    key: "source",
    flag: "source",
    env: "CLAUDE_MONITOR_SOURCE",
    kind: { type: "enum", choices: ["auto", "ccusage", "native"] },
    arg: "auto|ccusage|native",
    help: "Usage data source; auto = ccusage when on PATH and working, else the built-in reader",
    defaultText: "auto",
  },
  {
    key: "ccusage",
    flag: "ccusage",
    env: "CLAUDE_MONITOR_CCUSAGE",
    kind: { type: "string" },
    arg: "CMD",
    help: "The ccusage executable",
    defaultText: "ccusage",
  },
  {
    key: "ccusageTimeout",
    flag: "ccusage-timeout",
    env: "CLAUDE_MONITOR_CCUSAGE_TIMEOUT",
    kind: { type: "number", min: 1, max: 3600 },
    arg: "SECONDS",
    help: "Kill ccusage when it runs longer than this",
    defaultText: "60",
  },
  {
    key: "claudeDirs",
    flag: "claude-dir",
    env: "CLAUDE_MONITOR_CLAUDE_DIR",
    kind: { type: "list" },
    arg: "DIR",
    help: "Claude data directory (repeatable or comma-separated); overrides CLAUDE_CONFIG_DIR",
    defaultText: "CLAUDE_CONFIG_DIR, else ~/.config/claude and ~/.claude",
  },
  {
    key: "sessions",
    flag: "sessions",
    env: "CLAUDE_MONITOR_SESSIONS",
    kind: { type: "int", min: 1, max: 10000 },
    arg: "N",
    help: "Sessions (5-hour windows) per billing period",
    defaultText: "50",
  },
  {
    key: "tokenLimit",
    flag: "token-limit",
    env: "CLAUDE_MONITOR_TOKEN_LIMIT",
    kind: { type: "int-or-null", min: 1, max: 1e12 },
    arg: "N",
    help: "Tokens per window to measure against, instead of the largest window seen",
    defaultText: "none (largest window seen)",
  },
  {
    key: "refresh",
    flag: "refresh",
    env: "CLAUDE_MONITOR_REFRESH",
    kind: { type: "number", min: 1, max: 3600 },
    arg: "SECONDS",
    help: "Seconds between data refreshes",
    defaultText: "10",
  },
  {
    key: "alertBefore",
    flag: "alert-before",
    env: "CLAUDE_MONITOR_ALERT_BEFORE",
    kind: { type: "int", min: 1, max: 300 },
    arg: "MIN",
    help: "Notify this many minutes before the window ends",
    defaultText: "30",
  },
  {
    key: "idleAfter",
    flag: "idle-after",
    env: "CLAUDE_MONITOR_IDLE_AFTER",
    kind: { type: "int", min: 1, max: 300 },
    arg: "MIN",
    help: "Notify after this many idle minutes inside a window",
    defaultText: "10",
  },
  {
    key: "notify",
    flag: "notify",
    env: "CLAUDE_MONITOR_NOTIFY",
    kind: { type: "bool" },
    arg: "",
    help: "Desktop notifications (--no-notify turns them off)",
    defaultText: "true",
  },
  {
    key: "color",
    flag: "color",
    env: "CLAUDE_MONITOR_COLOR",
    kind: { type: "bool" },
    arg: "",
    help: "Colours in the dashboard (--no-color, or NO_COLOR set, turns them off)",
    defaultText: "true unless NO_COLOR is set",
  },
  {
    key: "alertAt",
    flag: "alert-at",
    env: "CLAUDE_MONITOR_ALERT_AT",
    kind: {
      type: "pattern",
      pattern: ALERT_AT_PATTERN,
      expected: "percentages from 1 to 999, comma-separated, such as 80,95",
      example: "50,75,90",
    },
    arg: "P,P",
    help: "Notify when official or estimated usage crosses these percentages",
    defaultText: "80,95",
  },
  {
    key: "weekStart",
    flag: "week-start",
    env: "CLAUDE_MONITOR_WEEK_START",
    kind: {
      type: "pattern",
      pattern: WEEK_START_PATTERN,
      expected: 'a weekday and an optional 24-hour time, such as "monday" or "sun 18:00"',
      example: "sunday 18:00",
    },
    arg: "DAY[ HH:MM]",
    help: "Where the week starts when Claude Code has sent no weekly reset time",
    defaultText: "monday 00:00",
  },
];

/** The values a layer supplies, raw (strings from flags/env, JSON values from the file). */
export type RawLayer = Partial<Record<keyof Settings, unknown>>;

/** Inputs of {@linkcode resolveSettings}. */
export interface SettingsInput {
  flags: RawLayer;
  env: Record<string, string | undefined>;
  file: RawLayer;
  /** Path of the config file, for error messages. */
  fileName: string;
  systemTimeZone: string;
}

/** Effective settings and where each came from. */
export interface ResolvedSettings {
  settings: Settings;
  origins: Record<keyof Settings, Origin>;
}

/** Returns true when `tz` is an IANA zone this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  if (tz.trim() === "") return false;
  // Every runtime knows UTC; asking Intl would load the zone data for nothing.
  if (tz === "UTC") return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function allowed(spec: SettingSpec): string {
  const k = spec.kind;
  switch (k.type) {
    case "int":
    case "int-or-null":
      return `a whole number from ${k.min} to ${k.max}`;
    case "number":
      return `a number from ${k.min} to ${k.max}`;
    case "enum":
      return k.choices.map((c) => `"${c}"`).join(", ");
    case "bool":
      return "true or false";
    case "list":
      return "a list of paths";
    case "timezone":
      return "an IANA time zone such as Europe/Warsaw or UTC";
    case "string":
      return "a non-empty string";
    case "pattern":
      return k.expected;
  }
}

/** Parses one raw value for `spec`; returns undefined on a bad value. */
function coerce(spec: SettingSpec, raw: unknown, fromText: boolean): unknown {
  const k = spec.kind;
  switch (k.type) {
    case "int":
    case "int-or-null":
    case "number": {
      if (k.type === "int-or-null" && (raw === null || raw === "none")) return null;
      let n: number;
      if (typeof raw === "number") n = raw;
      else if (fromText && typeof raw === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)) {
        n = Number(raw);
      } else return undefined;
      if (k.type !== "number" && !Number.isInteger(n)) return undefined;
      if (!Number.isFinite(n) || n < k.min || n > k.max) return undefined;
      return n;
    }
    case "enum":
      return typeof raw === "string" && k.choices.includes(raw) ? raw : undefined;
    case "bool":
      if (typeof raw === "boolean") return raw;
      if (fromText && typeof raw === "string") {
        const v = raw.trim().toLowerCase();
        if (["1", "true", "yes", "on"].includes(v)) return true;
        if (["0", "false", "no", "off"].includes(v)) return false;
      }
      return undefined;
    case "list":
      if (Array.isArray(raw) && raw.every((x) => typeof x === "string" && x.trim() !== "")) {
        return raw.map((x: string) => x.trim());
      }
      if (fromText && typeof raw === "string") {
        const parts = raw.split(",").map((x) => x.trim()).filter((x) => x !== "");
        return parts.length > 0 ? parts : undefined;
      }
      return undefined;
    case "timezone":
      return typeof raw === "string" && isValidTimeZone(raw) ? raw : undefined;
    case "string":
      return typeof raw === "string" && raw.trim() !== "" ? raw : undefined;
    case "pattern": {
      if (typeof raw !== "string") return undefined;
      const text = raw.trim().replace(/\s+/g, " ").toLowerCase();
      return new RegExp(k.pattern).test(text) ? text : undefined;
    }
  }
}

function describe(raw: unknown): string {
  if (raw instanceof NumberText) return raw.text;
  if (typeof raw === "number") return String(raw);
  return typeof raw === "string" ? `"${raw}"` : JSON.stringify(raw) ?? String(raw);
}

/**
 * Merges flags, environment, file and defaults into effective settings.
 * Throws {@linkcode UsageError} naming the place, the key and the allowed values.
 *
 * @example
 * ```ts
 * const { settings } = resolveSettings({
 *   flags: { startDay: "15" }, env: {}, file: {}, fileName: "config.json", systemTimeZone: "UTC",
 * });
 * settings.startDay; // 15
 * ```
 */
export function resolveSettings(input: SettingsInput): ResolvedSettings {
  const defaults: Settings = {
    startDay: 1,
    timezone: input.systemTimeZone,
    source: "auto",
    ccusage: "ccusage",
    ccusageTimeout: 60,
    sessions: 50,
    refresh: 10,
    tokenLimit: null,
    claudeDirs: [],
    alertBefore: 30,
    idleAfter: 10,
    notify: true,
    color: input.env["NO_COLOR"] === undefined || input.env["NO_COLOR"] === "",
    alertAt: "80,95",
    weekStart: "monday 00:00",
  };
  const settings = { ...defaults } as Record<keyof Settings, unknown>;
  const origins = {} as Record<keyof Settings, Origin>;
  for (const spec of SETTINGS) {
    origins[spec.key] = "default";
    // The value right after its key, then the file: `Invalid "startDay" 40 in <file>: ...`.
    const layers: [Origin, unknown, string, string][] = [
      ["file", input.file[spec.key], `Invalid "${spec.key}"`, ` in ${input.fileName}`],
      ["env", input.env[spec.env], `Invalid ${spec.env}`, ""],
      ["flag", input.flags[spec.key], `Invalid --${spec.flag}`, ""],
    ];
    for (const [origin, raw, what, where] of layers) {
      if (raw === undefined || (origin === "env" && raw === "")) continue;
      const value = coerce(spec, raw, origin !== "file");
      if (value === undefined) {
        throw new UsageError(`${what} ${describe(raw)}${where}: expected ${allowed(spec)}`);
      }
      settings[spec.key] = value;
      origins[spec.key] = origin;
    }
  }
  return { settings: settings as unknown as Settings, origins };
}

/** Checks a parsed config file: an object whose keys are all known. Throws UsageError otherwise. */
export function validateConfigFile(data: unknown, fileName: string): RawLayer {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new UsageError(`Cannot use config file ${fileName}: expected a JSON object`);
  }
  const known = new Set<string>(SETTINGS.map((s) => s.key));
  const out: RawLayer = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === "$schema") continue;
    if (!known.has(key)) {
      throw new UsageError(
        `Unknown key "${key}" in ${fileName}: allowed keys are ${[...known].join(", ")}`,
      );
    }
    out[key as keyof Settings] = value;
  }
  return out;
}
