import {
  type GapReport,
  type HistorySource,
  type Listing,
  listingsWithLifecycles,
  readSymbolLifecycles,
  scanGaps,
} from '@oi/recovery';
import type { Series } from '@oi/storage';
import type { TimeRangeMs } from '../cli/range-flags.ts';
import { formatTable } from '../terminal/format-table.ts';

/** Totals over gap reports. */
export interface GapTotals {
  readonly expectedSlots: number;
  readonly presentSlots: number;
  readonly missingSlots: number;
  readonly recoverableSlots: number;
  readonly unrecoverableSlots: number;
}

/** Adds up gap reports, optionally of one series only. */
export function totalGaps(reports: readonly GapReport[], series?: Series): GapTotals {
  const chosen = series === undefined ? reports : reports.filter((report) => report.series === series);
  const sum = (pick: (report: GapReport) => number) =>
    chosen.reduce((total, report) => total + pick(report), 0);
  return {
    expectedSlots: sum((r) => r.expectedSlots),
    presentSlots: sum((r) => r.presentSlots),
    missingSlots: sum((r) => r.expectedSlots - r.presentSlots),
    recoverableSlots: sum((r) => r.recoverableSlots),
    unrecoverableSlots: sum((r) => r.unrecoverableSlots),
  };
}

/**
 * Scans stored coverage for the given symbols, series and range. A symbol the collector saw end
 * (the data directory's listings state) is expected only up to its end, listings or not.
 */
export async function scanRange(input: {
  readonly dataDir: string;
  readonly symbols: readonly string[];
  readonly series: readonly Series[];
  readonly range: TimeRangeMs;
  readonly nowMs: number;
  readonly listings?: ReadonlyMap<string, Listing>;
  /** The sources a backfill would use, which decide what can fill each gap. @default 'api' */
  readonly source?: HistorySource;
}): Promise<GapReport[]> {
  const lifecycles = await readSymbolLifecycles(input.dataDir);
  const listings =
    lifecycles.size === 0 ? input.listings : listingsWithLifecycles(input.listings ?? new Map(), lifecycles);
  return scanGaps({
    dataDir: input.dataDir,
    symbols: input.symbols,
    series: input.series,
    range: input.range,
    nowMs: input.nowMs,
    ...(listings === undefined ? {} : { listings }),
    ...(input.source === undefined ? {} : { source: input.source }),
  });
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** The `oi gaps` table: coverage per symbol and series, then each gap run with what can fill it. */
export function formatGapReports(reports: readonly GapReport[], maxGapLines = 20): string {
  const table = formatTable(
    ['symbol', 'series', 'expected', 'present', 'coverage', 'recoverable', 'lost'],
    reports.map((report) => [
      report.symbol,
      report.series,
      String(report.expectedSlots),
      String(report.presentSlots),
      `${report.coveragePercent.toFixed(2)}%`,
      String(report.recoverableSlots),
      String(report.unrecoverableSlots),
    ]),
  );
  const gaps = reports.flatMap((report) => report.gaps);
  const lines = gaps
    .slice(0, maxGapLines)
    .map(
      (gap) =>
        `  ${gap.symbol} ${gap.series} ${iso(gap.range.startMs)} .. ${iso(gap.range.endMs)}  ${gap.slots} slots  ${gap.fillableBy === 'none' ? 'cannot be recovered' : `fillable by ${gap.fillableBy}`} (${gap.detail})`,
    );
  if (gaps.length > maxGapLines)
    lines.push(`  ... and ${gaps.length - maxGapLines} more gaps (use --json for all)`);
  return gaps.length === 0 ? `${table}\nno gaps` : `${table}\ngaps:\n${lines.join('\n')}`;
}
