// The COIN-M (dapi) bodies as the same records USDⓈ-M gives: where a dapi endpoint answers an array
// for one symbol, the symbol's entry is picked; history rows, which name only the pair, get the
// contract symbol they were asked for.
import { type RequestTarget, ResponseValidationError } from '@oi/retry';
import {
  parseBody,
  toExchangeInfo,
  toHistoryRows,
  toMarkPrice,
  toOpenInterest,
  toTicker,
} from './parse-response.ts';
import {
  rawCoinMExchangeInfoSchema,
  rawCoinMOpenInterestHistSchema,
  rawCoinMOpenInterestSchema,
  rawCoinMPremiumIndexListSchema,
  rawCoinMTicker24hListSchema,
} from './raw-schemas.ts';
import type { ExchangeInfo, MarkPrice, OpenInterest, OpenInterestHistoryRow, Ticker24h } from './records.ts';

/** `/dapi/v1/exchangeInfo` -> {@link ExchangeInfo}: `status` is the `contractStatus`, `contractSize` set. */
export function parseCoinMExchangeInfo(target: RequestTarget, bodyText: string): ExchangeInfo {
  return toExchangeInfo(parseBody(target, bodyText, rawCoinMExchangeInfoSchema), (symbol) => ({
    status: symbol.contractStatus,
    contractSize: symbol.contractSize,
  }));
}

/** `/dapi/v1/ticker/24hr` -> every listed contract's {@link Ticker24h} (volume in contracts, `baseVolume`). */
export function parseCoinMTicker24hList(target: RequestTarget, bodyText: string): readonly Ticker24h[] {
  return Object.freeze(parseBody(target, bodyText, rawCoinMTicker24hListSchema).map(toTicker));
}

/** `/dapi/v1/premiumIndex` -> every listed contract's {@link MarkPrice}. */
export function parseCoinMMarkPriceList(target: RequestTarget, bodyText: string): readonly MarkPrice[] {
  return Object.freeze(parseBody(target, bodyText, rawCoinMPremiumIndexListSchema).map(toMarkPrice));
}

/** `/dapi/v1/openInterest` -> {@link OpenInterest} in contracts. */
export function parseCoinMOpenInterest(target: RequestTarget, bodyText: string): OpenInterest {
  return toOpenInterest(parseBody(target, bodyText, rawCoinMOpenInterestSchema));
}

/** `/futures/data/openInterestHist?pair=&contractType=` -> rows of `symbol`, sorted, deduplicated, clipped. */
export function parseCoinMOpenInterestHistory(
  target: RequestTarget,
  bodyText: string,
  fromMs: number,
  toMs: number,
  symbol: string,
): readonly OpenInterestHistoryRow[] {
  const raw = parseBody(target, bodyText, rawCoinMOpenInterestHistSchema);
  return toHistoryRows(raw, fromMs, toMs, (row) => ({
    symbol,
    timestampMs: row.timestamp,
    sumOpenInterest: row.sumOpenInterest,
    sumOpenInterestValue: row.sumOpenInterestValue,
  }));
}

/**
 * The entry of `symbol` in a dapi array answer (`symbol=` was sent, so it must be the only one);
 * anything else is a body that does not match.
 */
export function pickSymbolEntry<T extends { readonly symbol: string }>(
  target: RequestTarget,
  entries: readonly T[],
  symbol: string,
): T {
  const found = entries.filter((entry) => entry.symbol === symbol);
  if (found.length === 1 && entries.length === 1) return found[0]!;
  throw new ResponseValidationError({
    ...target,
    issues: [
      `(body): expected one entry for ${symbol}, got ${entries.length} (${found.length} for ${symbol})`,
    ],
  });
}
