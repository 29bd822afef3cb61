import { readdir, stat, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dayFilePath, seriesDirPath } from '../fs/data-dir-layout.ts';
import { cleanup } from '../maintain/cleanup.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { openStore } from '../write/store.ts';
import { collectStats } from './collect-stats.ts';
import { listSymbols } from './list-symbols.ts';

const T0 = Date.UTC(2026, 10, 20);
const DAY_MS = 86_400_000;
const FIVE = 300_000;

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
  const store = await openStore({ dataDir });
  try {
    // BTCUSDT 5m: 20 Nov 00:00..00:45 with 00:20 missing (9 of 10 slots), and 22 Nov 00:00.
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
});
afterEach(async () => remove());

describe('listSymbols', () => {
  it('lists symbol folders only', async () => {
    await writeFile(`${dataDir}/open_interest/README.txt`, 'x');
    expect(await listSymbols(dataDir)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(await listSymbols(`${dataDir}/nothing-here`)).toEqual([]);
  });
});

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
