import { baseCoinValue } from './base-coin-value.ts';
import { formatFixed, multiplyDecimals, padDecimals } from './decimal-format.ts';
import { hashIntegers, hashString, hashUnit, smoothNoise } from './seeded-hash.ts';
import type { SimSymbol } from './universe.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
const SUPPLY_EPOCH_MS = Date.UTC(2026, 0, 1);

/** The deterministic market of one seed: every value is a pure function of (seed, symbol, time). */
export interface MarketSeries {
  /** Open interest at an instant, as `/fapi/v1/openInterest` prints it (quantityPrecision decimals). */
  openInterestAt(symbol: SimSymbol, timeMs: number): string;
  /** Mark price at an instant, rounded to the price tick and printed with 8 decimals. */
  markPriceAt(symbol: SimSymbol, timeMs: number): string;
  /** Unrounded mark price, for candle and ticker arithmetic. */
  priceAt(symbol: SimSymbol, timeMs: number): number;
  /** Index price at an instant (8 decimals, not tick-rounded, like the real one). */
  indexPriceAt(symbol: SimSymbol, timeMs: number): string;
  /** Funding rate of the current 8h funding interval (8 decimals). */
  fundingRateAt(symbol: SimSymbol, timeMs: number): string;
  /** Traded base volume per millisecond around an instant. */
  volumeRateAt(symbol: SimSymbol, timeMs: number): number;
  /** CoinMarketCap circulating supply (8 decimals, whole coins), or undefined when not reported. */
  cmcSupplyAt(symbol: SimSymbol, timeMs: number): string | undefined;
  /**
   * The value of an open interest at an instant (8 decimals): USDⓈ-M base units × mark price in the
   * quote asset, rounded half away from zero; COIN-M contracts in the base coin (`baseCoinValue`).
   */
  openInterestValue(symbol: SimSymbol, openInterest: string, timeMs: number): string;
  /** The `sumOpenInterest` / `sumOpenInterestValue` pair of a history row labelled `timeMs`. */
  historyValuesAt(
    symbol: SimSymbol,
    timeMs: number,
  ): { sumOpenInterest: string; sumOpenInterestValue: string };
}

/** Builds the market series of a seed. */
export function createMarketSeries(seed: number): MarketSeries {
  const keys = new Map<string, number>();
  const keyOf = (symbol: SimSymbol): number => {
    let key = keys.get(symbol.symbol);
    if (key === undefined) {
      key = hashIntegers(seed, hashString(symbol.symbol));
      keys.set(symbol.symbol, key);
    }
    return key;
  };
  // A delisted contract stops moving when trading stops.
  const effectiveTime = (symbol: SimSymbol, timeMs: number): number =>
    symbol.delistedAtMs !== undefined ? Math.min(timeMs, symbol.delistedAtMs) : timeMs;

  const openInterestNumber = (symbol: SimSymbol, timeMs: number): number => {
    const key = keyOf(symbol);
    const t = effectiveTime(symbol, timeMs);
    const phase = hashUnit(key, 11) * 2 * Math.PI;
    const periodMs = (5 + 10 * hashUnit(key, 12)) * DAY_MS;
    const level =
      1 +
      0.06 * Math.sin((2 * Math.PI * t) / periodMs + phase) +
      0.05 * smoothNoise(hashIntegers(key, 13), t, 6 * HOUR_MS) +
      0.02 * smoothNoise(hashIntegers(key, 14), t, 30 * MINUTE_MS) +
      0.004 * smoothNoise(hashIntegers(key, 15), t, MINUTE_MS);
    return symbol.typicalOpenInterest * level;
  };

  const priceAt = (symbol: SimSymbol, timeMs: number): number => {
    const key = keyOf(symbol);
    const t = effectiveTime(symbol, timeMs);
    const phase = hashUnit(key, 21) * 2 * Math.PI;
    const exponent =
      0.1 * Math.sin((2 * Math.PI * t) / (30 * DAY_MS) + phase) +
      0.05 * smoothNoise(hashIntegers(key, 22), t, DAY_MS) +
      0.012 * smoothNoise(hashIntegers(key, 23), t, HOUR_MS) +
      0.002 * smoothNoise(hashIntegers(key, 24), t, MINUTE_MS);
    return symbol.typicalPrice * Math.exp(exponent);
  };

  const openInterestAt = (symbol: SimSymbol, timeMs: number): string =>
    formatFixed(openInterestNumber(symbol, timeMs), symbol.quantityPrecision);

  const markPriceAt = (symbol: SimSymbol, timeMs: number): string =>
    padDecimals(formatFixed(priceAt(symbol, timeMs), symbol.pricePrecision), 8);

  const openInterestValue = (symbol: SimSymbol, openInterest: string, timeMs: number): string =>
    symbol.contractSize === undefined
      ? multiplyDecimals(openInterest, markPriceAt(symbol, timeMs), 8)
      : baseCoinValue(openInterest, symbol.contractSize, markPriceAt(symbol, timeMs));

  return {
    openInterestAt,
    markPriceAt,
    priceAt,
    indexPriceAt: (symbol, timeMs) =>
      formatFixed(priceAt(symbol, timeMs) * (1 - 0.0004 * smoothNoise(keyOf(symbol), timeMs, MINUTE_MS)), 8),
    fundingRateAt: (symbol, timeMs) => {
      const interval = Math.floor(timeMs / (8 * HOUR_MS));
      return formatFixed(0.0001 + 0.0003 * (hashUnit(keyOf(symbol), 31, interval) - 0.3), 8);
    },
    volumeRateAt: (symbol, timeMs) =>
      (symbol.typicalVolume24h / DAY_MS) *
      (1 + 0.5 * smoothNoise(hashIntegers(keyOf(symbol), 41), timeMs, HOUR_MS)),
    cmcSupplyAt: (symbol, timeMs) => {
      if (!symbol.hasCmcSupply) return undefined;
      const day = Math.floor(timeMs / DAY_MS) * DAY_MS;
      const growth = 1 + (0.01 * (day - SUPPLY_EPOCH_MS)) / YEAR_MS;
      return padDecimals(formatFixed(Math.round(symbol.cmcSupply * growth), 0), 8);
    },
    openInterestValue,
    historyValuesAt: (symbol, timeMs) => {
      const openInterest = openInterestAt(symbol, timeMs);
      return {
        sumOpenInterest: padDecimals(openInterest, 8),
        sumOpenInterestValue: openInterestValue(symbol, openInterest, timeMs),
      };
    },
  };
}
