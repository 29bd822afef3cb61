import { addLastUnit, formatFixed, padDecimals, trimDecimals } from '../market/decimal-format.ts';
import type { MarketSeries } from '../market/market-series.ts';
import { hashIntegers, hashString, smoothNoise } from '../market/seeded-hash.ts';
import type { SimSymbol } from '../market/universe.ts';
import type { ArchiveMarket } from './archive-calendar.ts';

/** The two stock columns of a metrics row, as written in the CSV. */
export interface ArchiveValues {
  readonly sumOpenInterest: string;
  readonly sumOpenInterestValue: string;
}

/** Where one symbol's archive rows take their values from. */
export interface ArchiveValueSource {
  readonly market: ArchiveMarket;
  readonly symbol: SimSymbol;
  /**
   * The stock columns of the snapshot at an instant. `altered` adds one unit of the last decimal
   * place to the open interest (and revalues it): a value that disagrees with the API's.
   */
  values(snapshotMs: number, altered?: boolean): ArchiveValues;
  /** The four ratio columns as written, in header order. */
  ratios(snapshotMs: number): readonly [string, string, string, string];
}

const HOUR_MS = 3_600_000;
const FIVE_MINUTES_MS = 300_000;
/** Centres of the ratio columns: top-trader accounts, top-trader positions, all accounts, taker volume. */
const RATIO_CENTRES = [1.9, 1.4, 1.8, 1.0] as const;

/** The four ratio columns of a symbol: each wanders around its centre, 8 decimals like the archive prints it. */
function createRatios(key: number): (column: number, snapshotMs: number) => string {
  const slowKeys = RATIO_CENTRES.map((_, column) => hashIntegers(key, 101, column));
  const fastKeys = RATIO_CENTRES.map((_, column) => hashIntegers(key, 102, column));
  const ratioAt = (column: number, timeMs: number): string => {
    const wander =
      0.3 * smoothNoise(slowKeys[column]!, timeMs, 2 * HOUR_MS) +
      0.05 * smoothNoise(fastKeys[column]!, timeMs, FIVE_MINUTES_MS);
    return formatFixed(RATIO_CENTRES[column]! * Math.exp(wander), 8);
  };
  return ratioAt;
}

/**
 * The values of a symbol's archive rows: the very snapshot the API's openInterestHist row carries.
 * USDⓈ-M writes it trimmed (`96268.02`, not `96268.02000000`; a whole number has no point:
 * `96268`, zero is `0`). COIN-M writes contracts and the base-coin value with 8 decimals as in the
 * real files (`5578700.00000000,18265.00911826`), and `""` for the three account ratios.
 */
export function createArchiveValueSource(
  series: MarketSeries,
  symbol: SimSymbol,
  seed: number,
): ArchiveValueSource {
  const ratioAt = createRatios(hashIntegers(seed, hashString(symbol.symbol)));
  const write = symbol.market === 'cm' ? (text: string) => text : trimDecimals;
  return {
    market: symbol.market,
    symbol,
    values(snapshotMs, altered = false) {
      if (!altered) {
        const row = series.historyValuesAt(symbol, snapshotMs);
        return {
          sumOpenInterest: write(row.sumOpenInterest),
          sumOpenInterestValue: write(row.sumOpenInterestValue),
        };
      }
      const openInterest = addLastUnit(series.openInterestAt(symbol, snapshotMs));
      return {
        sumOpenInterest: write(padDecimals(openInterest, 8)),
        sumOpenInterestValue: write(series.openInterestValue(symbol, openInterest, snapshotMs)),
      };
    },
    ratios: (snapshotMs) =>
      symbol.market === 'cm'
        ? ['""', '""', '""', ratioAt(3, snapshotMs)]
        : [ratioAt(0, snapshotMs), ratioAt(1, snapshotMs), ratioAt(2, snapshotMs), ratioAt(3, snapshotMs)],
  };
}
