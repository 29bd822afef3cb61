/** One line of the results table and of results.json. */
export interface BenchRow {
  /** e.g. `live tick`. */
  readonly benchmark: string;
  /** e.g. `500 symbols`. */
  readonly size: string;
  /** The measured numbers, each name carrying its unit (`p99Ms`, `rowsPerSecond`). */
  readonly figures: Readonly<Record<string, number>>;
  /** The figures as a short human line. */
  readonly summary: string;
  /** The target in words, e.g. `p99 < 1500 ms`; empty when the row has none. */
  readonly target: string;
  /** Whether the target was met; undefined when the row has none. */
  readonly met: boolean | undefined;
}

/** Formats rows as a fixed-width text table with a met/missed column. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'size', 'result', 'target', ''];
  const cells = rows.map((row) => [
    row.benchmark,
    row.size,
    row.summary,
    row.target,
    row.met === undefined ? '' : row.met ? 'met' : 'MISSED',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column]!.length)),
  );
  const line = (fields: readonly string[]): string =>
    fields
      .map((field, column) => field.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

/** Rounds to `digits` decimals for display and for results.json. */
export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Bytes as MB (10^6) with one decimal. */
export function megabytes(bytes: number): number {
  return round(bytes / 1e6, 1);
}
