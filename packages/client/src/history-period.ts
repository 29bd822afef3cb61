/** The periods `/futures/data/openInterestHist` accepts. */
export const HISTORY_PERIODS = Object.freeze([
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '12h',
  '1d',
] as const);

/** One of {@link HISTORY_PERIODS}. */
export type HistoryPeriod = (typeof HISTORY_PERIODS)[number];

const MINUTE_MS = 60_000;
const PERIOD_MS: Readonly<Record<HistoryPeriod, number>> = Object.freeze({
  '5m': 5 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': 60 * MINUTE_MS,
  '2h': 120 * MINUTE_MS,
  '4h': 240 * MINUTE_MS,
  '6h': 360 * MINUTE_MS,
  '12h': 720 * MINUTE_MS,
  '1d': 1440 * MINUTE_MS,
});

/** The length of one slot of `period`, in ms. */
export function periodMs(period: HistoryPeriod): number {
  return PERIOD_MS[period];
}

/** True when `value` is one of {@link HISTORY_PERIODS}. */
export function isHistoryPeriod(value: string): value is HistoryPeriod {
  return Object.hasOwn(PERIOD_MS, value);
}
