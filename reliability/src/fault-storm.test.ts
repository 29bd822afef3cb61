import { startSimulator } from '@oi/binance-sim';
import { createBinanceClient } from '@oi/client';
import { listingsFrom, runBackfill } from '@oi/recovery';
import { systemClock } from '@oi/retry';
import { openStore } from '@oi/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectExactHistory } from './test-support/verify-history.ts';
import { createWorkDir, type WorkDir } from './test-support/work-dir.ts';

// A backfill through the real client and store against a simulator where one request in five fails
// (resets, 500/502/503, truncated JSON, stalls) and a 429 burst is forced: no 418, no crash, every
// servable slot stored exactly as served.

const FULL = process.env['OI_TEST_FULL'] === '1';
const DAY_MS = 86_400_000;

let work: WorkDir;
beforeEach(async () => {
  work = await createWorkDir('oi-storm-');
});
afterEach(async () => {
  await work.remove();
});

describe('fault storm', () => {
  it('a 20% fault rate and a forced 429 burst still give complete, exact history and no 418', async () => {
    const sim = await startSimulator({
      seed: 23,
      latency: { baseMs: 5, jitterMs: 10 },
      faults: {
        rate: 0.2,
        kinds: { reset: 2, http500: 1, http502: 1, unknown503: 1, unavailable503: 1, truncated: 2, stall: 1 },
      },
    });
    const symbols = FULL ? ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT', 'XRPUSDT'] : ['BTCUSDT', 'ETHUSDT'];
    const days = FULL ? 10 : 3;
    sim.forceResponses({ status: 429, count: 3, path: '/futures/data/openInterestHist', retryAfterSec: 1 });
    const store = await openStore({ dataDir: work.path });
    const client = createBinanceClient({
      baseUrl: sim.url,
      clock: systemClock,
      timeoutMs: 1500,
      retry: { maxAttempts: 12, baseDelayMs: 50, maxDelayMs: 2000 },
    });
    try {
      const endMs = Math.floor(Date.now() / 300_000) * 300_000 - 3_600_000;
      const range = { startMs: endMs - days * DAY_MS, endMs };
      const listings = listingsFrom((await client.exchangeInfo()).symbols);
      const result = await runBackfill({
        client,
        store,
        dataDir: work.path,
        symbols,
        range,
        clock: systemClock,
        signal: new AbortController().signal,
        listings,
        concurrency: 4,
      });
      expect(result.failedSymbols).toEqual([]);
      const counts = sim.counts();
      expect(counts.byStatus['418'] ?? 0).toBe(0);
      expect(counts.byStatus['429'] ?? 0).toBeGreaterThanOrEqual(3);
      // The storm really happened: faulted answers were served and retried.
      expect(sim.requests().filter((entry) => entry.fault !== undefined).length).toBeGreaterThan(0);
      for (const symbol of symbols) {
        const stored = await expectExactHistory(work.path, sim, symbol, range.startMs, range.endMs);
        expect(stored).toBeGreaterThan(days * 288 - 20);
      }
    } finally {
      await store.close();
      await sim.close();
    }
  }, 120_000);
});
