import type { HistoryPeriod } from '../history/history-period.ts';

/** A half-open time range `[startMs, endMs)`, epoch ms. */
export interface TimeRange {
  /** First millisecond inside the range. */
  readonly startMs: number;
  /** First millisecond after the range. */
  readonly endMs: number;
}

/** One entry of `exchangeInfo.rateLimits`. */
export interface RateLimit {
  /** `REQUEST_WEIGHT`, `ORDERS`, ... */
  readonly type: string;
  /** Length of the limit's window, in ms. */
  readonly intervalMs: number;
  /** What may be used per window. */
  readonly limit: number;
}

/** One futures contract as listed by `exchangeInfo` (USDⓈ-M or COIN-M). */
export interface SymbolInfo {
  /** e.g. `BTCUSDT`, `BTCUSD_PERP`, `BTCUSD_261225`. */
  readonly symbol: string;
  /** Underlying pair, e.g. `BTCUSDT`, `BTCUSD`. */
  readonly pair: string;
  /** `PERPETUAL`, `CURRENT_QUARTER`, ... (may be empty for settled contracts). */
  readonly contractType: string;
  /** `TRADING`, `SETTLING`, ...; on COIN-M the `contractStatus` (`TRADING`, `DELIVERING`, `DELIVERED`, ...). */
  readonly status: string;
  /** Listing time, epoch ms. */
  readonly onboardDateMs: number;
  /** Delivery (or delisting) time, epoch ms. */
  readonly deliveryDateMs: number;
  /** Base asset, e.g. `BTC`. */
  readonly baseAsset: string;
  /** Quote asset, e.g. `USDT`. */
  readonly quoteAsset: string;
  /** Margin asset, e.g. `USDT`. */
  readonly marginAsset: string;
  /** COIN-M only: USD per contract (BTC 100, others 10); absent on USDⓈ-M. */
  readonly contractSize?: number;
}

/** The parts of `exchangeInfo` that `oi` uses. */
export interface ExchangeInfo {
  /** The exchange's time when it answered (Binance advises `serverTime()` for clock offsets). */
  readonly serverTimeMs: number;
  /** The IP limits in force. */
  readonly rateLimits: readonly RateLimit[];
  /** Every listed contract, including settled ones. */
  readonly symbols: readonly SymbolInfo[];
}

/** 24h rolling statistics of one symbol; decimals are the exact strings sent. */
export interface Ticker24h {
  /** Symbol. */
  readonly symbol: string;
  /** Last traded price. */
  readonly lastPrice: string;
  /** 24h volume: base units on USDⓈ-M, contracts on COIN-M. */
  readonly volume: string;
  /** 24h volume in the quote asset; USDⓈ-M only (COIN-M sends `baseVolume` instead). */
  readonly quoteVolume?: string;
  /** 24h volume in the base coin; COIN-M only. */
  readonly baseVolume?: string;
  /** Start of the 24h window, epoch ms. */
  readonly openTimeMs: number;
  /** End of the 24h window, epoch ms. */
  readonly closeTimeMs: number;
  /** Price change over the window. */
  readonly priceChange?: string;
  /** Price change over the window, percent. */
  readonly priceChangePercent?: string;
  /** Volume-weighted average price. */
  readonly weightedAvgPrice?: string;
  /** First price of the window. */
  readonly openPrice?: string;
  /** Highest price of the window. */
  readonly highPrice?: string;
  /** Lowest price of the window. */
  readonly lowPrice?: string;
  /** Number of trades in the window. */
  readonly tradeCount?: number;
}

/** Mark and index price of one symbol. */
export interface MarkPrice {
  /** Symbol. */
  readonly symbol: string;
  /** Mark price, exact string. */
  readonly markPrice: string;
  /** Index price, exact string. */
  readonly indexPrice: string;
  /** The exchange's time of the values, epoch ms. */
  readonly timeMs: number;
}

/** Current open interest of one symbol. */
export interface OpenInterest {
  /** Symbol. */
  readonly symbol: string;
  /** Open interest, the exact string sent: base units on USDⓈ-M, contracts on COIN-M. */
  readonly openInterest: string;
  /** The exchange's own time of the value, epoch ms. */
  readonly timeMs: number;
}

/** One row of open-interest history. */
export interface OpenInterestHistoryRow {
  /** Symbol (on COIN-M the contract asked for; dapi rows name only the pair). */
  readonly symbol: string;
  /** The slot, epoch ms (a multiple of the period). */
  readonly timestampMs: number;
  /** Open interest, exact string: base units on USDⓈ-M, contracts on COIN-M. */
  readonly sumOpenInterest: string;
  /** Open interest value, exact string: in the quote asset on USDⓈ-M, in the base coin on COIN-M. */
  readonly sumOpenInterestValue: string;
  /** CMC circulating supply, when sent. */
  readonly cmcCirculatingSupply?: string;
}

/** One request's worth of history, with Binance's inclusive bounds. */
export interface HistoryQuery {
  /** Symbol; on a COIN-M client a contract symbol (`BTCUSD_PERP`, `BTCUSD_261225`). */
  readonly symbol: string;
  /** Slot length. */
  readonly period: HistoryPeriod;
  /** Inclusive start, epoch ms. */
  readonly startTimeMs: number;
  /** Inclusive end, epoch ms. */
  readonly endTimeMs: number;
  /** Rows at most (1..500). @default 500 */
  readonly limit?: number;
}

/** A range of history to page through, half-open `[startMs, endMs)`. */
export interface HistoryRangeQuery {
  /** Symbol; on a COIN-M client a contract symbol (`BTCUSD_PERP`, `BTCUSD_261225`). */
  readonly symbol: string;
  /** Slot length. */
  readonly period: HistoryPeriod;
  /** First millisecond wanted. */
  readonly startMs: number;
  /** First millisecond not wanted. */
  readonly endMs: number;
  /** The symbol's listing time; slots before it are yielded as `before-listing` without a request. */
  readonly listedAtMs?: number;
}

/** One step of {@link HistoryRangeQuery} paging: rows, or a range that cannot be served and why. */
export type HistoryPage =
  | {
      readonly kind: 'rows';
      readonly range: TimeRange;
      readonly rows: readonly OpenInterestHistoryRow[];
    }
  | { readonly kind: 'beyond-retention'; readonly range: TimeRange }
  | { readonly kind: 'before-listing'; readonly range: TimeRange };

/** One reading of the exchange's clock: what `/fapi/v1/time` answered and when, on the client's clock. */
export interface ServerTimeSample {
  /** The exchange's time, epoch ms. */
  readonly serverTimeMs: number;
  /** When the request left, after any wait for the budget, client clock ms. */
  readonly sentAtMs: number;
  /** When its answer was in, client clock ms. */
  readonly receivedAtMs: number;
  /** The network round trip alone, ms: `receivedAtMs - sentAtMs`. */
  readonly rttMs: number;
  /** The exchange's clock minus ours, ms, taking the answer as stamped halfway through the round trip. */
  readonly offsetMs: number;
}
