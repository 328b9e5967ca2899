/** macOS notification commands (terminal-notifier, or osascript with a constant script). */

import { messageText, type NotifyCommand } from "./notify_command.ts";

/** The AppleScript osascript runs, one `-e` line each; the text arrives as `argv`, never spliced in. */
export const OSASCRIPT_LINES: readonly string[] = [
  "on run argv",
  "display notification (item 2 of argv) with title (item 1 of argv)",
  "end run",
];

/**
 * Builds the argv for `terminal-notifier` or `osascript` on macOS.
 *
 * @example
 * ```ts
 * macosCommand("osascript", "Title", "Body").args.slice(-2); // ["Title", "Body"]
 * ```
 */
export function macosCommand(
  backend: "terminal-notifier" | "osascript",
  title: string,
  body: string,
): NotifyCommand {
  if (backend === "terminal-notifier") {
    return {
      command: "terminal-notifier",
      args: ["-title", messageText(title), "-message", messageText(body)],
    };
  }
  return {
    command: "osascript",
    args: [
      ...OSASCRIPT_LINES.flatMap((line) => ["-e", line]),
      messageText(title),
      messageText(body),
    ],
  };
}
