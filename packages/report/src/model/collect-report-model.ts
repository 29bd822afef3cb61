import { type GapReport, scanGaps } from '@oi/recovery';
import { assertSymbol, dayKeysInRange, listSymbols, SERIES_SLOT_MS, type Series } from '@oi/storage';
import pLimit from 'p-limit';
import { type ReportOptions, type ResolvedReportOptions, resolveReportOptions } from '../report-options.ts';
import { coalesceGaps } from './chart-gaps.ts';
import { buildDayCells, tallyGaps } from './day-cells.ts';
import { bucketWidthMs } from './downsample-min-max.ts';
import { readSeriesRows } from './read-series-rows.ts';
import type { ReportModel, SeriesReport } from './report-model.ts';
import { SeriesAccumulator } from './series-accumulator.ts';

/**
 * Reads what the report shows: coverage and gaps through `@oi/recovery`'s `scanGaps`, rows through
 * `@oi/storage`, one symbol at a time per worker so memory stays bounded by a few symbols' charts.
 * Reads only; the data directory needs no lock.
 */
export async function collectReportModel(options: ReportOptions): Promise<ReportModel> {
  const resolved = resolveReportOptions(options);
  const symbols =
    resolved.symbols === undefined
      ? await listSymbols(resolved.dataDir)
      : [...new Set(resolved.symbols.map(assertSymbol))];
  const dayKeys = dayKeysInRange(resolved.range);
  const limit = pLimit(resolved.concurrency);
  const { signal, onProgress } = resolved;
  let symbolsDone = 0;
  const perSymbol = await Promise.all(
    symbols.map((symbol) =>
      limit(async () => {
        signal?.throwIfAborted();
        const reports = await reportSymbol(resolved, symbol, dayKeys);
        symbolsDone += 1;
        onProgress?.({ symbolsDone, symbols: symbols.length });
        return reports;
      }),
    ),
  );
  signal?.throwIfAborted();
  return {
    title: resolved.title,
    dataDir: resolved.dataDir,
    range: resolved.range,
    generatedAt: resolved.generatedAt,
    series: resolved.seriesList,
    dayKeys,
    symbols,
    reports: perSymbol.flat(),
  };
}

async function reportSymbol(
  options: ResolvedReportOptions,
  symbol: string,
  dayKeys: readonly string[],
): Promise<SeriesReport[]> {
  const gapReports = await scanGaps({
    dataDir: options.dataDir,
    symbols: [symbol],
    series: options.seriesList,
    range: options.range,
    nowMs: options.nowMs,
    ...(options.listings === undefined ? {} : { listings: options.listings }),
    ...(options.gapSources === undefined ? {} : { sources: options.gapSources }),
  });
  const reports: SeriesReport[] = [];
  for (const series of options.seriesList) {
    const gapReport = gapReports.find((report) => report.series === series);
    if (gapReport === undefined) continue;
    reports.push(await reportSeries(options, symbol, series, gapReport, dayKeys));
  }
  return reports;
}

async function reportSeries(
  options: ResolvedReportOptions,
  symbol: string,
  series: Series,
  gapReport: GapReport,
  dayKeys: readonly string[],
): Promise<SeriesReport> {
  const { range } = options;
  const slotMs = SERIES_SLOT_MS[series];
  const grid = { range, slotMs, bucketMs: bucketWidthMs(range, slotMs, options.chartBuckets) };
  const accumulator = new SeriesAccumulator(grid);
  await readSeriesRows(options.dataDir, symbol, series, range, (row) => accumulator.add(row));
  const data = accumulator.result();
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
      gaps: coalesceGaps(gapReport.gaps, grid.bucketMs),
    },
  };
}
