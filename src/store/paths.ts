/** Where preferences and state live: XDG on Linux/macOS, %APPDATA% / %LOCALAPPDATA% on Windows. */

import { join } from "./path.ts";

/** Environment lookup (pure; main passes Deno.env). */
export type Env = Record<string, string | undefined>;

/** The user's home directory from the environment. */
export function homeDir(env: Env): string {
  return env["HOME"] ?? env["USERPROFILE"] ?? ".";
}

/** Path of the hand-edited preferences file. */
export function configPath(env: Env, os: string): string {
  if (os === "windows") {
    const base = env["APPDATA"] ?? join(homeDir(env), "AppData", "Roaming");
    return join(base, "claude-monitor", "config.json");
  }
  const base = env["XDG_CONFIG_HOME"] || join(homeDir(env), ".config");
  return join(base, "claude-monitor", "config.json");
}

/** Directory of the program's own state (maxima, fired alerts, statusline captures). */
export function stateDir(env: Env, os: string): string {
  if (os === "windows") {
    const base = env["LOCALAPPDATA"] ?? join(homeDir(env), "AppData", "Local");
    return join(base, "claude-monitor");
  }
  const base = env["XDG_STATE_HOME"] || join(homeDir(env), ".local", "state");
  return join(base, "claude-monitor");
}

/** Where the seed (the original Python script) kept its config and state. */
export function seedConfigPath(env: Env): string {
  return join(homeDir(env), ".config", "claude-monitor", "config.json");
}

/** Directory of caches that can be rebuilt from the data at any time (the reader cache). */
export function cacheDir(env: Env, os: string): string {
  if (os === "windows") {
    const base = env["LOCALAPPDATA"] ?? join(homeDir(env), "AppData", "Local");
    return join(base, "claude-monitor", "cache");
  }
  const base = env["XDG_CACHE_HOME"] || join(homeDir(env), ".cache");
  return join(base, "claude-monitor");
}
