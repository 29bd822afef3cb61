/** A Binance futures market: USDⓈ-M (`um`, OI in base units) or COIN-M (`cm`, OI in contracts). */
export type Market = 'um' | 'cm';

// The COIN-M contract names (`BTCUSD_PERP`, `BTCUSD_261225`); `@oi/client` has the same rule, but
// storage depends on no client, so this is the one copy the store decides its layouts by.
const COIN_M_SYMBOL_PATTERN = /^[A-Z0-9]+USD_(PERP|\d{6})$/;

/** True when `symbol` names a COIN-M contract (`<PAIR>_PERP` or `<PAIR>_YYMMDD`, the pair ending in USD). */
export function isCoinMSymbol(symbol: string): boolean {
  return COIN_M_SYMBOL_PATTERN.test(symbol);
}

/** The market whose files `symbol`'s day files follow: `cm` for COIN-M contracts, `um` otherwise. */
export function marketOfSymbol(symbol: string): Market {
  return isCoinMSymbol(symbol) ? 'cm' : 'um';
}
