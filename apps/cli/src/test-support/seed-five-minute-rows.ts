import { openStore } from '@oi/storage';

/** Writes `count` consecutive 5m points per symbol from `startMs` through the real store. */
export async function seedFiveMinuteRows(
  dataDir: string,
  symbols: readonly string[],
  startMs: number,
  count: number,
): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    for (const symbol of symbols) {
      const points = Array.from({ length: count }, (_, index) => ({
        slotMs: startMs + index * 300_000,
        openInterest: `${1000 + index}.125`,
        openInterestValue: `${50_000_000 + index}.5`,
      }));
      await store.merge(symbol, '5m', points);
    }
  } finally {
    await store.close();
  }
}
