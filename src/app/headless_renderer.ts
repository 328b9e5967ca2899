/** A renderer for `--headless`: no dashboard, one log line per event, found by diffing frames. */

import { terminalSafe } from "../core/terminal_safe.ts";
import type { Frame, Renderer } from "../ports.ts";
import type { Snapshot, SnapshotAlert, SnapshotWindow } from "../core/types.ts";
import { formatCompactMinutes, formatCount, formatFallback } from "../core/format.ts";
import { localHm } from "../core/zoned_time.ts";
import { asOfText, meterDetail, officialMeters } from "../core/official_text.ts";

/** Local `YYYY-MM-DDTHH:MM:SS±HH:MM` of `ms` in `timeZone`, so log lines sort and read locally. */
function timestamp(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "longOffset",
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  // longOffset reads "GMT+01:00", or plain "GMT" at offset zero.
  const offset = get("timeZoneName").replace("GMT", "") || "+00:00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}:${
    get("second")
  }${offset}`;
}

const count = formatCount;
const minutes = formatCompactMinutes;

function sessions(s: Snapshot): string {
  return `${s.period.sessionsUsed}/${s.period.sessionsLimit} sessions`;
}

function windowSummary(w: SnapshotWindow): string {
  return `${count(w.tokens.total)} tokens, $${w.costUSD.toFixed(2)}`;
}

/** "official 5-hour 42.5% · resets 16:40 (in 2h41m); 7-day 17.0% · ...", or null without one. */
function officialSummary(s: Snapshot): string | null {
  const meters = officialMeters(s);
  if (s.official === null || meters === null || meters.length === 0) return null;
  const now = s.generatedAt;
  const list = meters.map((m) => `${m.name} ${meterDetail(m, now, s.timezone)}`).join("; ");
  return s.official.stale ? `official (stale, ${asOfText(s)}): ${list}` : `official: ${list}`;
}

/** "estimate basis calibrated: 1,300,576 tokens per window (3 samples)". */
function basisSummary(s: Snapshot): string | null {
  const b = s.estimate?.basis;
  if (!b) return null;
  const limit = b.limitTokens === null ? "no limit known yet" : `${count(b.limitTokens)} tokens`;
  const samples = b.samples > 0 ? ` (${b.samples} sample${b.samples === 1 ? "" : "s"})` : "";
  return `estimate basis ${b.label}: ${limit} per window${samples}`;
}

function alertKey(a: SnapshotAlert): string {
  return `${a.kind}|${a.windowId ?? ""}|${a.at}`;
}

/**
 * Prints one line per event: start, window started/ended, alert fired, source error
 * appeared/changed/cleared, period rolled over. Lines start with a local ISO timestamp in the
 * snapshot's time zone. Quiet frames print nothing, so a service log stays readable.
 *
 * @example
 * ```ts
 * const renderer = new HeadlessRenderer((line) => console.log(line));
 * renderer.render(frame); // "2026-11-25T11:19:00+01:00 started: source native, ..."
 * ```
 */
export class HeadlessRenderer implements Renderer {
  #write: (line: string) => void;
  #previous: Snapshot | null = null;
  #seenAlerts = new Set<string>();

  /** `write` receives each line without a trailing newline. */
  constructor(write: (line: string) => void) {
    this.#write = write;
  }

  /** Writes the lines for what changed since the previous frame. */
  render(frame: Frame): void {
    const s = frame.snapshot;
    const tz = s.timezone;
    const at = timestamp(frame.now, tz);
    // One event, one line: a multi-line error or alert body must not split a log record.
    for (const event of this.#events(frame)) {
      this.#write(`${at} ${terminalSafe(event.replace(/\s*\n\s*/g, " "))}`);
    }
    this.#previous = s;
  }

  /** Nothing to tear down: the renderer owns no terminal and no timer. */
  destroy(): void {}

  #events(frame: Frame): string[] {
    const s = frame.snapshot;
    const tz = s.timezone;
    const prev = this.#previous;
    const events: string[] = [];
    if (prev === null) {
      events.push(
        `started: source ${s.source.kind}, period ${s.period.start} → ${s.period.end}, ${
          sessions(s)
        } used, notifications ${frame.notifierBackend ?? "none"}`,
      );
      if (s.window !== null) {
        events.push(
          `window active since ${localHm(s.window.startTime, tz)}, resets ${
            localHm(s.window.endTime, tz)
          } (${minutes(s.window.minutesLeft)} left): ${windowSummary(s.window)}`,
        );
      }
      if (s.source.error !== null) {
        events.push(`source error (${s.source.kind}): ${s.source.error}`);
      }
      if (s.source.fallbackReason !== undefined) {
        events.push(formatFallback(s.source.fallbackReason));
      }
      const official = officialSummary(s);
      if (official !== null) events.push(official);
      const basis = basisSummary(s);
      if (basis !== null) events.push(basis);
    } else {
      if (prev.period.start !== s.period.start) {
        events.push(
          `period rolled over: ${s.period.start} → ${s.period.end}; the last one ended at ${
            sessions(prev)
          }, $${prev.period.costUSD.toFixed(2)}`,
        );
      }
      const before = prev.window;
      const now = s.window;
      if (before !== null && before.id !== now?.id) {
        events.push(
          `window ended ${localHm(before.startTime, tz)}–${localHm(before.endTime, tz)}: ${
            windowSummary(before)
          }`,
        );
      }
      if (now !== null && now.id !== before?.id) {
        events.push(
          `window started ${localHm(now.startTime, tz)}, resets ${localHm(now.endTime, tz)}; ${
            sessions(s)
          } used`,
        );
      }
      if (s.source.error !== null && s.source.error !== prev.source.error) {
        events.push(`source error (${s.source.kind}): ${s.source.error}`);
      } else if (s.source.error === null && prev.source.error !== null) {
        events.push(`source error cleared (${s.source.kind})`);
      }
      const reason = s.source.fallbackReason;
      if (reason !== undefined && reason !== prev.source.fallbackReason) {
        events.push(formatFallback(reason));
      } else if (reason === undefined && prev.source.fallbackReason !== undefined && s.source.ok) {
        events.push(`ccusage works again (source ${s.source.kind})`);
      }
      // A capture arrives with every Claude Code response: log when one appears or goes stale,
      // not each one.
      const wasFresh = prev.official !== null && !prev.official.stale;
      const isFresh = s.official !== null && !s.official.stale;
      if (wasFresh !== isFresh && s.official !== null) {
        events.push(officialSummary(s) ?? "official: none");
      }
      if (s.estimate?.basis.kind !== prev.estimate?.basis.kind) {
        const basis = basisSummary(s);
        if (basis !== null) events.push(basis);
      }
    }
    // A transcript that cannot be read (a root-owned file) is named once, when it appears.
    const before = new Set(prev?.source.unreadableFiles ?? []);
    for (const path of s.source.unreadableFiles ?? []) {
      if (!before.has(path)) events.push(`Cannot read "${path}": skipped`);
    }
    for (const alert of frame.alertLog) {
      const key = alertKey(alert);
      if (this.#seenAlerts.has(key)) continue;
      this.#seenAlerts.add(key);
      events.push(`alert ${alert.kind}: ${alert.title}: ${alert.body}`);
    }
    return events;
  }
}
