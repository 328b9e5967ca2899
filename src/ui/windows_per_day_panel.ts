/** The windows-per-day panel: a blessed-contrib bar chart across the billing period. */

import { attachCanvas, createBarChart, drawBars } from "./canvas_widgets.ts";
import { boxed, labelFor, type Panel } from "./panel.ts";
import { type PerDayView, perDayView } from "./per_day.ts";

/** The windows-per-day panel. */
export const windowsPerDayPanel: Panel<PerDayView> = {
  id: "windowsPerDay",
  bordered: true,
  view: ({ frame, size }) => perDayView(frame, "windows", size.width),
  create(screen, cell, color) {
    const chart = attachCanvas(
      screen,
      createBarChart({ screen, ...boxed(cell, "Windows per day", color) }),
      color,
    );
    return {
      update(view) {
        chart.setLabel(labelFor(view.label, cell));
        drawBars(chart, view.values, view.from, view.to, "cyan");
      },
      destroy: () => chart.destroy(),
    };
  },
};
