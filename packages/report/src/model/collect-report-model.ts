import { type GapReport, scanGaps } from '@oi/recovery';
import { assertSymbol, dayKeysInRange, listSymbols, SERIES_SLOT_MS } from '@oi/storage';
import { type ReportOptions, type ResolvedReportOptions, resolveReportOptions } from '../report-options.ts';
import { coalesceGaps } from './chart-gaps.ts';
import { buildDayCells, tallyGaps } from './day-cells.ts';
import { chartGridOf, readSymbolSeries, type SymbolSeries } from './read-symbol-series.ts';
import type { ReportModel, SeriesReport } from './report-model.ts';
import type { AccumulatedSeries } from './series-accumulator.ts';
import { storedCoverage } from './stored-coverage.ts';

/** How `scanGaps` reads stored coverage (recovery's `CoverageReader`). */
type CoverageReader = NonNullable<Parameters<typeof scanGaps>[0]['coverage']>;

/**
 * Reads what the report shows, symbol by symbol: the rows through `@oi/storage` (folded into figures
 * and chart lines as they come), then coverage and gaps through `@oi/recovery`'s `scanGaps`, given
 * the stored slots of those very rows, so every day file is read once and the coverage cache is
 * neither read nor written. Only the small per-series figures and chart lines are kept. Reads only;
 * the data directory needs no lock.
 */
export async function collectReportModel(options: ReportOptions): Promise<ReportModel> {
  const resolved = resolveReportOptions(options);
  const symbols =
    resolved.symbols === undefined
      ? await listSymbols(resolved.dataDir)
      : [...new Set(resolved.symbols.map(assertSymbol))];
  const dayKeys = dayKeysInRange(resolved.range);
  const { signal, onProgress } = resolved;
  const reports: SeriesReport[] = [];
  let symbolsDone = 0;
  for await (const read of readSymbolSeries(resolved, symbols, signal)) {
    const bySeries = new Map(read.series);
    const stored: CoverageReader = async (_dataDir, _symbol, series, range) =>
      storedCoverage(bySeries.get(series)?.storedRuns ?? [], range, SERIES_SLOT_MS[series]);
    const gapReports = await scanGaps({
      dataDir: resolved.dataDir,
      symbols: [read.symbol],
      series: resolved.seriesList,
      range: resolved.range,
      nowMs: resolved.nowMs,
      coverage: stored,
      ...(resolved.listings === undefined ? {} : { listings: resolved.listings }),
      ...(resolved.gapSources === undefined ? {} : { sources: resolved.gapSources }),
    });
    for (const gapReport of gapReports) {
      const data = bySeries.get(gapReport.series);
      if (data !== undefined) reports.push(reportSeries(resolved, read, gapReport, data, dayKeys));
    }
    symbolsDone += 1;
    onProgress?.({ symbolsDone, symbols: symbols.length });
  }
  signal?.throwIfAborted();
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
  { symbol, units }: SymbolSeries,
  gapReport: GapReport,
  data: AccumulatedSeries,
  dayKeys: readonly string[],
): SeriesReport {
  const { series } = gapReport;
  return {
    symbol,
    series,
    units,
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
