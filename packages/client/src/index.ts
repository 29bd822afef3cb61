// The errors, `Clock` and retry knobs these signatures mention come from `@oi/retry` (and the base
// class from `@oi/errors`); they are not re-exported here, so each name has one import path.
export {
  type BinanceClient,
  type BinanceClientOptions,
  createBinanceClient,
  type RequestOptions,
} from './binance-client.ts';
export type { ClientEvent } from './client-events.ts';
export type { TlsSettings } from './create-dispatcher.ts';
export type { HistoryPeriod } from './history-period.ts';
export {
  createHttpTransport,
  type HttpAnswer,
  type HttpTransport,
  type HttpTransportOptions,
} from './http-transport.ts';
export { ProxyConfigError, type ProxySettings } from './proxy-settings.ts';
export { createRateBudgets, type RateBudgets, type RateBudgetsOptions } from './rate-budgets.ts';
export type {
  ExchangeInfo,
  HistoryPage,
  HistoryQuery,
  HistoryRangeQuery,
  MarkPrice,
  OpenInterest,
  OpenInterestHistoryRow,
  RateLimit,
  SymbolInfo,
  Ticker24h,
  TimeRange,
} from './records.ts';
