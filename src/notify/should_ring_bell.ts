/** Decides the terminal-bell fallback for alerts the desktop did not show. */

import type { NotifyResult } from "../ports.ts";

/**
 * Says whether the UI should ring the bell for an alert: when there is no notification backend,
 * or when the send failed. Pass `result` null when nothing was sent (yet).
 *
 * @example
 * ```ts
 * shouldRingBell(notifier.backend, await notifier.notify(alert.title, alert.body));
 * ```
 */
export function shouldRingBell(backend: string | null, result: NotifyResult | null): boolean {
  return backend === null || (result !== null && !result.ok);
}
