import { isCoinMSymbol } from '@oi/storage';
import { baseCoinValue } from './base-coin-value.ts';
import type { ListedSymbol } from './listings.ts';
import { multiplyDecimals } from './multiply-decimals.ts';
import type { CollectorStore } from './ports.ts';

/**
 * The unit columns of a COIN-M symbol's rows: the USD one contract is worth and the coin its value is
 * in, as the listings give them ('' when they do not).
 */
export interface ContractUnits {
  /** USD per contract, e.g. `100` (BTC) or `10`. */
  readonly contractSize: string;
  /** The base coin the value is in, e.g. `BTC`. */
  readonly valueAsset: string;
}

/** The unit columns of `symbol`'s rows from its listing; undefined for a USDⓈ-M symbol, whose rows have none. */
export function contractUnitsOf(symbol: string, listed: ListedSymbol | undefined): ContractUnits | undefined {
  if (!isCoinMSymbol(symbol)) return undefined;
  const size = listed?.contractSize;
  return {
    contractSize: size !== undefined && Number.isFinite(size) && size > 0 ? String(size) : '',
    valueAsset: listed?.baseAsset ?? '',
  };
}

/**
 * The value of a live 1m open interest ('' when it cannot be known): USDⓈ-M base units x mark price,
 * exact; COIN-M (`units` given) contracts x contract size / mark price in the base coin, truncated
 * to eight fractional digits (baseCoinValue). The open interest itself is never rounded.
 */
export function liveOpenInterestValue(
  openInterest: string,
  markPrice: string | undefined,
  units: ContractUnits | undefined,
): string {
  if (markPrice === undefined) return '';
  if (units === undefined) return multiplyDecimals(openInterest, markPrice);
  if (units.contractSize === '') return '';
  return baseCoinValue(openInterest, units.contractSize, markPrice) ?? '';
}

/** `store` whose merges add each COIN-M symbol's unit columns (from `listings`) to its points; USDⓈ-M points pass as they are. */
export function storeWithContractUnits(
  store: Pick<CollectorStore, 'merge'>,
  listings: ReadonlyMap<string, ListedSymbol>,
): Pick<CollectorStore, 'merge'> {
  return {
    merge: (symbol, series, points) => {
      const units = contractUnitsOf(symbol, listings.get(symbol));
      if (units === undefined) return store.merge(symbol, series, points);
      return store.merge(
        symbol,
        series,
        points.map((point) => ({ ...point, extra: { ...point.extra, ...units } })),
      );
    },
  };
}
