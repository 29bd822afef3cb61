import { readRows } from '@oi/storage';
import type { TimeRangeMs } from '../../cli/range-flags.ts';
import { DEFAULT_REPORT_DAYS, resolveReportRange } from '../report/report-range.ts';

/** What `oi stats --chart` draws: one symbol's 5m open interest over the last 30 days. */
export interface StatsChart {
  readonly symbol: string;
  readonly nowMs: number;
  /** Columns of the whole chart, axis included (the terminal's width). */
  readonly width: number;
}

/** The chart as text under the table, and as data in the `--json` result. */
export interface DrawnStatsChart {
  readonly text: string;
  readonly data: {
    readonly symbol: string;
    readonly series: '5m';
    readonly range: TimeRangeMs;
    readonly rows: number;
    /** The chart's lines, as printed. */
    readonly lines: readonly string[];
  };
}

// Box-drawing charts narrower than this hold no line worth reading; wider than the renderer allows, no
// terminal is.
const MIN_WIDTH = 20;
const MAX_WIDTH = 1000;

/** Reads the symbol's 5m rows of the last 30 days and draws their open interest as a terminal line chart. */
export async function drawStatsChart(dataDir: string, chart: StatsChart): Promise<DrawnStatsChart> {
  const range = resolveReportRange(undefined, chart.nowMs);
  const rows = await readRows(dataDir, chart.symbol, '5m', range);
  const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.floor(chart.width)));
  const { renderTerminalChart } = await import('@oi/report');
  const drawn = renderTerminalChart(rows, { width, range });
  const title = `${chart.symbol} open interest, 5m, last ${DEFAULT_REPORT_DAYS} days (${rows.length} rows)`;
  return {
    text: `${title}\n${drawn}`,
    data: { symbol: chart.symbol, series: '5m', range, rows: rows.length, lines: drawn.split('\n') },
  };
}
