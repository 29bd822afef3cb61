import type { OiPoint, TimeRange } from '@oi/storage';
import { InvalidReportOptionsError } from '../errors.ts';
import { formatUtcMinute } from '../html/format.ts';

/** The column a terminal chart draws. */
export type ChartField = 'openInterest' | 'openInterestValue';

/** Options of {@link renderTerminalChart}. */
export interface TerminalChartOptions {
  /** Columns of the whole chart, axis labels included. @default 80 */
  readonly width?: number;
  /** Rows of the plot (the axis and dates add two). @default 10 */
  readonly height?: number;
  /** The column to draw. @default 'openInterest' */
  readonly field?: ChartField;
  /** The period across the chart. @default from the first to just after the last point */
  readonly range?: TimeRange;
}

const NO_VALUES = 'no values to chart';
const AXIS_FORMAT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 4 });

function checkSize(option: 'width' | 'height', value: number, minimum: number): number {
  if (!Number.isSafeInteger(value) || value < minimum || value > 1000) {
    throw new InvalidReportOptionsError(
      option,
      `expected an integer from ${minimum} to 1000, found ${value}`,
    );
  }
  return value;
}

/** The points of `range` that have a value in `field`, as numbers (an empty field is unknown, not 0). */
function valuesInRange(points: readonly OiPoint[], field: ChartField, range: TimeRange): [number, number][] {
  const values: [number, number][] = [];
  for (const point of points) {
    if (point.slotMs < range.startMs || point.slotMs >= range.endMs) continue;
    const text = field === 'openInterest' ? point.openInterest : point.openInterestValue;
    const value = text === '' ? Number.NaN : Number(text);
    if (Number.isFinite(value)) values.push([point.slotMs, value]);
  }
  return values;
}

/** The last value of each column, or null for a column without one. */
function columnValues(
  values: readonly [number, number][],
  range: TimeRange,
  columns: number,
): (number | null)[] {
  const byColumn: (number | null)[] = new Array(columns).fill(null);
  const spanMs = range.endMs - range.startMs;
  for (const [slotMs, value] of values) {
    byColumn[Math.min(columns - 1, Math.floor(((slotMs - range.startMs) * columns) / spanMs))] = value;
  }
  return byColumn;
}

/** The value axis for `values`: its span, its labels from the bottom row up, and the columns left. */
function axisLayout(values: readonly number[], height: number, width: number) {
  // A loop rather than Math.min(...values): a month of minutes is more arguments than a call takes.
  const min = values.reduce((low, value) => Math.min(low, value), Number.POSITIVE_INFINITY);
  const max = values.reduce((high, value) => Math.max(high, value), Number.NEGATIVE_INFINITY);
  const labels = Array.from({ length: height }, (_, row) =>
    AXIS_FORMAT.format(max === min ? min : min + ((max - min) * row) / (height - 1)),
  );
  const labelWidth = Math.max(...labels.map((label) => label.length));
  const columns = width - labelWidth - 2;
  if (columns < 2) throw new InvalidReportOptionsError('width', `${width} leaves no room for the plot`);
  return { min, max, labels, labelWidth, columns };
}

/**
 * Open interest over time as a compact line chart of box-drawing characters, for `oi stats --chart`:
 * the value axis on the left, one column per stretch of time (its last value; the axis spans those), and on the time axis
 * a `×` under every column without a value, so a gap is shown as a gap, never bridged. Returns the
 * lines joined with `\n`, without colour; with no value in the range, a one-line notice.
 */
export function renderTerminalChart(points: readonly OiPoint[], options: TerminalChartOptions = {}): string {
  const width = checkSize('width', options.width ?? 80, 10);
  const height = checkSize('height', options.height ?? 10, 2);
  const field = options.field ?? 'openInterest';
  const first = points[0];
  const last = points.at(-1);
  const range =
    options.range ?? (first && last ? { startMs: first.slotMs, endMs: last.slotMs + 1 } : undefined);
  if (range === undefined || range.endMs <= range.startMs) return NO_VALUES;
  const inRange = valuesInRange(points, field, range);
  if (inRange.length === 0) return NO_VALUES;
  // The axis spans the values drawn (each column's last), so the line always fills the height; the
  // label width depends on that span and the columns on the label width, hence a second pass when
  // the drawn values need wider labels than all the values did.
  let layout = axisLayout(
    inRange.map(([, value]) => value),
    height,
    width,
  );
  let values = columnValues(inRange, range, layout.columns);
  const drawn = axisLayout(
    values.filter((value) => value !== null),
    height,
    width,
  );
  if (drawn.labelWidth > layout.labelWidth) values = columnValues(inRange, range, drawn.columns);
  layout = { ...drawn, labelWidth: Math.max(drawn.labelWidth, layout.labelWidth), columns: values.length };
  const { min, max, labels, labelWidth, columns } = layout;
  const rowOf = (value: number): number =>
    max === min ? Math.floor((height - 1) / 2) : Math.round(((value - min) / (max - min)) * (height - 1));

  const grid = Array.from({ length: height }, () => new Array<string>(columns).fill(' '));
  const put = (row: number, column: number, char: string): void => {
    grid[height - 1 - row]![column] = char;
  };
  values.forEach((value, column) => {
    if (value === null) return;
    const row = rowOf(value);
    const previous = column > 0 ? values[column - 1] : null;
    if (previous === null || previous === undefined || rowOf(previous) === row) {
      put(row, column, '─');
      return;
    }
    const from = rowOf(previous);
    put(from, column, from < row ? '╯' : '╮');
    put(row, column, from < row ? '╭' : '╰');
    for (let between = Math.min(from, row) + 1; between < Math.max(from, row); between += 1)
      put(between, column, '│');
  });

  const lines = grid.map(
    (cells, index) => `${labels[height - 1 - index]!.padStart(labelWidth)} ┤${cells.join('')}`,
  );
  lines.push(`${' '.repeat(labelWidth)} └${values.map((value) => (value === null ? '×' : '─')).join('')}`);
  const startLabel = formatUtcMinute(range.startMs);
  const endLabel = `${formatUtcMinute(range.endMs)} UTC`;
  const gapWidth = Math.max(1, columns + 1 - startLabel.length - endLabel.length);
  lines.push(`${' '.repeat(labelWidth + 1)}${startLabel}${' '.repeat(gapWidth)}${endLabel}`);
  return lines.join('\n');
}
