/** The cost-per-day panel: a blessed-contrib bar chart across the billing period. */

import { barChartPanel } from "./bar_chart_panel.ts";
import { drawBars } from "./canvas_widgets.ts";
import { perDayView } from "./per_day.ts";

/** The cost-per-day panel. */
export const costPerDayPanel = barChartPanel({
  id: "costPerDay",
  title: "Cost per day",
  view: ({ frame, size }) => perDayView(frame, "cost", size.width),
  draw: (chart, view) => drawBars(chart, view.values, view.from, view.to, "green"),
});
