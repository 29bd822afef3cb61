import type { Series, TimeRange } from '@oi/storage';
import { coverage as storageCoverage } from '@oi/storage';
import { createArchiveGapSource } from '../archive/archive-gap-source.ts';
import { readArchiveState } from '../archive/archive-state.ts';
import type { HistorySource } from '../engine/backfill-report.ts';
import type { CoverageReader } from '../engine/ports.ts';
import { countSlots, expectedSlots, type Listing } from '../grid/slot-grid.ts';
import { intersectRanges } from '../grid/time-range.ts';
import { findGaps, type Gap } from './find-gaps.ts';
import { createApiHistorySource, type GapSource } from './gap-source.ts';

/** Options of {@link scanGaps}. */
export interface ScanGapsOptions {
  /** The data directory. */
  readonly dataDir: string;
  /** Symbols to report on. */
  readonly symbols: readonly string[];
  /** One series or several. */
  readonly series: Series | readonly Series[];
  /** The period to check. */
  readonly range: TimeRange;
  /** The time the sources are asked about (the exchange's time). */
  readonly nowMs: number;
  /** Listing times; slots before a listing or after a delisting are not expected. */
  readonly listings?: ReadonlyMap<string, Listing>;
  /** Sources that can still fill gaps, in order of preference. @default those of `source` */
  readonly sources?: readonly GapSource[];
  /**
   * The sources a backfill of this `source` would use, when `sources` is not given: `auto` is the
   * archive (for finished days, as far as its recorded checks in `<data>/state/archive/` allow)
   * then the API, `archive` and `api` one each. @default 'api'
   */
  readonly source?: HistorySource;
  /** The archive's first day. @default ARCHIVE_FIRST_DAY ('2020-09-01') */
  readonly archiveFirstDay?: string;
  /** Reads stored coverage. @default `coverage` of `@oi/storage` */
  readonly coverage?: CoverageReader;
}

/** Coverage and gaps of one symbol's series. */
export interface GapReport {
  /** The symbol. */
  readonly symbol: string;
  /** The series. */
  readonly series: Series;
  /** Slots that should be stored. */
  readonly expectedSlots: number;
  /** Of those, slots that are stored. */
  readonly presentSlots: number;
  /** `presentSlots / expectedSlots` in percent (100 when nothing is expected). */
  readonly coveragePercent: number;
  /** The missing runs, each with what can fill it. */
  readonly gaps: readonly Gap[];
  /** Missing slots some source can still fill. */
  readonly recoverableSlots: number;
  /** Missing slots nothing can fill (recorded as gaps for good). */
  readonly unrecoverableSlots: number;
}

/**
 * Reports expected, present and missing slots per symbol and series, and how many missing slots can
 * still be recovered: what `oi gaps` prints and what the "N 5m slots can be backfilled, M 1m slots
 * cannot be recovered" prompt counts.
 */
export async function scanGaps(options: ScanGapsOptions): Promise<GapReport[]> {
  const readCoverage = options.coverage ?? storageCoverage;
  const source = options.source ?? 'api';
  const api = source === 'archive' ? [] : [createApiHistorySource()];
  const sourcesOf = async (symbol: string): Promise<readonly GapSource[]> => {
    if (options.sources !== undefined) return options.sources;
    if (source === 'api') return api;
    const state = await readArchiveState(options.dataDir, symbol);
    const firstDay = options.archiveFirstDay === undefined ? {} : { firstDay: options.archiveFirstDay };
    return [createArchiveGapSource({ state, ...firstDay }), ...api];
  };
  const seriesList: readonly Series[] =
    typeof options.series === 'string' ? [options.series] : options.series;
  const reports: GapReport[] = [];
  for (const symbol of options.symbols) {
    const sources = await sourcesOf(symbol);
    for (const series of seriesList) {
      const expected = expectedSlots(series, options.range, options.listings?.get(symbol));
      const present =
        expected.length === 0
          ? []
          : intersectRanges(await readCoverage(options.dataDir, symbol, series, expected[0]!), expected);
      const gaps = findGaps({ symbol, series, expected, present, sources, nowMs: options.nowMs });
      const expectedCount = countSlots(expected, series);
      const presentCount = countSlots(present, series);
      const recoverable = gaps.filter((g) => g.fillableBy !== 'none').reduce((sum, g) => sum + g.slots, 0);
      const unrecoverable = gaps.filter((g) => g.fillableBy === 'none').reduce((sum, g) => sum + g.slots, 0);
      reports.push({
        symbol,
        series,
        expectedSlots: expectedCount,
        presentSlots: presentCount,
        coveragePercent: expectedCount === 0 ? 100 : (presentCount / expectedCount) * 100,
        gaps,
        recoverableSlots: recoverable,
        unrecoverableSlots: unrecoverable,
      });
    }
  }
  return reports;
}
