import {
  DAY_MS,
  dayKeysInRange,
  dayRange,
  type OiPoint,
  openStore,
  SERIES_SLOT_MS,
  type Series,
  type TimeRange,
} from '@oi/storage';
import { seededRandom } from '@oi/test-support';

/** What {@link writeTestStore} writes. */
export interface TestStoreOptions {
  /** The data directory (created if missing). */
  readonly dataDir: string;
  /** The symbols. */
  readonly symbols: readonly string[];
  /** The days to fill, [startMs, endMs). */
  readonly range: TimeRange;
  /** The series to write. */
  readonly series: readonly Series[];
  /** Time left without rows, per symbol and series (key `SYMBOL/series`). */
  readonly holes?: ReadonlyMap<string, readonly TimeRange[]>;
  /** The `source` of a 5m slot. @default 'archive' before the range's last two days, 'api' after */
  readonly sourceOf?: (slotMs: number) => string;
}

function inHole(slotMs: number, holes: readonly TimeRange[]): boolean {
  return holes.some((hole) => slotMs >= hole.startMs && slotMs < hole.endMs);
}

/**
 * Writes plausible open interest through `openStore` (a slow random walk per symbol, the value at a
 * price that drifts with it), leaving the given holes empty, one merge per symbol, series and day.
 */
export async function writeTestStore(options: TestStoreOptions): Promise<void> {
  const store = await openStore({ dataDir: options.dataDir });
  const lastTwoDays = options.range.endMs - 2 * DAY_MS;
  const sourceOf = options.sourceOf ?? ((slotMs: number) => (slotMs < lastTwoDays ? 'archive' : 'api'));
  try {
    for (const [index, symbol] of options.symbols.entries()) {
      const random = seededRandom(index + 1);
      const baseOi = 1_000 * (index + 1) + random() * 50_000;
      const basePrice = 0.5 + random() * 40_000;
      for (const series of options.series) {
        const slotMs = SERIES_SLOT_MS[series];
        const holes = options.holes?.get(`${symbol}/${series}`) ?? [];
        for (const dayKey of dayKeysInRange(options.range)) {
          const day = dayRange(dayKey);
          const points: OiPoint[] = [];
          for (
            let slot = Math.max(day.startMs, options.range.startMs);
            slot < Math.min(day.endMs, options.range.endMs);
            slot += slotMs
          ) {
            if (inHole(slot, holes)) continue;
            const phase = (slot - options.range.startMs) / DAY_MS;
            const oi = baseOi * (1 + 0.12 * Math.sin(phase / 1.7 + index) + 0.03 * Math.sin(phase * 5.3));
            const price = basePrice * (1 + 0.05 * Math.sin(phase / 2.3 + index / 3));
            points.push({
              slotMs: slot,
              openInterest: oi.toFixed(3),
              openInterestValue: (oi * price).toFixed(8),
              extra:
                series === '5m'
                  ? { source: sourceOf(slot) }
                  : { markPrice: price.toFixed(4), exchangeTime: String(slot + 7) },
            });
          }
          if (points.length > 0) await store.merge(symbol, series, points);
        }
      }
    }
  } finally {
    await store.close();
  }
}
