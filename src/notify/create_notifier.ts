/** The Notifier adapter: detects the OS's notification command once, then runs it per alert. */

import type { CommandRunner, Notifier, NotifyResult } from "../ports.ts";
import { backendCandidates, buildNotifyCommand } from "./build_notify_command.ts";
import { findOnPath } from "./find_on_path.ts";
import type { BackendName } from "./notify_command.ts";

/** What `createNotifier` needs from the outside world. */
export interface NotifierOptions {
  runner: CommandRunner;
  /** A `Deno.build.os` value. */
  platform: string;
  /** The process environment; only PATH (and PATHEXT on Windows) is read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Whether a path is an executable file (see `executableExists`). */
  exists: (path: string) => boolean;
  /** Kill a notification command after this long; default 10 s. */
  timeoutMs?: number;
}

/** A notifier that also says which programs it looked for. */
export interface SystemNotifier extends Notifier {
  /** Every backend this platform supports, preferred first, found or not. */
  readonly candidates: readonly BackendName[];
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Creates the notifier for this platform. Detection runs once, here; `backend` names the
 * preferred backend found on PATH, or is null. `notify()` tries every backend found, in order,
 * until one exits 0, so a broken first choice (say, terminal-notifier without permission) still
 * falls back to the next.
 *
 * @example
 * ```ts
 * const notifier = createNotifier({
 *   runner,
 *   platform: Deno.build.os,
 *   env: Deno.env.toObject(),
 *   exists: executableExists,
 * });
 * await notifier.notify("Claude window ends in 28 min", "Resets at 14:00 (local)");
 * ```
 */
export function createNotifier(options: NotifierOptions): SystemNotifier {
  const { runner, platform, env, exists } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const candidates = backendCandidates(platform);
  const path = envValue(env, "PATH", platform);
  const pathext = envValue(env, "PATHEXT", platform);
  const found: { name: BackendName; path: string }[] = [];
  for (const name of candidates) {
    const program = findOnPath(
      buildNotifyCommand(name, "", "").command,
      path,
      pathext,
      platform,
      exists,
    );
    if (program !== null) found.push({ name, path: program });
  }

  return {
    backend: found[0]?.name ?? null,
    candidates,
    async notify(title: string, body: string): Promise<NotifyResult> {
      if (found.length === 0) {
        return {
          ok: false,
          tried: [],
          error: `Cannot send notification: no notification command on PATH (looked for ${
            candidates.map(quote).join(", ")
          })`,
        };
      }
      const tried: string[] = [];
      const failures: string[] = [];
      for (const backend of found) {
        const command = buildNotifyCommand(backend.name, title, body);
        tried.push(`${backend.name} (${backend.path})`);
        try {
          const result = await runner.run(
            backend.path,
            command.args,
            command.env === undefined ? { timeoutMs } : { timeoutMs, env: command.env },
          );
          if (result.timedOut) {
            failures.push(`${quote(backend.name)} timed out after ${timeoutMs / 1000} s`);
          } else if (result.code !== 0) {
            const detail = firstLine(result.stderr) || firstLine(result.stdout);
            failures.push(
              `${quote(backend.name)} exited with code ${result.code}` +
                (detail === "" ? "" : ` (${detail})`),
            );
          } else {
            return { ok: true, tried, deliveredBy: backend.name };
          }
        } catch (error) {
          failures.push(
            error instanceof Deno.errors.NotFound
              ? `${quote(backend.name)} was not found at ${quote(backend.path)}`
              : `${quote(backend.name)} could not run (${
                error instanceof Error ? error.message : String(error)
              })`,
          );
        }
      }
      return { ok: false, tried, error: `Cannot send notification: ${failures.join("; ")}` };
    },
  };
}

/** Windows environment names are case-insensitive (PATH is usually spelled "Path"). */
function envValue(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  platform: string,
): string | undefined {
  if (platform !== "windows") return env[name];
  const key = Object.keys(env).find((key) => key.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

function firstLine(text: string): string {
  return text.trim().split(/\r?\n/, 1)[0] ?? "";
}

function quote(text: string): string {
  return `"${text}"`;
}
