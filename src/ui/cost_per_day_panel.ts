/** The cost-per-day panel: a blessed-contrib bar chart across the billing period. */

import { attachCanvas, createBarChart, drawBars } from "./canvas_widgets.ts";
import { boxed, labelFor, type Panel } from "./panel.ts";
import { type PerDayView, perDayView } from "./per_day.ts";

/** The cost-per-day panel. */
export const costPerDayPanel: Panel<PerDayView> = {
  id: "costPerDay",
  bordered: true,
  view: ({ frame, size }) => perDayView(frame, "cost", size.width),
  create(screen, cell, color) {
    const chart = attachCanvas(
      screen,
      createBarChart({ screen, ...boxed(cell, "Cost per day", color) }),
      color,
    );
    return {
      update(view) {
        chart.setLabel(labelFor(view.label, cell));
        drawBars(chart, view.values, view.from, view.to, "green");
      },
      destroy: () => chart.destroy(),
    };
  },
};
