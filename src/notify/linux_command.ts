/** Linux notification commands (libnotify's notify-send, or dunst's dunstify). */

import { messageText, type NotifyCommand } from "./notify_command.ts";
import { COMMAND_NAME } from "../cli/command_name.ts";

/**
 * Application name the notification server shows and can filter on: the command's name, so a
 * notification is never taken for one of the Python `claude-monitor` (dunst rules match on it).
 */
export const APP_NAME = COMMAND_NAME;

/**
 * Builds the argv for `notify-send` or `dunstify`; both parse options with GLib, so `--` ends
 * the options and a title starting with "-" is still text. `-a` is the one spelling of the
 * app-name option both accept (`--app-name` vs `--appname`).
 *
 * @example
 * ```ts
 * linuxCommand("notify-send", "Title", "Body");
 * // { command: "notify-send", args: ["-a", "claude-session-monitor", "--", "Title", "Body"] }
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
