/** The shape every notification backend builds: one program with argv and environment, never a shell. */

/** Names of the notification backends, as the status line shows them. */
export type BackendName =
  | "notify-send"
  | "dunstify"
  | "terminal-notifier"
  | "osascript"
  | "powershell";

/** One program invocation; the message text only ever appears as whole argv or env values. */
export interface NotifyCommand {
  /** Program name, looked up on PATH (the notifier runs the path it found). */
  command: string;
  args: string[];
  /** Extra environment for the child, on top of the inherited one. */
  env?: Record<string, string>;
}

/**
 * Makes message text safe to hand to a process: NUL cannot cross an argv or environment
 * boundary (the spawn would fail), so it becomes U+FFFD; everything else passes unchanged.
 */
export function messageText(text: string): string {
  return text.replaceAll("\0", "\uFFFD");
}
