/** Which backends each OS tries, in order, and the command each one builds. */

import { linuxCommand } from "./linux_command.ts";
import { macosCommand } from "./macos_command.ts";
import type { BackendName, NotifyCommand } from "./notify_command.ts";
import { windowsCommand } from "./windows_command.ts";

/**
 * Builds the command that shows `title` and `body` through `backend`.
 *
 * @example
 * ```ts
 * buildNotifyCommand("dunstify", "Title", "Body").command; // "dunstify"
 * ```
 */
export function buildNotifyCommand(
  backend: BackendName,
  title: string,
  body: string,
): NotifyCommand {
  switch (backend) {
    case "notify-send":
    case "dunstify":
      return linuxCommand(backend, title, body);
    case "terminal-notifier":
    case "osascript":
      return macosCommand(backend, title, body);
    case "powershell":
      return windowsCommand(title, body);
  }
}

/** Backends to look for on `platform` (a `Deno.build.os` value), preferred first. */
export function backendCandidates(platform: string): BackendName[] {
  if (platform === "darwin") return ["terminal-notifier", "osascript"];
  if (platform === "windows") return ["powershell"];
  // Linux and the BSDs share the freedesktop notification stack.
  return ["notify-send", "dunstify"];
}
