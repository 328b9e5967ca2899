/** Linux notification commands (libnotify's notify-send, or dunst's dunstify). */

import { messageText, type NotifyCommand } from "./notify_command.ts";

/** Application name the notification server shows and can filter on. */
export const APP_NAME = "claude-monitor";

/**
 * Builds the argv for `notify-send` or `dunstify`; both parse options with GLib, so `--` ends
 * the options and a title starting with "-" is still text. `-a` is the one spelling of the
 * app-name option both accept (`--app-name` vs `--appname`).
 *
 * @example
 * ```ts
 * linuxCommand("notify-send", "Title", "Body");
 * // { command: "notify-send", args: ["-a", "claude-monitor", "--", "Title", "Body"] }
 * ```
 */
export function linuxCommand(
  backend: "notify-send" | "dunstify",
  title: string,
  body: string,
): NotifyCommand {
  return {
    command: backend,
    args: ["-a", APP_NAME, "--", messageText(title), messageText(body)],
  };
}
