/** `--test-alert`: send one notification and report, for the exit code, whether it arrived. */

import type { Notifier } from "../ports.ts";

/** Title of the test notification. */
export const TEST_ALERT_TITLE = "Claude Session Monitor";
/** Body of the test notification. */
export const TEST_ALERT_BODY = "Test notification: alerts will appear like this";

/**
 * Sends the test notification. `ok` means a backend accepted it (exited 0); otherwise `message`
 * names every command tried and why each failed, or what was looked for when none exists.
 *
 * @example
 * ```ts
 * const { ok, message } = await sendTestAlert(notifier);
 * ```
 */
export async function sendTestAlert(notifier: Notifier): Promise<{ ok: boolean; message: string }> {
  const result = await notifier.notify(TEST_ALERT_TITLE, TEST_ALERT_BODY);
  if (result.ok) {
    return {
      ok: true,
      // The backend that delivered, which is not the preferred one after a fallback.
      message: `Sent a test notification with "${
        result.deliveredBy ?? notifier.backend ?? result.tried.at(-1) ?? "?"
      }"`,
    };
  }
  return {
    ok: false,
    message: result.error ??
      `Cannot send notification: tried ${result.tried.map((t) => `"${t}"`).join(", ")}`,
  };
}
