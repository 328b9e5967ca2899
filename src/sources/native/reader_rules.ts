/** The version of the reader's rules, apart from the reader so the cache key loads nothing else. */

/**
 * Version of the rules that turn lines into entry rows (parsing, pricing use, columns). Bump it
 * whenever a change makes the same bytes give different rows: persisted reader caches made
 * under another version are then discarded and rebuilt.
 */
export const READER_RULES_VERSION = 1;
