import type { SymbolRoster } from './symbol-roster.ts';

/** One contract as `exchangeInfo` lists it (only what the engine reads). */
export interface ListedSymbol {
  /** e.g. `BTCUSDT`. */
  readonly symbol: string;
  /** `TRADING`, `SETTLING`, ... */
  readonly status: string;
  /** Listing time, epoch ms. */
  readonly onboardDateMs: number;
  /** Delivery or delisting time, epoch ms. */
  readonly deliveryDateMs: number;
  /** COIN-M: USD per contract (its rows' `contractSize`, the divisor of their value). */
  readonly contractSize?: number;
  /** The base coin (COIN-M: the asset its values are in). */
  readonly baseAsset?: string;
  /** `PERPETUAL`, `CURRENT_QUARTER`, `NEXT_QUARTER`, `PERPETUAL_DELIVERING`, ... (may be empty once settled). */
  readonly contractType?: string;
}

/** What the engine keeps of one listed contract (an `exchangeInfo` symbol carries more). */
export function listedSymbolOf(listed: ListedSymbol): ListedSymbol {
  const { symbol, status, onboardDateMs, deliveryDateMs, contractSize, baseAsset, contractType } = listed;
  return {
    symbol,
    status,
    onboardDateMs,
    deliveryDateMs,
    ...(contractSize === undefined ? {} : { contractSize }),
    ...(baseAsset === undefined ? {} : { baseAsset }),
    ...(contractType === undefined ? {} : { contractType }),
  };
}

/**
 * The listings the engine's runners take, by symbol, built from one `exchangeInfo` answer: a command
 * fetches the exchange's listings once and hands the same map to every runner.
 */
export function listingsFrom(symbols: readonly ListedSymbol[]): ReadonlyMap<string, ListedSymbol> {
  return new Map(symbols.map((listed) => [listed.symbol, listedSymbolOf(listed)]));
}

/**
 * Drops, in the roster's order, the symbols the listings lack (`invalid-symbol`) and, when
 * `tradingOnly`, those listed with a status other than `TRADING` (`not-tradable`).
 */
export function dropByListings(
  roster: SymbolRoster,
  listings: ReadonlyMap<string, ListedSymbol>,
  tradingOnly: boolean,
): void {
  for (const symbol of roster.active()) {
    const listed = listings.get(symbol);
    if (listed === undefined) roster.drop(symbol, 'invalid-symbol', 'not listed by exchangeInfo');
    else if (tradingOnly && listed.status !== 'TRADING') {
      roster.drop(symbol, 'not-tradable', `status ${listed.status}`);
    }
  }
}
