/** The benchmark's results table: figures, ratios to ccusage, target checks and formatting (pure). */

/** How a figure is shown. */
export type Unit = "ms" | "bytes" | "percent" | "s";

/** A target on a row: on the ratio to ccusage, or on the figure itself. */
export interface Target {
  on: "ratio" | "value";
  op: "<=" | "<";
  limit: number;
  /** How the target reads in the table, e.g. `<= 1.0 x ccusage`. */
  label: string;
}

/** One measured figure, with ccusage's figure for the same thing when there is one. */
export interface Row {
  measure: string;
  /** The data set, e.g. `1G`. */
  data: string;
  value: number;
  unit: Unit;
  /** ccusage's figure in the same unit, or null when there is no counterpart. */
  ccusage: number | null;
  target: Target | null;
}

/** `value / ccusage`, or null without a ccusage figure. */
export function ratioOf(row: Row): number | null {
  if (row.ccusage === null || row.ccusage === 0) return null;
  return row.value / row.ccusage;
}

/** Whether the row meets its target; null when it has none. */
export function meets(row: Row): boolean | null {
  if (row.target === null) return null;
  const subject = row.target.on === "ratio" ? ratioOf(row) : row.value;
  if (subject === null) return false;
  return row.target.op === "<=" ? subject <= row.target.limit : subject < row.target.limit;
}

/** A figure for the table: `12.3 ms`, `4.56 s`, `123 MiB`, `0.42 %`. */
export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case "ms":
      if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
      return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toPrecision(3)} ms`;
    case "bytes":
      return `${(value / 1024 / 1024).toFixed(0)} MiB`;
    case "percent":
      return `${value < 10 ? value.toPrecision(3) : value.toFixed(1)} %`;
    case "s":
      return `${value < 100 ? value.toPrecision(3) : value.toFixed(0)} s`;
  }
}

/** A ratio for the table, to three significant digits (`0.512`, `0.000312`). */
export function formatRatio(ratio: number | null): string {
  return ratio === null ? "—" : ratio.toPrecision(3);
}

/** The rows as a Markdown table (readable in a terminal too). */
export function formatTable(rows: readonly Row[]): string {
  const header = ["Measure", "Data", "claude-monitor", "ccusage", "Ratio", "Target", "Met"];
  const body = rows.map((row) => {
    const met = meets(row);
    return [
      row.measure,
      row.data,
      formatValue(row.value, row.unit),
      row.ccusage === null ? "—" : formatValue(row.ccusage, row.unit),
      formatRatio(ratioOf(row)),
      row.target?.label ?? "—",
      met === null ? "—" : met ? "yes" : "**no**",
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => (cells[column] ?? "").length))
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
  return [line(header), rule, ...body.map(line)].join("\n");
}

/** One sentence per row with a target: met or missed, and by how much. */
export function verdicts(rows: readonly Row[]): string[] {
  const out: string[] = [];
  for (const row of rows) {
    const met = meets(row);
    if (met === null || row.target === null) continue;
    const subject = row.target.on === "ratio" ? ratioOf(row) : row.value;
    const shown = row.target.on === "ratio"
      ? formatRatio(subject)
      : formatValue(subject ?? NaN, row.unit);
    const factor = subject === null
      ? ""
      : ` (${(subject / row.target.limit).toPrecision(3)} x the limit)`;
    out.push(
      `${
        met ? "met   " : "MISSED"
      } ${row.measure} [${row.data}]: ${shown} vs ${row.target.label}${factor}`,
    );
  }
  return out;
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("Cannot take the median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle] as number
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
