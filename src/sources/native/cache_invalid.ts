/** The error of an unusable reader cache (no other imports: the reader checks for it cheaply). */

/** Thrown when a cache file cannot be used; the message says why. */
export class CacheInvalid extends Error {}
