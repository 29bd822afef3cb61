export { realClock, type SimClock } from './clock.ts';
export { multiplyDecimals } from './decimal-format.ts';
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
} from './faults.ts';
export { KLINE_INTERVALS } from './market-endpoints.ts';
export { HISTORY_PERIOD_MS, type HistoryRow } from './open-interest-history.ts';
export { type BudgetState, DEFAULT_LIMITS, type SimLimits } from './rate-limits.ts';
export type { EndpointName } from './route-request.ts';
export { createScaledClock, type ScaledClockOptions } from './scaled-clock.ts';
export {
  type RequestCounts,
  type RequestLogEntry,
  type SimTruth,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from './simulator.ts';
export { DEFAULT_SYMBOLS, PERPETUAL_DELIVERY_MS, type SimSymbol, type SymbolRole } from './universe.ts';
export {
  createVirtualClock,
  DEFAULT_VIRTUAL_START_MS,
  type VirtualClock,
  type VirtualClockOptions,
} from './virtual-clock.ts';
export { createVirtualTimeFetch, type VirtualTimeFetchOptions } from './virtual-time-fetch.ts';
