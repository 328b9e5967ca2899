/** Multi-row sparklines drawn with block characters, resampled to the space a panel has. */

const EIGHTHS = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/**
 * Resamples `values` to exactly `width` columns; several values in one column are summed,
 * one value over several columns is repeated, so totals stay readable at any width.
 */
export function resample(values: number[], width: number): number[] {
  if (width <= 0) return [];
  if (values.length === 0) return new Array<number>(width).fill(0);
  if (values.length <= width) {
    const out: number[] = [];
    for (let col = 0; col < width; col++) {
      out.push(values[Math.floor((col * values.length) / width)] ?? 0);
    }
    return out;
  }
  const out = new Array<number>(width).fill(0);
  values.forEach((value, i) => {
    const col = Math.min(width - 1, Math.floor((i * width) / values.length));
    out[col] = (out[col] ?? 0) + value;
  });
  return out;
}

/**
 * Draws `values` as `height` text rows of block characters, `width` columns wide, scaled to the
 * largest value; any non-zero value shows at least a sliver so activity is never invisible.
 *
 * @example
 * ```ts
 * sparkline([0, 4, 8], 3, 1); // [" ▄█"]
 * ```
 */
export function sparkline(values: number[], width: number, height: number): string[] {
  const cols = resample(values, width);
  const max = Math.max(0, ...cols);
  const rows: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    let line = "";
    for (const value of cols) {
      let eighths = max > 0 ? Math.round((value / max) * height * 8) : 0;
      if (value > 0 && eighths === 0) eighths = 1;
      const inRow = Math.min(8, Math.max(0, eighths - row * 8));
      line += EIGHTHS[inRow];
    }
    rows.push(line);
  }
  return rows;
}
