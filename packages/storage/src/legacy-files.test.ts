import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coverage } from './coverage/coverage.ts';
import { exportRange } from './export/export-range.ts';
import { dayFilePath } from './fs/data-dir-layout.ts';
import { validateFiles } from './maintain/validate-files.ts';
import type { Series } from './model/series.ts';
import { readRows } from './read/read-rows.ts';
import { makeTempDataDir } from './test-support/temp-data-dir.ts';
import { openStore } from './write/store.ts';

// Hand-made files in the replaced tool's format: four columns, `YYYY-MM-DD HH:MM:SS` datetimes, and
// CRLF line endings in the 5m file.
const DAY_KEY = '2026-11-20';
const T0 = Date.UTC(2026, 10, 20);
const MIN = 60_000;
const DAY = { startMs: T0, endMs: T0 + 86_400_000 };

let dataDir: string;
let remove: () => Promise<void>;
const path = (series: Series): string => dayFilePath(dataDir, 'BTCUSDT', series, DAY_KEY);

beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
  for (const series of ['1m', '5m'] as const) {
    const name = series === '1m' ? 'BTCUSDT-oi-2026-11-20.csv' : 'BTCUSDT-oi-5m-2026-11-20.csv';
    await mkdir(dirname(path(series)), { recursive: true });
    await copyFile(fileURLToPath(new URL(`../fixtures/legacy/${name}`, import.meta.url)), path(series));
  }
});
afterEach(async () => remove());

describe('files of the replaced tool', () => {
  it('are read with exact values and empty extra columns', async () => {
    expect(await readRows(dataDir, 'BTCUSDT', '1m', DAY)).toEqual([
      {
        slotMs: T0,
        openInterest: '81234.567',
        openInterestValue: '7712345678.12345678',
        extra: { markPrice: '', exchangeTime: '' },
      },
      {
        slotMs: T0 + MIN,
        openInterest: '81240.001',
        openInterestValue: '7712900001.00000000',
        extra: { markPrice: '', exchangeTime: '' },
      },
      {
        slotMs: T0 + 2 * MIN,
        openInterest: '81239.990',
        openInterestValue: '7712899000.50000000',
        extra: { markPrice: '', exchangeTime: '' },
      },
      {
        slotMs: T0 + 4 * MIN,
        openInterest: '81301.100',
        openInterestValue: '7718000000.10000000',
        extra: { markPrice: '', exchangeTime: '' },
      },
    ]);
    const fiveMinute = await readRows(dataDir, 'BTCUSDT', '5m', DAY);
    expect(fiveMinute.map((row) => [row.slotMs, row.openInterest, row.openInterestValue])).toEqual([
      [T0, '20403.63700000', '1934567890.10000'],
      [T0 + 5 * MIN, '20404.63700000', '1934567891.10000'],
      [T0 + 15 * MIN, '20405.63700000', '1934567892.10000'],
    ]);
    expect(await coverage(dataDir, 'BTCUSDT', '1m', DAY)).toEqual([
      { startMs: T0, endMs: T0 + 3 * MIN },
      { startMs: T0 + 4 * MIN, endMs: T0 + 5 * MIN },
    ]);
    expect((await validateFiles(dataDir)).issues).toEqual([]);
  });

  it('are left untouched by a merge that adds nothing, and conflicts keep the old value', async () => {
    const before = await readFile(path('5m'), 'utf8');
    const store = await openStore({ dataDir });
    try {
      const same = await store.merge('BTCUSDT', '5m', [
        { slotMs: T0, openInterest: '20403.637', openInterestValue: '1934567890.1' },
      ]);
      expect(same).toMatchObject({ inserted: 0, unchanged: 1, conflicts: [] });
      const conflicting = await store.merge('BTCUSDT', '5m', [
        { slotMs: T0 + 5 * MIN, openInterest: '1', openInterestValue: '2' },
      ]);
      expect(conflicting.conflicts[0]?.stored.openInterest).toBe('20404.63700000');
    } finally {
      await store.close();
    }
    expect(await readFile(path('5m'), 'utf8')).toBe(before);
  });

  it('are upgraded to the full header on a merge that adds rows, keeping every old value byte-exact', async () => {
    const store = await openStore({ dataDir });
    try {
      await store.merge('BTCUSDT', '5m', [
        { slotMs: T0 + 10 * MIN, openInterest: '20406.1', openInterestValue: '', extra: { source: 'api' } },
      ]);
      expect(await readFile(path('5m'), 'utf8')).toBe(
        'timestamp,datetime_utc,openInterest,sumOpenInterestValue,CMCCirculatingSupply,source\n' +
          `${T0},2026-11-20T00:00:00.000Z,20403.63700000,1934567890.10000,,\n` +
          `${T0 + 5 * MIN},2026-11-20T00:05:00.000Z,20404.63700000,1934567891.10000,,\n` +
          `${T0 + 10 * MIN},2026-11-20T00:10:00.000Z,20406.1,,,api\n` +
          `${T0 + 15 * MIN},2026-11-20T00:15:00.000Z,20405.63700000,1934567892.10000,,\n`,
      );
      // Live appends go through the same upgrade once, then append.
      await store.appendLive('BTCUSDT', {
        slotMs: T0 + 5 * MIN,
        openInterest: '81310',
        openInterestValue: '',
      });
      await store.appendLive('BTCUSDT', {
        slotMs: T0 + 6 * MIN,
        openInterest: '81320',
        openInterestValue: '',
      });
    } finally {
      await store.close();
    }
    const oneMinute = await readFile(path('1m'), 'utf8');
    expect(oneMinute.split('\n')).toEqual([
      'timestamp,datetime_utc,openInterest,sumOpenInterestValue,markPrice,exchangeTime',
      `${T0},2026-11-20T00:00:00.000Z,81234.567,7712345678.12345678,,`,
      `${T0 + MIN},2026-11-20T00:01:00.000Z,81240.001,7712900001.00000000,,`,
      `${T0 + 2 * MIN},2026-11-20T00:02:00.000Z,81239.990,7712899000.50000000,,`,
      `${T0 + 4 * MIN},2026-11-20T00:04:00.000Z,81301.100,7718000000.10000000,,`,
      `${T0 + 5 * MIN},2026-11-20T00:05:00.000Z,81310,,,`,
      `${T0 + 6 * MIN},2026-11-20T00:06:00.000Z,81320,,,`,
      '',
    ]);
    expect((await validateFiles(dataDir)).issues).toEqual([]);
  });

  it('are exported in the full format', async () => {
    let text = '';
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        text += chunk.toString('utf8');
        callback();
      },
    });
    const result = await exportRange({
      dataDir,
      symbols: ['BTCUSDT'],
      series: '5m',
      range: DAY,
      format: 'csv',
      output,
    });
    expect(result).toEqual({ rows: 3, files: 1 });
    expect(text).toBe(
      'symbol,timestamp,datetime_utc,openInterest,sumOpenInterestValue,CMCCirculatingSupply,source\n' +
        `BTCUSDT,${T0},2026-11-20T00:00:00.000Z,20403.63700000,1934567890.10000,,\n` +
        `BTCUSDT,${T0 + 5 * MIN},2026-11-20T00:05:00.000Z,20404.63700000,1934567891.10000,,\n` +
        `BTCUSDT,${T0 + 15 * MIN},2026-11-20T00:15:00.000Z,20405.63700000,1934567892.10000,,\n`,
    );
  });
});
