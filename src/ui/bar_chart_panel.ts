/** The shape every bar-chart panel shares (cost per day, windows per day, week). */

import { attachCanvas, type BarWidget, createBarChart } from "./canvas_widgets.ts";
import { boxed, labelFor, type Panel, type PanelInput } from "./panel.ts";

/** What makes one bar-chart panel: its name, border title, view and how a view is drawn. */
export interface BarChartPanelSpec<V extends { label: string }> {
  id: string;
  /** The border label until the first view brings its own. */
  title: string;
  view(input: PanelInput): V;
  draw(chart: BarWidget, view: V, color: boolean): void;
}

/**
 * A bordered panel on one blessed-contrib bar chart: each view sets the border label (cut to
 * the cell) and is drawn by `spec.draw`.
 *
 * @example
 * ```ts
 * const panel = barChartPanel({ id: "costPerDay", title: "Cost per day", view, draw });
 * ```
 */
export function barChartPanel<V extends { label: string }>(
  spec: BarChartPanelSpec<V>,
): Panel<V> {
  return {
    id: spec.id,
    bordered: true,
    view: spec.view,
    create(screen, cell, color) {
      const chart = attachCanvas(
        screen,
        createBarChart({ screen, ...boxed(cell, spec.title, color) }),
        color,
      );
      return {
        update(view) {
          chart.setLabel(labelFor(view.label, cell));
          spec.draw(chart, view, color);
        },
        destroy: () => chart.destroy(),
      };
    },
  };
}
