import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seriesDirPath } from '../fs/data-dir-layout.ts';
import { collectStats } from '../read/collect-stats.ts';
import { SMALL_STORE_T0 as T0, writeSmallStore } from '../test-support/small-store.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { cleanup } from './cleanup.ts';

const DAY_MS = 86_400_000;

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
  await writeSmallStore(dataDir);
});
afterEach(async () => remove());

describe('cleanup', () => {
  const nowMs = T0 + 3 * DAY_MS + 5 * 3_600_000; // 23 Nov 05:00

  it('lists without deleting in a dry run, then deletes by the date in the file name', async () => {
    const dry = await cleanup(dataDir, { olderThanDays: 2, nowMs, dryRun: true });
    expect(dry.keepFromDayKey).toBe('2026-11-21');
    expect(dry.files.map((file) => [file.symbol, file.series, file.dayKey])).toEqual([
      ['BTCUSDT', '5m', '2026-11-20'],
    ]);
    expect(await readdir(seriesDirPath(dataDir, 'BTCUSDT', '5m'))).toHaveLength(2);

    const done = await cleanup(dataDir, { olderThanDays: 2, nowMs });
    expect(done.dryRun).toBe(false);
    expect(done.bytes).toBe(dry.bytes);
    expect(await readdir(seriesDirPath(dataDir, 'BTCUSDT', '5m'))).toEqual(['BTCUSDT-oi-5m-2026-11-22.csv']);
    const stats = await collectStats(dataDir, { symbols: ['BTCUSDT'] });
    expect(stats.entries[0]).toMatchObject({ files: 1, rows: 1, firstSlotMs: T0 + 2 * DAY_MS });
  });

  it('rejects a negative or fractional day count', async () => {
    await expect(cleanup(dataDir, { olderThanDays: -1, nowMs })).rejects.toThrow(/non-negative integer/);
    await expect(cleanup(dataDir, { olderThanDays: 1.5, nowMs })).rejects.toThrow(/non-negative integer/);
  });
});
