import { loadDaySummaries } from '../coverage/day-summaries.ts';
import { ALL_SERIES, SERIES_SLOT_MS, type Series } from '../model/series.ts';
import { assertSymbol } from '../model/symbol.ts';
import { type QuarantineReport, quarantineOfSeries } from './list-quarantine.ts';
import { listSymbols } from './list-symbols.ts';

/** Storage figures of one symbol and series, or of everything (`StoreStats.total`). */
export interface SeriesStats {
  readonly files: number;
  /** Valid rows with distinct slots (what readers see). */
  readonly rows: number;
  readonly bytes: number;
  /** First stored slot, epoch ms; null when there is no row. */
  readonly firstSlotMs: number | null;
  /** Last stored slot, epoch ms; null when there is no row. */
  readonly lastSlotMs: number | null;
  /** 100 x rows / expected slots from the first to the last stored slot; 0 when there is no row. */
  readonly coveragePercent: number;
}

/** SeriesStats of one symbol and series. */
export interface SymbolSeriesStats extends SeriesStats {
  readonly symbol: string;
  readonly series: Series;
}

/** Result of collectStats. */
export interface StoreStats {
  /** One entry per symbol and series that has at least one day file, by symbol then series. */
  readonly entries: readonly SymbolSeriesStats[];
  /** Sums over the entries; coveragePercent is total rows over total expected slots. */
  readonly total: SeriesStats;
  /** Day files counted without rows because their header is foreign, and the quarantine files. */
  readonly quarantine: QuarantineReport;
}

/** Options of collectStats. */
export interface CollectStatsOptions {
  /** Only these symbols. @default every symbol in the data directory */
  readonly symbols?: readonly string[];
}

function percent(rows: number, expected: number): number {
  return expected === 0 ? 0 : (100 * rows) / expected;
}

/** Files, rows, bytes, first/last slot and coverage per symbol and series, from the coverage cache. Needs no lock. */
export async function collectStats(dataDir: string, options: CollectStatsOptions = {}): Promise<StoreStats> {
  const symbols =
    options.symbols === undefined ? await listSymbols(dataDir) : options.symbols.map(assertSymbol);
  const entries: SymbolSeriesStats[] = [];
  let expectedTotal = 0;
  const total = {
    files: 0,
    rows: 0,
    bytes: 0,
    firstSlotMs: null as number | null,
    lastSlotMs: null as number | null,
  };
  const unreadable: string[] = [];
  const quarantined: string[] = [];
  for (const symbol of symbols) {
    for (const series of ALL_SERIES) {
      const summaries = await loadDaySummaries(dataDir, symbol, series);
      const setAside = await quarantineOfSeries(dataDir, symbol, series, summaries);
      unreadable.push(...setAside.unreadable);
      quarantined.push(...setAside.quarantined);
      if (summaries.length === 0) continue;
      const slotMs = SERIES_SLOT_MS[series];
      let rows = 0;
      let bytes = 0;
      let firstSlotMs: number | null = null;
      let lastSlotMs: number | null = null;
      for (const summary of summaries) {
        rows += summary.rows;
        bytes += summary.bytes;
        const firstRun = summary.runs[0];
        const lastRun = summary.runs[summary.runs.length - 1];
        if (firstRun !== undefined && (firstSlotMs === null || firstRun[0] < firstSlotMs))
          firstSlotMs = firstRun[0];
        if (lastRun !== undefined && (lastSlotMs === null || lastRun[1] - slotMs > lastSlotMs)) {
          lastSlotMs = lastRun[1] - slotMs;
        }
      }
      const expected =
        firstSlotMs === null || lastSlotMs === null ? 0 : (lastSlotMs - firstSlotMs) / slotMs + 1;
      expectedTotal += expected;
      entries.push({
        symbol,
        series,
        files: summaries.length,
        rows,
        bytes,
        firstSlotMs,
        lastSlotMs,
        coveragePercent: percent(rows, expected),
      });
      total.files += summaries.length;
      total.rows += rows;
      total.bytes += bytes;
      if (firstSlotMs !== null && (total.firstSlotMs === null || firstSlotMs < total.firstSlotMs)) {
        total.firstSlotMs = firstSlotMs;
      }
      if (lastSlotMs !== null && (total.lastSlotMs === null || lastSlotMs > total.lastSlotMs)) {
        total.lastSlotMs = lastSlotMs;
      }
    }
  }
  return {
    entries,
    total: { ...total, coveragePercent: percent(total.rows, expectedTotal) },
    quarantine: { unreadable, quarantined },
  };
}
