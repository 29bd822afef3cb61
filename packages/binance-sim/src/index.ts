export { KLINE_INTERVALS } from './api/market-endpoints.ts';
export { HISTORY_PERIOD_MS, type HistoryRow } from './api/open-interest-history.ts';
export { type BudgetState, DEFAULT_LIMITS, type SimLimits } from './api/rate-limits.ts';
export { realClock, type SimClock } from './clock/clock.ts';
export { createScaledClock, type ScaledClockOptions } from './clock/scaled-clock.ts';
export {
  createVirtualClock,
  DEFAULT_VIRTUAL_START_MS,
  type VirtualClock,
  type VirtualClockOptions,
} from './clock/virtual-clock.ts';
export { createVirtualTimeFetch, type VirtualTimeFetchOptions } from './clock/virtual-time-fetch.ts';
export { multiplyDecimals } from './market/decimal-format.ts';
export {
  DEFAULT_SYMBOLS,
  PERPETUAL_DELIVERY_MS,
  type SimSymbol,
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
export type { EndpointName } from './server/route-request.ts';
export {
  type RequestCounts,
  type RequestLogEntry,
  type SimTruth,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from './simulator.ts';
