import type { Listing } from '@oi/recovery';
import { ALL_SERIES, type Series, type TimeRange } from '@oi/storage';
import { InvalidReportOptionsError } from './errors.ts';
import type { GapSource } from './model/recovery-types.ts';

/** Which series a report shows: one of them, or both side by side. */
export type ReportSeries = Series | 'both';

/** What a report shows. */
export interface ReportOptions {
  /** The data directory to read (nothing in it is written). */
  readonly dataDir: string;
  /** The symbols, in this order. @default every symbol in the data directory (`listSymbols`) */
  readonly symbols?: readonly string[];
  /** The period, [startMs, endMs); the caller chooses it (`oi report`: the last 30 days). */
  readonly range: TimeRange;
  /** `'5m'`, `'1m'` or `'both'` (5m first). */
  readonly series: ReportSeries;
  /** The time gap sources are asked about: decides which missing slots can still be filled. */
  readonly nowMs: number;
  /** When the report was made, as the header prints it, e.g. `2026-11-24 03:05 UTC`. */
  readonly generatedAt: string;
  /** The page title. @default 'Open interest report' */
  readonly title?: string;
  /** Listing times: slots before a listing or after a delisting are not expected. */
  readonly listings?: ReadonlyMap<string, Listing>;
  /** Sources that can still fill gaps, in order of preference. @default [the history API] */
  readonly gapSources?: readonly GapSource[];
  /** Buckets per chart line; each keeps its lowest and highest point. @default 600 */
  readonly chartBuckets?: number;
  /** Stops the report between symbols or while the page is written (an existing file is left as it was); its reason is thrown. */
  readonly signal?: AbortSignal;
  /** Called each time a symbol has been read, e.g. to draw a progress bar. */
  readonly onProgress?: (progress: ReportProgress) => void;
}

/** How far a report has got, as {@link ReportOptions.onProgress} receives it. */
export interface ReportProgress {
  /** Symbols read so far. */
  readonly symbolsDone: number;
  /** Symbols the report shows. */
  readonly symbols: number;
}

/** The title a report gets unless the caller names one. */
export const DEFAULT_REPORT_TITLE = 'Open interest report';
/** Buckets per chart line unless the caller says otherwise: about one per pixel of a wide chart. */
export const DEFAULT_CHART_BUCKETS = 600;

/** Report options with every default filled in and every value checked. */
export interface ResolvedReportOptions extends ReportOptions {
  readonly title: string;
  readonly chartBuckets: number;
  readonly seriesList: readonly Series[];
}

function isEpochMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Checks `options` and fills in the defaults; throws InvalidReportOptionsError naming the first problem. */
export function resolveReportOptions(options: ReportOptions): ResolvedReportOptions {
  if (typeof options.dataDir !== 'string' || options.dataDir === '') {
    throw new InvalidReportOptionsError('dataDir', 'expected a non-empty path');
  }
  const { range } = options;
  if (!isEpochMs(range?.startMs) || !isEpochMs(range.endMs) || range.endMs <= range.startMs) {
    throw new InvalidReportOptionsError(
      'range',
      `expected integer epoch ms with startMs < endMs, found ${JSON.stringify(range)}`,
    );
  }
  if (options.series !== 'both' && !ALL_SERIES.includes(options.series)) {
    throw new InvalidReportOptionsError(
      'series',
      `expected '1m', '5m' or 'both', found ${String(options.series)}`,
    );
  }
  if (!isEpochMs(options.nowMs)) {
    throw new InvalidReportOptionsError('nowMs', `expected integer epoch ms, found ${String(options.nowMs)}`);
  }
  const chartBuckets = options.chartBuckets ?? DEFAULT_CHART_BUCKETS;
  if (!Number.isSafeInteger(chartBuckets) || chartBuckets < 10 || chartBuckets > 100_000) {
    throw new InvalidReportOptionsError(
      'chartBuckets',
      `expected an integer from 10 to 100000, found ${chartBuckets}`,
    );
  }
  return {
    ...options,
    title: options.title ?? DEFAULT_REPORT_TITLE,
    chartBuckets,
    seriesList: options.series === 'both' ? ['5m', '1m'] : [options.series],
  };
}
