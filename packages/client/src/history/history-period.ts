const MINUTE_MS = 60_000;

// The periods `/futures/data/openInterestHist` accepts, with their slot lengths.
const PERIOD_MS = Object.freeze({
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

/** A period `/futures/data/openInterestHist` accepts: `5m`, `15m`, `30m`, `1h`, `2h`, `4h`, `6h`, `12h` or `1d`. */
export type HistoryPeriod = keyof typeof PERIOD_MS;

/** The length of one slot of `period`, in ms. */
export function periodMs(period: HistoryPeriod): number {
  return PERIOD_MS[period];
}
