// The errors, `Clock` and retry knobs these signatures mention come from `@oi/retry` (and the base
// class from `@oi/errors`); they are not re-exported here, so each name has one import path.

export {
  type BudgetSpec,
  DEFAULT_HISTORY_BUDGET,
  DEFAULT_WEIGHT_BUDGET,
  formatBudget,
  type ParsedBudget,
  parseBudget,
} from './budget/budget-spec.ts';
export { BudgetLedgerError } from './budget/ledger-database.ts';
export { defaultBudgetDir, describeRoute } from './budget/ledger-location.ts';
export {
  type BudgetEvent,
  type BudgetLearnedEvent,
  type BudgetSnapshot,
  createRateBudgets,
  type RateBudgetSnapshot,
  type RateBudgets,
  type RateBudgetsOptions,
  type RequestPriority,
  type WaitCause,
} from './budget/rate-budgets.ts';
export {
  type BinanceClient,
  type BinanceClientOptions,
  createBinanceClient,
  type RequestOptions,
} from './client/binance-client.ts';
export type { ClientEvent } from './client/client-events.ts';
export type { HistoryPeriod } from './history/history-period.ts';
export type { TlsSettings } from './http/create-dispatcher.ts';
export {
  createHttpTransport,
  type HttpAnswer,
  type HttpTransport,
  type HttpTransportOptions,
} from './http/http-transport.ts';
export { ProxyConfigError, type ProxySettings } from './http/proxy-settings.ts';
export {
  type CoinMContract,
  type CoinMRole,
  type CoinMRoleWindow,
  coinMContractOf,
  coinMRoleWindows,
  isCoinMSymbol,
} from './market/coin-m-contract.ts';
export { InvalidSymbolError } from './market/invalid-symbol-error.ts';
export type { Market } from './market/market-api.ts';
export type {
  ExchangeInfo,
  HistoryPage,
  HistoryQuery,
  HistoryRangeQuery,
  MarkPrice,
  OpenInterest,
  OpenInterestHistoryRow,
  RateLimit,
  ServerTimeSample,
  SymbolInfo,
  Ticker24h,
  TimeRange,
} from './parse/records.ts';
