import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectStats, openStore } from '@oi/storage';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { collectSourceCoverage } from './source-coverage.ts';

const DAY_MS = Date.UTC(2026, 10, 20);
const FIVE = 300_000;

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oi-sources-'));
});
afterEach(async () => rm(dataDir, { recursive: true, force: true }));

it('counts 5m rows by their source column in both markets, whatever columns follow it', async () => {
  const store = await openStore({ dataDir });
  try {
    const points = (count: number, from: number, extra: Record<string, string>) =>
      Array.from({ length: count }, (_, i) => ({
        slotMs: DAY_MS + (from + i) * FIVE,
        openInterest: '12345.00000000',
        openInterestValue: '1.5',
        extra,
      }));
    await store.merge('BTCUSDT', '5m', [
      ...points(3, 0, { source: 'archive' }),
      ...points(2, 3, { source: 'api' }),
    ]);
    await store.merge('BTCUSD_PERP', '5m', [
      ...points(4, 0, { source: 'archive', contractSize: '100', valueAsset: 'BTC' }),
      ...points(1, 4, { source: 'api', contractSize: '100', valueAsset: 'BTC' }),
    ]);
  } finally {
    await store.close();
  }
  const coverage = await collectSourceCoverage(dataDir, (await collectStats(dataDir)).entries);
  const counted = coverage.map(({ symbol, source, rows }) => [symbol, source, rows]);
  expect(counted.sort()).toEqual([
    ['BTCUSDT', 'api', 2],
    ['BTCUSDT', 'archive', 3],
    ['BTCUSD_PERP', 'api', 1],
    ['BTCUSD_PERP', 'archive', 4],
  ]);
});
