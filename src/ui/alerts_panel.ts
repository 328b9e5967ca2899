/** The alerts panel: a blessed-contrib log of fired alerts and failed notifications. */

import { localHm } from "../core/zoned_time.ts";
import type { Frame } from "../ports.ts";
import { widgets } from "./blessed_types.ts";
import type { Level } from "./level.ts";
import { boxed, type Panel } from "./panel.ts";
import { tagLine, wrap } from "./text.ts";

/** One line of the alerts log. */
export interface AlertLine {
  text: string;
  level?: Level;
}

/** What the alerts log shows, oldest first. */
export interface AlertsView {
  lines: AlertLine[];
}

/**
 * The view of the alerts log: alerts and failed notifications in time order, wrapped to the
 * width; before the first, what will be alerted (from the settings).
 *
 * @example
 * ```ts
 * alertsView(frame, 40).lines[0]?.text; // "13:30 Claude window ends in 30 min: …"
 * ```
 */
export function alertsView(frame: Frame, width: number): AlertsView {
  const tz = frame.settings.timeZone;
  const entries: Array<{ at: number; text: string; level: Level }> = [];
  for (const alert of frame.alertLog) {
    const text = alert.body ? `${alert.title}: ${alert.body}` : alert.title;
    entries.push({ at: alert.at, text, level: "yellow" });
  }
  for (const outcome of frame.notifications) {
    if (outcome.error === null) continue;
    entries.push({
      at: outcome.at,
      text: `notification failed (${outcome.title}): ${outcome.error}`,
      level: "red",
    });
  }
  if (entries.length === 0) {
    const { alertBefore, idleAfter } = frame.settings;
    const hint = [
      "No alerts yet.",
      `You are alerted ${alertBefore} min before a window ends and after ${idleAfter} min ` +
      "without activity.",
    ];
    return { lines: hint.flatMap((t) => wrap(t, width, 0)).map((text) => ({ text })) };
  }
  // A stable sort keeps an alert before the failure of its own notification.
  entries.sort((a, b) => a.at - b.at);
  return {
    lines: entries.flatMap((e) =>
      wrap(`${localHm(e.at, tz)} ${e.text}`, width, 6).map((text) => ({ text, level: e.level }))
    ),
  };
}

/** The alerts panel. */
export const alertsPanel: Panel<AlertsView> = {
  id: "alerts",
  bordered: true,
  view: ({ frame, size }) => alertsView(frame, size.width),
  create(screen, cell, color) {
    const log = widgets.log({ parent: screen, ...boxed(cell, "Alerts", color), bufferLength: 200 });
    const width = Math.max(0, cell.width - 2);
    return {
      update(view) {
        // The whole log is set each time (the frame carries it); newest stays in sight.
        log.logLines = view.lines.map((l) => tagLine([l], width, color));
        log.setItems(log.logLines);
        log.scrollTo(log.logLines.length);
      },
      destroy: () => log.destroy(),
    };
  },
};
