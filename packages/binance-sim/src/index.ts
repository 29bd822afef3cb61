export type { CoinMHistoryRow } from './api/coin-m-history.ts';
export { HISTORY_PERIOD_MS } from './api/history-window.ts';
export { KLINE_INTERVALS } from './api/klines.ts';
export type { HistoryRow } from './api/open-interest-history.ts';
export { type BudgetState, DEFAULT_LIMITS, type SimLimits } from './api/rate-limits.ts';
export type { ArchiveMarket, LabelConvention } from './archive/archive-calendar.ts';
export {
  ARCHIVE_DEFECT_KINDS,
  type ArchiveDefect,
  type ArchiveDefectKind,
  type ArchiveDefectTarget,
  type RepairableDefect,
} from './archive/archive-defects.ts';
export type { ArchiveDayFile } from './archive/archive-store.ts';
export { type ArchiveRow, METRICS_CSV_HEADER } from './archive/metrics-rows.ts';
export { realClock, type SimClock } from './clock/clock.ts';
export { createScaledClock, type ScaledClockOptions } from './clock/scaled-clock.ts';
export {
  createVirtualClock,
  DEFAULT_VIRTUAL_START_MS,
  type VirtualClock,
  type VirtualClockOptions,
} from './clock/virtual-clock.ts';
export { createVirtualTimeFetch, type VirtualTimeFetchOptions } from './clock/virtual-time-fetch.ts';
export { baseCoinValue } from './market/base-coin-value.ts';
export type { ScheduledDelisting, ScheduledListing } from './market/build-markets.ts';
export { contractSizeOf } from './market/coin-m-universe.ts';
export { COIN_M_HISTORY_TYPES } from './market/contract-roles.ts';
export { divideDecimals, multiplyDecimals, trimDecimals } from './market/decimal-format.ts';
export { nextQuarterDeliveryMs, previousQuarterDeliveryMs } from './market/quarter-calendar.ts';
export { SETTLEMENT_MS, type SymbolState } from './market/symbol-state.ts';
export {
  DEFAULT_SYMBOLS,
  type FuturesMarket,
  PERPETUAL_DELIVERY_MS,
  type SimContractType,
  type SimSymbol,
  type SimSymbolStatus,
  type SymbolRole,
} from './market/universe.ts';
export {
  type DrawnFault,
  drawFault,
  FAULT_KINDS,
  type FaultKind,
  type FaultOptions,
  type ForcedBase,
  type ForcedResponse,
  type ForcedStatus,
  type ForcedTransport,
} from './server/faults.ts';
export type { RequestCounts, RequestLogEntry } from './server/request-log.ts';
export type { EndpointName, ServiceName } from './server/route-request.ts';
export { type SimTruth, type Simulator, startSimulator } from './simulator.ts';
export { ARCHIVE_DEFAULTS, type SimulatorOptions } from './simulator-options.ts';
