import { openStore } from '@oi/storage';

/** The first day of {@link writeSmallStore}'s data, 2026-11-20 00:00 UTC. */
export const SMALL_STORE_T0 = Date.UTC(2026, 10, 20);

/**
 * Writes a small store: BTCUSDT 5m on 20 Nov 00:00..00:45 with 00:20 missing (9 of 10 slots) and
 * 22 Nov 00:00; ETHUSDT 1m on 21 Nov 00:00.
 */
export async function writeSmallStore(dataDir: string): Promise<void> {
  const T0 = SMALL_STORE_T0;
  const DAY_MS = 86_400_000;
  const FIVE = 300_000;
  const store = await openStore({ dataDir });
  try {
    const slots = [0, 1, 2, 3, 5, 6, 7, 8, 9].map((index) => T0 + index * FIVE);
    slots.push(T0 + 2 * DAY_MS);
    await store.merge(
      'BTCUSDT',
      '5m',
      slots.map((slotMs) => ({ slotMs, openInterest: '1', openInterestValue: '' })),
    );
    await store.appendLive('ETHUSDT', { slotMs: T0 + DAY_MS, openInterest: '2', openInterestValue: '' });
  } finally {
    await store.close();
  }
}
