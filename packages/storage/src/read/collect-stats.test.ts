import { stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dayFilePath } from '../fs/data-dir-layout.ts';
import { SMALL_STORE_T0 as T0, writeSmallStore } from '../test-support/small-store.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { collectStats } from './collect-stats.ts';

const DAY_MS = 86_400_000;
const FIVE = 300_000;

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
  await writeSmallStore(dataDir);
});
afterEach(async () => remove());

describe('collectStats', () => {
  it('counts files, rows, bytes, first and last slot, and coverage', async () => {
    const stats = await collectStats(dataDir);
    const btcBytes =
      (await stat(dayFilePath(dataDir, 'BTCUSDT', '5m', '2026-11-20'))).size +
      (await stat(dayFilePath(dataDir, 'BTCUSDT', '5m', '2026-11-22'))).size;
    const expectedSlots = (2 * DAY_MS) / FIVE + 1;
    expect(stats.entries).toEqual([
      {
        symbol: 'BTCUSDT',
        series: '5m',
        files: 2,
        rows: 10,
        bytes: btcBytes,
        firstSlotMs: T0,
        lastSlotMs: T0 + 2 * DAY_MS,
        coveragePercent: (100 * 10) / expectedSlots,
      },
      expect.objectContaining({ symbol: 'ETHUSDT', series: '1m', files: 1, rows: 1, coveragePercent: 100 }),
    ]);
    expect(stats.total).toMatchObject({ files: 3, rows: 11, firstSlotMs: T0, lastSlotMs: T0 + 2 * DAY_MS });
    expect(stats.total.coveragePercent).toBeCloseTo((100 * 11) / (expectedSlots + 1), 10);
    expect((await collectStats(dataDir, { symbols: ['ETHUSDT'] })).entries).toHaveLength(1);
  });
});
