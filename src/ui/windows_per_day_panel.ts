/** The windows-per-day panel: a blessed-contrib bar chart across the billing period. */

import { barChartPanel } from "./bar_chart_panel.ts";
import { drawBars } from "./canvas_widgets.ts";
import { perDayView } from "./per_day.ts";

/** The windows-per-day panel. */
export const windowsPerDayPanel = barChartPanel({
  id: "windowsPerDay",
  title: "Windows per day",
  view: ({ frame, size }) => perDayView(frame, "windows", size.width),
  draw: (chart, view) => drawBars(chart, view.values, view.from, view.to, "cyan"),
});
