/** Number, money and duration formatting shared by every output (dashboard, text, logs, bars). */

/**
 * Formats a token count compactly: `812`, `812.3k`, `1.10M`.
 *
 * @example
 * ```ts
 * formatTokens(812_345); // "812.3k"
 * formatTokens(1_095_000); // "1.10M"
 * ```
 */
export function formatTokens(tokens: number): string {
  const n = Math.max(0, Math.round(tokens));
  if (n < 1000) return String(n);
  // Round first, then choose the unit, so 999,960 reads 1.00M rather than 1000.0k.
  const k = Math.round(n / 100) / 10;
  if (k < 1000) return `${k.toFixed(1)}k`;
  // Integer rounding: toFixed on 1.095 would give 1.09 (binary floating point).
  return `${(Math.round(n / 10_000) / 100).toFixed(2)}M`;
}

/** Formats US dollars with two decimals: `$3.74`. */
export function formatUsd(usd: number): string {
  const cents = Number.isFinite(usd) ? Math.round(usd * 100) : 0;
  return `$${(cents / 100).toFixed(2)}`;
}

/** Formats a duration in whole minutes: `2h 41m`, `41m`, `0m` (negative reads as 0m). */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, "0")}m` : `${m}m`;
}

/** Formats a countdown to the second: `2h 41m 05s`, `4m 09s`. */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}h ${mm}m ${ss}s` : `${m}m ${ss}s`;
}

/** Formats how long ago something happened: `just now`, `12s ago`, `3m ago`, `2h 05m ago`. */
export function formatAge(ms: number): string {
  if (ms < 1000) return "just now";
  if (ms < 60_000) return `${Math.floor(ms / 1000)}s ago`;
  return `${formatDuration(ms)} ago`;
}

/** Formats a percentage without decimals: `45%`. */
export function formatPercent(percent: number): string {
  return `${Math.round(Number.isFinite(percent) ? percent : 0)}%`;
}

/** Shortens a model id for tables: `claude-opus-4-5-20251101` becomes `opus-4-5`. */
export function shortModel(model: string): string {
  return model.replace(/^claude-/, "").replace(/-\d{8}(?=$|-)/, "");
}

/** Formats a count with thousands separators: `1,234,567`. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/**
 * What is left of the session limit: "37 left of 50", or "over by 3 (limit 50)" past it, never
 * a negative count.
 *
 * @example
 * ```ts
 * formatSessionsLeft({ sessionsLeft: 0, sessionsOver: 3, sessionsLimit: 50 }); // "over by 3 (limit 50)"
 * ```
 */
export function formatSessionsLeft(
  p: { sessionsLeft: number; sessionsOver: number; sessionsLimit: number },
): string {
  return p.sessionsOver > 0
    ? `over by ${p.sessionsOver} (limit ${p.sessionsLimit})`
    : `${p.sessionsLeft} left of ${p.sessionsLimit}`;
}

/**
 * Why `--source auto` shows the built-in reader though ccusage is installed.
 *
 * @example
 * ```ts
 * formatFallback("ccusage exited with code 1: boom");
 * // "ccusage failed, using the built-in reader: ccusage exited with code 1: boom"
 * ```
 */
export function formatFallback(reason: string): string {
  return `ccusage failed, using the built-in reader: ${reason}`;
}

/** Formats minutes without spaces for narrow outputs: `2h41m`, `41m`. */
export function formatCompactMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const h = Math.floor(m / 60);
  return h > 0 ? `${h}h${String(m % 60).padStart(2, "0")}m` : `${m}m`;
}
