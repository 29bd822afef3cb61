import { type GapReport, scanGaps } from '@oi/recovery';
import { assertSymbol, dayKeysInRange, listSymbols, type Series } from '@oi/storage';
import { type ReportOptions, type ResolvedReportOptions, resolveReportOptions } from '../report-options.ts';
import { coalesceGaps } from './chart-gaps.ts';
import { buildDayCells, tallyGaps } from './day-cells.ts';
import { chartGridOf, readSymbolSeries } from './read-symbol-series.ts';
import type { ReportModel, SeriesReport } from './report-model.ts';
import type { AccumulatedSeries } from './series-accumulator.ts';

const keyOf = (symbol: string, series: Series): string => `${symbol}/${series}`;

/** Counts the symbols that are done: read and scanned for gaps, the two passes running side by side. */
class SymbolProgress {
  private read = 0;
  private scanned = 0;
  private reported = 0;
  private readonly symbols: number;
  private readonly signal: AbortSignal;
  private readonly onProgress: ReportOptions['onProgress'];

  constructor(symbols: number, signal: AbortSignal, onProgress: ReportOptions['onProgress']) {
    this.symbols = symbols;
    this.signal = signal;
    this.onProgress = onProgress;
  }

  symbolRead(): void {
    this.read += 1;
    this.report();
  }

  symbolScanned(): void {
    this.scanned += 1;
    this.report();
  }

  private report(): void {
    const done = Math.min(this.read, this.scanned);
    // Nothing more is told once the report is stopping.
    if (done === this.reported || this.signal.aborted) return;
    this.reported = done;
    this.onProgress?.({ symbolsDone: done, symbols: this.symbols });
  }
}

/** Coverage and gaps of every symbol and series, one symbol at a time so a stop takes effect between them. */
async function scanSymbolGaps(
  options: ResolvedReportOptions,
  symbols: readonly string[],
  signal: AbortSignal,
  progress: SymbolProgress,
): Promise<Map<string, GapReport>> {
  const reports = new Map<string, GapReport>();
  for (const symbol of symbols) {
    signal.throwIfAborted();
    const found = await scanGaps({
      dataDir: options.dataDir,
      symbols: [symbol],
      series: options.seriesList,
      range: options.range,
      nowMs: options.nowMs,
      ...(options.listings === undefined ? {} : { listings: options.listings }),
      ...(options.gapSources === undefined ? {} : { sources: options.gapSources }),
    });
    for (const report of found) reports.set(keyOf(report.symbol, report.series), report);
    progress.symbolScanned();
  }
  return reports;
}

/** Every symbol's rows folded into its figures and chart lines, by symbol and series. */
async function readSymbolRows(
  options: ResolvedReportOptions,
  symbols: readonly string[],
  signal: AbortSignal,
  progress: SymbolProgress,
): Promise<Map<string, AccumulatedSeries>> {
  const results = new Map<string, AccumulatedSeries>();
  for await (const read of readSymbolSeries(options, symbols, signal)) {
    for (const [series, data] of read.series) results.set(keyOf(read.symbol, series), data);
    progress.symbolRead();
  }
  return results;
}

/**
 * Reads what the report shows: coverage and gaps through `@oi/recovery`'s `scanGaps`, rows through
 * `@oi/storage`, the two side by side (a gap scan without a coverage cache works on worker threads
 * of its own while this thread reads the rows). Only the small per-series figures and chart lines are kept. Reads only;
 * the data directory needs no lock.
 */
export async function collectReportModel(options: ReportOptions): Promise<ReportModel> {
  const resolved = resolveReportOptions(options);
  const symbols =
    resolved.symbols === undefined
      ? await listSymbols(resolved.dataDir)
      : [...new Set(resolved.symbols.map(assertSymbol))];
  const dayKeys = dayKeysInRange(resolved.range);
  // Either pass failing (or the caller stopping) stops the other one before the error is thrown.
  const stop = new AbortController();
  const signal =
    resolved.signal === undefined ? stop.signal : AbortSignal.any([resolved.signal, stop.signal]);
  const progress = new SymbolProgress(symbols.length, signal, resolved.onProgress);
  const stopOnFailure = (error: unknown): never => {
    stop.abort(error);
    throw error;
  };
  const [gaps, rows] = await Promise.allSettled([
    scanSymbolGaps(resolved, symbols, signal, progress).catch(stopOnFailure),
    readSymbolRows(resolved, symbols, signal, progress).catch(stopOnFailure),
  ]);
  resolved.signal?.throwIfAborted();
  if (gaps.status === 'rejected') throw gaps.reason;
  if (rows.status === 'rejected') throw rows.reason;
  const reports: SeriesReport[] = [];
  for (const symbol of symbols) {
    for (const series of resolved.seriesList) {
      const gapReport = gaps.value.get(keyOf(symbol, series));
      const data = rows.value.get(keyOf(symbol, series));
      if (gapReport === undefined || data === undefined) continue;
      reports.push(reportSeries(resolved, symbol, series, gapReport, data, dayKeys));
    }
  }
  return {
    title: resolved.title,
    dataDir: resolved.dataDir,
    range: resolved.range,
    generatedAt: resolved.generatedAt,
    series: resolved.seriesList,
    dayKeys,
    symbols,
    reports,
  };
}

function reportSeries(
  options: ResolvedReportOptions,
  symbol: string,
  series: Series,
  gapReport: GapReport,
  data: AccumulatedSeries,
  dayKeys: readonly string[],
): SeriesReport {
  return {
    symbol,
    series,
    summary: {
      rows: data.rows,
      expectedSlots: gapReport.expectedSlots,
      coveragePercent: gapReport.coveragePercent,
      fillableSlots: gapReport.recoverableSlots,
      lostSlots: gapReport.unrecoverableSlots,
      gaps: tallyGaps(gapReport.gaps),
      firstSlotMs: data.firstSlotMs,
      lastSlotMs: data.lastSlotMs,
      sources: data.sources,
      openInterest: data.openInterest,
      openInterestValue: data.openInterestValue,
    },
    days: buildDayCells({
      series,
      dayKeys,
      gaps: gapReport.gaps,
      dayRows: data.dayRows,
      daySources: data.daySources,
    }),
    chart: {
      openInterest: data.openInterestLine,
      openInterestValue: data.openInterestValueLine,
      sources: data.sourceRuns,
      gaps: coalesceGaps(gapReport.gaps, chartGridOf(options, series).bucketMs),
    },
  };
}
