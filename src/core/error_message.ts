/** The text of a caught value, for one-line messages. */

/**
 * An Error's message, or any other thrown value as a string.
 *
 * @example
 * ```ts
 * errorMessage(new Error("Permission denied")); // "Permission denied"
 * errorMessage("timeout"); // "timeout"
 * ```
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
