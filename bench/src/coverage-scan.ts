import { scanGaps } from '@oi/recovery';
import { ALL_SERIES, type TimeRange } from '@oi/storage';
import { type BenchRow, round } from './bench-row.ts';

/** Figures of a gap scan over a data directory. */
export interface CoverageScanResult {
  readonly symbols: number;
  readonly days: number;
  readonly coldMs: number;
  readonly warmMs: number;
  /** Symbol-series reports produced per pass. */
  readonly reports: number;
  /** Gaps found (the same in both passes, or the cache is wrong). */
  readonly gaps: number;
  readonly coldEqualsWarm: boolean;
}

/**
 * `scanGaps` (what `oi gaps` runs) over every symbol and both series: once cold, with no coverage
 * cache (every day file is parsed), then warm, served from the per-day cache the cold pass left.
 * The files were just written, so the OS page cache is warm in both passes: cold means "no summary".
 */
export async function benchCoverageScan(
  dataDir: string,
  symbols: readonly string[],
  range: TimeRange,
  days: number,
): Promise<CoverageScanResult> {
  const scan = async () => {
    const startedMs = performance.now();
    const reports = await scanGaps({ dataDir, symbols, series: ALL_SERIES, range, nowMs: range.endMs });
    const gaps = reports.map((report) => `${report.symbol}/${report.series}:${report.gaps.length}`).join();
    return {
      ms: performance.now() - startedMs,
      reports: reports.length,
      gaps,
      count: reports.reduce((n, r) => n + r.gaps.length, 0),
    };
  };
  const cold = await scan();
  const warm = await scan();
  return {
    symbols: symbols.length,
    days,
    coldMs: round(cold.ms),
    warmMs: round(warm.ms),
    reports: warm.reports,
    gaps: warm.count,
    coldEqualsWarm: cold.gaps === warm.gaps,
  };
}

/** The two table rows of a gap scan: warm < 1 s, cold < 10 s. */
export function coverageRows(result: CoverageScanResult): BenchRow[] {
  const size = `${result.symbols} symbols x ${result.days} d, 1m+5m`;
  const figures = { ...result, coldEqualsWarm: result.coldEqualsWarm ? 1 : 0 };
  return [
    {
      benchmark: 'gap scan, cold',
      size,
      figures,
      summary: `${round(result.coldMs / 1000, 2)} s, ${result.reports} series, ${result.gaps} gaps`,
      target: '< 10 s',
      met: result.coldMs < 10_000,
    },
    {
      benchmark: 'gap scan, warm',
      size,
      figures,
      summary: `${round(result.warmMs / 1000, 2)} s, same gaps as cold: ${result.coldEqualsWarm ? 'yes' : 'NO'}`,
      target: '< 1 s',
      met: result.warmMs < 1000 && result.coldEqualsWarm,
    },
  ];
}
