import type { RequestTarget } from '@oi/retry';
import {
  parseCoinMExchangeInfo,
  parseCoinMMarkPriceList,
  parseCoinMOpenInterest,
  parseCoinMOpenInterestHistory,
  parseCoinMTicker24hList,
  pickSymbolEntry,
} from '../parse/parse-coin-m.ts';
import {
  parseExchangeInfo,
  parseMarkPrice,
  parseMarkPriceList,
  parseOpenInterest,
  parseOpenInterestHistory,
  parseTicker24h,
  parseTicker24hList,
} from '../parse/parse-response.ts';
import type {
  ExchangeInfo,
  MarkPrice,
  OpenInterest,
  OpenInterestHistoryRow,
  Ticker24h,
} from '../parse/records.ts';

/** A Binance futures market, named as the archive names it: USDⓈ-M (`um`, fapi) or COIN-M (`cm`, dapi). */
export type Market = 'um' | 'cm';

/** The REST endpoints under a market's `/fapi/v1` or `/dapi/v1`. */
export type RestEndpoint = 'time' | 'ping' | 'exchangeInfo' | 'ticker/24hr' | 'premiumIndex' | 'openInterest';

type BodyParser<T> = (target: RequestTarget, bodyText: string) => T;

/** Reads a history body into rows of `[fromMs, toMs]` (inclusive). */
export type HistoryParser = (
  target: RequestTarget,
  bodyText: string,
  fromMs: number,
  toMs: number,
) => readonly OpenInterestHistoryRow[];

/** Where one market's endpoints live and how its bodies become the records both markets share. */
export interface MarketApi {
  /** The production host. */
  readonly defaultBaseUrl: string;
  /** The path of a REST endpoint, e.g. `/dapi/v1/openInterest`. */
  path(endpoint: RestEndpoint): string;
  readonly exchangeInfo: BodyParser<ExchangeInfo>;
  /** Reads `ticker/24hr?symbol=`. */
  ticker24h(symbol: string): BodyParser<Ticker24h>;
  readonly ticker24hList: BodyParser<readonly Ticker24h[]>;
  /** Reads `premiumIndex?symbol=`. */
  markPrice(symbol: string): BodyParser<MarkPrice>;
  readonly markPriceList: BodyParser<readonly MarkPrice[]>;
  readonly openInterest: BodyParser<OpenInterest>;
  /** Reads history rows asked for `symbol`. */
  historyRows(symbol: string): HistoryParser;
}

// The two markets differ in host, prefix and body shapes only; every method of the client is one
// code path over this table. dapi answers arrays even for one symbol, and its history rows name
// the pair, not the contract asked for.
const MARKET_APIS: Readonly<Record<Market, MarketApi>> = Object.freeze({
  um: Object.freeze({
    defaultBaseUrl: 'https://fapi.binance.com',
    path: (endpoint: RestEndpoint) => `/fapi/v1/${endpoint}`,
    exchangeInfo: parseExchangeInfo,
    ticker24h: () => parseTicker24h,
    ticker24hList: parseTicker24hList,
    markPrice: () => parseMarkPrice,
    markPriceList: parseMarkPriceList,
    openInterest: parseOpenInterest,
    historyRows: () => parseOpenInterestHistory,
  }),
  cm: Object.freeze({
    defaultBaseUrl: 'https://dapi.binance.com',
    path: (endpoint: RestEndpoint) => `/dapi/v1/${endpoint}`,
    exchangeInfo: parseCoinMExchangeInfo,
    ticker24h: (symbol: string) => (target: RequestTarget, bodyText: string) =>
      pickSymbolEntry(target, parseCoinMTicker24hList(target, bodyText), symbol),
    ticker24hList: parseCoinMTicker24hList,
    markPrice: (symbol: string) => (target: RequestTarget, bodyText: string) =>
      pickSymbolEntry(target, parseCoinMMarkPriceList(target, bodyText), symbol),
    markPriceList: parseCoinMMarkPriceList,
    openInterest: parseCoinMOpenInterest,
    historyRows:
      (symbol: string): HistoryParser =>
      (target, bodyText, fromMs, toMs) =>
        parseCoinMOpenInterestHistory(target, bodyText, fromMs, toMs, symbol),
  }),
});

/** The endpoint table of `market`. */
export function marketApi(market: Market): MarketApi {
  return MARKET_APIS[market];
}
