import type { ArchiveBenchCase } from './archive-backfill.ts';
import type { CollectUniverseOptions } from './collect-universe.ts';

/** The benchmarks `--only` can pick. */
export type BenchName =
  | 'live'
  | 'backfill'
  | 'shared'
  | 'archive'
  | 'coverage'
  | 'export'
  | 'report'
  | 'collect'
  | 'universe';

/** Every benchmark, in run order. */
export const BENCH_NAMES: readonly BenchName[] = [
  'live',
  'backfill',
  'shared',
  'archive',
  'coverage',
  'export',
  'report',
  'collect',
  'universe',
];

/**
 * What runs without `--only`: everything but `universe`, which runs in real time (about 8 minutes)
 * and would take `pnpm bench` past its 15 minutes.
 */
export const DEFAULT_BENCH_NAMES: readonly BenchName[] = BENCH_NAMES.filter((name) => name !== 'universe');

/** Sizes of one run. */
export interface BenchSizes {
  readonly liveSymbols: readonly number[];
  /** Measured ticks per size (after one warm-up tick). */
  readonly liveTicks: number;
  readonly backfill: readonly { readonly symbols: number; readonly concurrency: number }[];
  /** `oi backfill` with the archive: generated symbols over the last days, and one symbol's history. */
  readonly archive: readonly ArchiveBenchCase[];
  /** The day-file fixture of the gap scan and the export. */
  readonly fixture: { readonly symbols: number; readonly days: number };
  /** Days of 1m exported (from the fixture's first day). */
  readonly exportDays: number;
  readonly collect: { readonly symbols: number; readonly hours: number };
  /** `oi collect --market all --symbols all` in real time: the generated symbols of both markets. */
  readonly universe: CollectUniverseOptions;
}

/**
 * The full sizes of the issue (500 symbols x 14 days of 1m is 10.08M slots, 0.2% left out) and the
 * reduced sizes of `--quick`.
 */
export const BENCH_SIZES: Readonly<Record<'full' | 'quick', BenchSizes>> = {
  full: {
    liveSymbols: [50, 200, 500],
    liveTicks: 10,
    backfill: [
      { symbols: 20, concurrency: 16 },
      { symbols: 100, concurrency: 16 },
      { symbols: 100, concurrency: 4 },
    ],
    archive: [
      { kind: 'symbols', symbols: 500, days: 30 },
      { kind: 'history', symbol: 'BTCUSDT', fromDay: '2020-09-01' },
    ],
    fixture: { symbols: 500, days: 30 },
    exportDays: 14,
    collect: { symbols: 500, hours: 1 },
    universe: { usdMSymbols: 560, coinMSymbols: 40, ticksAfterPatrol: 4, maxWallMs: 30 * 60_000 },
  },
  quick: {
    liveSymbols: [50, 500],
    liveTicks: 3,
    backfill: [{ symbols: 20, concurrency: 16 }],
    archive: [
      { kind: 'symbols', symbols: 50, days: 30 },
      { kind: 'history', symbol: 'BTCUSDT', fromDay: '2025-09-01' },
    ],
    fixture: { symbols: 50, days: 30 },
    exportDays: 14,
    collect: { symbols: 50, hours: 0.25 },
    universe: { usdMSymbols: 60, coinMSymbols: 10, ticksAfterPatrol: 2, maxWallMs: 10 * 60_000 },
  },
};
