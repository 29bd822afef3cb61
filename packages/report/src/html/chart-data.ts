import { commonGaps } from '../model/chart-gaps.ts';
import type { ReportModel, SampledLine, SeriesReport } from '../model/report-model.ts';
import { LINE_COLORS } from './palette.ts';
import { openInterestUnit, valueUnit } from './unit-labels.ts';

/**
 * One chart line, packed small because 500 symbols carry four lines each: `x` holds the first
 * point's minute after `ChartData.baseMs`, then the minutes from each point to the next; `y` holds
 * six-digit integers that give the value when multiplied by `yScale`, and null where a missing slot
 * breaks the line.
 */
export interface ChartLine {
  readonly series: string;
  readonly field: 'openInterest' | 'openInterestValue';
  readonly label: string;
  readonly color: string;
  readonly x: readonly number[];
  readonly y: readonly (number | null)[];
  readonly yScale: number;
}

/** The charts' data of one symbol, embedded in its own element and parsed when the chart is drawn. */
export interface ChartData {
  readonly symbol: string;
  /** Epoch ms that every minute offset counts from. */
  readonly baseMs: number;
  /** The range in minutes after `baseMs`. */
  readonly startMinute: number;
  readonly endMinute: number;
  readonly lines: readonly ChartLine[];
  /** `[series, start minute, end minute, source]`. */
  readonly sources: readonly (readonly [string, number, number, string])[];
  /** `[series, start minute, end minute, 1 when lost]`: each series' gaps, marked in its band. */
  readonly gaps: readonly (readonly [string, number, number, 0 | 1])[];
  /** `[start minute, end minute, 1 when lost]`: time no series has, shaded across the plot. */
  readonly blank: readonly (readonly [number, number, 0 | 1])[];
  /** A COIN-M contract's units, for the axes' labels; absent for a USDⓈ-M symbol. */
  readonly units?: { readonly openInterest: string; readonly openInterestValue: string };
}

// Six significant digits are finer than a pixel of any chart; the tables keep the exact decimals.
const SIGNIFICANT_DIGITS = 6;

/** Minute offsets as deltas and values as integers of six significant digits times a power of ten. */
export function packLine(line: SampledLine, baseMs: number): Pick<ChartLine, 'x' | 'y' | 'yScale'> {
  let largest = 0;
  for (const y of line.ys) if (!Number.isNaN(y)) largest = Math.max(largest, Math.abs(y));
  const exponent = largest === 0 ? 0 : Math.floor(Math.log10(largest)) - (SIGNIFICANT_DIGITS - 1);
  const yScale = 10 ** exponent;
  let previousMinute = 0;
  const x = line.xs.map((ms) => {
    const minute = Math.round((ms - baseMs) / 60_000);
    const delta = minute - previousMinute;
    previousMinute = minute;
    return delta;
  });
  return { x, y: line.ys.map((y) => (Number.isNaN(y) ? null : Math.round(y / yScale))), yScale };
}

function chartLine(
  report: SeriesReport,
  field: ChartLine['field'],
  line: SampledLine,
  baseMs: number,
): ChartLine {
  const name = field === 'openInterest' ? 'OI' : 'OI value';
  const { units } = report;
  const unit = units === null ? '' : ` (${field === 'openInterest' ? 'contracts' : valueUnit(units)})`;
  return {
    series: report.series,
    field,
    label: `${name} ${report.series}${unit}`,
    color: LINE_COLORS[`${field}${report.series}`],
    ...packLine(line, baseMs),
  };
}

/** The chart data of one symbol from its series' reports (5m first). */
export function buildChartData(model: ReportModel, reports: readonly SeriesReport[]): ChartData {
  const baseMs = Math.floor(model.range.startMs / 60_000) * 60_000;
  const minute = (ms: number): number => Math.round((ms - baseMs) / 60_000);
  const units = reports[0]?.units ?? null;
  return {
    symbol: reports[0]?.symbol ?? '',
    baseMs,
    startMinute: minute(model.range.startMs),
    endMinute: minute(model.range.endMs),
    lines: reports.flatMap((report) => [
      chartLine(report, 'openInterest', report.chart.openInterest, baseMs),
      chartLine(report, 'openInterestValue', report.chart.openInterestValue, baseMs),
    ]),
    sources: reports.flatMap((report) =>
      report.chart.sources.map(
        (run) => [report.series, minute(run.startMs), minute(run.endMs), run.source] as const,
      ),
    ),
    gaps: reports.flatMap((report) =>
      report.chart.gaps.map(
        (gap) =>
          [report.series, minute(gap.range.startMs), minute(gap.range.endMs), gap.lost ? 1 : 0] as const,
      ),
    ),
    blank: commonGaps(reports.map((report) => report.chart.gaps)).map(
      (gap) => [minute(gap.range.startMs), minute(gap.range.endMs), gap.lost ? 1 : 0] as const,
    ),
    ...(units === null
      ? {}
      : { units: { openInterest: openInterestUnit(units), openInterestValue: valueUnit(units) } }),
  };
}
