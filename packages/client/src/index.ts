export {
  BinanceApiError,
  type Clock,
  classifyFailure,
  type FailureClass,
  isBinanceApiError,
  isNetworkError,
  isOiError,
  isRequestTimeoutError,
  isResponseValidationError,
  NetworkError,
  OiError,
  RequestTimeoutError,
  ResponseValidationError,
  type RetryPolicyOptions,
  systemClock,
} from '@oi/retry';
export {
  type BinanceClient,
  type BinanceClientOptions,
  createBinanceClient,
  type RequestOptions,
} from './binance-client.ts';
export type { ClientEvent, RequestEventBase } from './client-events.ts';
export type { TlsSettings } from './create-dispatcher.ts';
export { type BudgetName, computeRequestCost, type RequestCost } from './endpoint-weight.ts';
export { HISTORY_PERIODS, type HistoryPeriod, isHistoryPeriod, periodMs } from './history-period.ts';
export {
  HISTORY_ROWS_PER_REQUEST,
  type HistoryWindow,
  type HistoryWindowPlanInput,
  planHistoryWindows,
} from './history-windows.ts';
export {
  maskCredentials,
  matchesNoProxy,
  type ProxyChoice,
  ProxyConfigError,
  type ProxySettings,
  selectProxy,
} from './proxy-settings.ts';
export {
  type BudgetGrant,
  type BudgetRequest,
  type BudgetSnapshot,
  createRateBudgets,
  type RateBudgetSnapshot,
  type RateBudgets,
  type RateBudgetsOptions,
  type RequestPriority,
} from './rate-budgets.ts';
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
export { CLIENT_VERSION } from './version.ts';
