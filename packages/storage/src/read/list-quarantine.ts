import { type DaySummary, loadDaySummaries } from '../coverage/day-summaries.ts';
import { listSeriesFolder } from '../fs/list-day-files.ts';
import { dayKeysInRange } from '../model/day-key.ts';
import { ALL_SERIES, assertSeries, type Series } from '../model/series.ts';
import { assertSymbol } from '../model/symbol.ts';
import { assertTimeRange, type TimeRange } from '../model/time-range.ts';
import { listSymbols } from './list-symbols.ts';

/** The files readers leave out, so that a report can name them instead of skipping them unseen. */
export interface QuarantineReport {
  /**
   * Day files whose header is not one this store writes or reads: no row is read from them, and the
   * next write of their day moves them to `<file>.quarantine` and stores the day afresh.
   */
  readonly unreadable: readonly string[];
  /** `<day file>.quarantine` files: lines and whole files a writer has set aside. */
  readonly quarantined: readonly string[];
}

/** Options of listQuarantine. */
export interface ListQuarantineOptions {
  /** Only these symbols. @default every symbol in the data directory */
  readonly symbols?: readonly string[];
  /** Only these series. @default both */
  readonly series?: readonly Series[];
  /** Only the days this range touches. @default every day */
  readonly range?: TimeRange;
}

/**
 * The unreadable day files and the quarantine files of one symbol and series; `summaries` are the
 * day summaries a caller already loaded (with the same `wanted`), so their files are not read again.
 */
export async function quarantineOfSeries(
  dataDir: string,
  symbol: string,
  series: Series,
  summaries: readonly DaySummary[],
  wanted: (dayKey: string) => boolean = () => true,
): Promise<QuarantineReport> {
  const { quarantineFiles } = await listSeriesFolder(dataDir, symbol, series);
  return {
    unreadable: summaries.filter((summary) => summary.foreign).map((summary) => summary.path),
    quarantined: quarantineFiles.filter((file) => wanted(file.dayKey)).map((file) => file.path),
  };
}

/**
 * The unreadable day files and quarantine files of a data directory, from the coverage cache (no
 * day file is read again while it is unchanged). Needs no lock and changes no day file.
 */
export async function listQuarantine(
  dataDir: string,
  options: ListQuarantineOptions = {},
): Promise<QuarantineReport> {
  const symbols =
    options.symbols === undefined ? await listSymbols(dataDir) : options.symbols.map(assertSymbol);
  const seriesList = (options.series ?? ALL_SERIES).map(assertSeries);
  const days =
    options.range === undefined ? undefined : new Set(dayKeysInRange(assertTimeRange(options.range)));
  const wanted = (dayKey: string): boolean => days?.has(dayKey) ?? true;
  const unreadable: string[] = [];
  const quarantined: string[] = [];
  for (const symbol of symbols) {
    for (const series of seriesList) {
      const summaries = await loadDaySummaries(dataDir, symbol, series, wanted);
      const found = await quarantineOfSeries(dataDir, symbol, series, summaries, wanted);
      unreadable.push(...found.unreadable);
      quarantined.push(...found.quarantined);
    }
  }
  return { unreadable, quarantined };
}
