import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup } from '../maintain/cleanup.ts';
import { collectStats } from '../read/collect-stats.ts';
import { coverage } from '../coverage/coverage.ts';
import { InvalidDayKeyError, InvalidPathError, InvalidSeriesError, InvalidSymbolError } from '../model/errors.ts';
import { exportRange } from '../export/export-range.ts';
import {
  coverageCachePath,
  dayFilePath,
  isInside,
  locateDayFile,
  parseDayFileName,
  quarantinePath,
  resolveDataDir,
  seriesDirPath,
} from './data-dir-layout.ts';
import { readRows } from '../read/read-rows.ts';
import { repairFile } from '../maintain/repair-file.ts';
import type { Series } from '../model/series.ts';
import { openStore } from '../write/store.ts';
import { assertSymbol } from '../model/symbol.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { validateFiles } from '../maintain/validate-files.ts';

const HOSTILE_SYMBOLS = [
  '../BTCUSDT',
  '..',
  'BTC/USDT',
  '/etc/passwd',
  'BTCUSDT\0',
  'BTC\\USDT',
  'btcusdt',
  'B',
  'A'.repeat(33),
  '',
  ' BTCUSDT',
  'BTC-USDT',
  'BTCUSDT.csv',
  '%2e%2e',
];

describe('assertSymbol', () => {
  it.each(['BTCUSDT', '1000PEPEUSDT', 'BTCUSDT_260327', 'AB', 'A'.repeat(32)])('accepts %s', (symbol) => {
    expect(assertSymbol(symbol)).toBe(symbol);
  });

  it.each(HOSTILE_SYMBOLS)('rejects %j with one clear line', (symbol) => {
    expect(() => assertSymbol(symbol)).toThrow(InvalidSymbolError);
    try {
      assertSymbol(symbol);
    } catch (error) {
      expect((error as Error).message).toMatch(
        /^invalid symbol .*: expected 2 to 32 characters of A-Z, 0-9 or _$/,
      );
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('path building', () => {
  const dataDir = '/srv/oi-data';

  it('lays files out as the design says', () => {
    expect(dayFilePath(dataDir, 'BTCUSDT', '1m', '2026-11-24')).toBe(
      '/srv/oi-data/open_interest/BTCUSDT/1m/BTCUSDT-oi-2026-11-24.csv',
    );
    expect(dayFilePath(dataDir, 'BTCUSDT', '5m', '2026-11-24')).toBe(
      '/srv/oi-data/open_interest/BTCUSDT/5m/BTCUSDT-oi-5m-2026-11-24.csv',
    );
    expect(quarantinePath('/x/BTCUSDT-oi-2026-11-24.csv')).toBe('/x/BTCUSDT-oi-2026-11-24.csv.quarantine');
  });

  it.each(HOSTILE_SYMBOLS)('refuses the symbol %j before building any path', (symbol) => {
    expect(() => dayFilePath(dataDir, symbol, '1m', '2026-11-24')).toThrow(InvalidSymbolError);
    expect(() => coverageCachePath(dataDir, symbol, '5m')).toThrow(InvalidSymbolError);
  });

  it.each(['../../etc', '2026-11-24/../../x', '/2026-11-24', '2026-11-24\0', '2026-02-30'])(
    'refuses the day %j',
    (dayKey) => {
      expect(() => dayFilePath(dataDir, 'BTCUSDT', '1m', dayKey)).toThrow(InvalidDayKeyError);
    },
  );

  it.each(['../1m', '1m/..', '15m', ''])('refuses the series %j', (series) => {
    expect(() => seriesDirPath(dataDir, 'BTCUSDT', series as Series)).toThrow(InvalidSeriesError);
  });

  it('refuses a data directory with NUL or nothing in it', () => {
    expect(() => resolveDataDir('/tmp/x\0/..')).toThrow(InvalidPathError);
    expect(() => resolveDataDir('')).toThrow(InvalidPathError);
  });

  it('keeps every valid combination inside the data directory', () => {
    for (const symbol of ['AB', 'BTCUSDT', '__', '0_9']) {
      for (const series of ['1m', '5m'] as const) {
        for (const dayKey of ['1970-01-01', '2026-11-24', '9999-12-31']) {
          expect(isInside(resolve(dataDir), dayFilePath(dataDir, symbol, series, dayKey))).toBe(true);
        }
      }
    }
  });

  it('parses only real day file names', () => {
    expect(parseDayFileName('BTCUSDT-oi-2026-11-24.csv')).toEqual({
      symbol: 'BTCUSDT',
      series: '1m',
      dayKey: '2026-11-24',
    });
    expect(parseDayFileName('BTCUSDT-oi-5m-2026-11-24.csv')?.series).toBe('5m');
    for (const name of [
      'BTCUSDT-oi-2026-02-30.csv',
      '../BTCUSDT-oi-2026-11-24.csv',
      'BTCUSDT-oi-2026-11-24.csv.quarantine',
    ]) {
      expect(parseDayFileName(name)).toBeUndefined();
    }
    expect(() => locateDayFile('/x/notes.txt')).toThrow(InvalidPathError);
    expect(() => locateDayFile('/x/BTCUSDT-oi-2026-11-24.csv\0')).toThrow(InvalidPathError);
    expect(locateDayFile('/d/open_interest/BTCUSDT/1m/BTCUSDT-oi-2026-11-24.csv').dataDir).toBe('/d');
    expect(locateDayFile('/d/open_interest/BTCUSDT/5m/BTCUSDT-oi-2026-11-24.csv').dataDir).toBeUndefined();
  });
});

describe('public functions refuse escapes before touching the disk', () => {
  let dataDir: string;
  let remove: () => Promise<void>;
  beforeEach(async () => {
    ({ dataDir, remove } = await makeTempDataDir());
  });
  afterEach(async () => remove());

  it.each(HOSTILE_SYMBOLS)('symbol %j', async (symbol) => {
    const range = { startMs: 0, endMs: 86_400_000 };
    const store = await openStore({ dataDir: join(dataDir, 'data') });
    try {
      await expect(
        store.merge(symbol, '5m', [{ slotMs: 0, openInterest: '1', openInterestValue: '' }]),
      ).rejects.toThrow(InvalidSymbolError);
      await expect(
        store.appendLive(symbol, { slotMs: 0, openInterest: '1', openInterestValue: '' }),
      ).rejects.toThrow(InvalidSymbolError);
    } finally {
      await store.close();
    }
    await expect(coverage(dataDir, symbol, '1m', range)).rejects.toThrow(InvalidSymbolError);
    await expect(readRows(dataDir, symbol, '1m', range)).rejects.toThrow(InvalidSymbolError);
    await expect(collectStats(dataDir, { symbols: [symbol] })).rejects.toThrow(InvalidSymbolError);
    await expect(validateFiles(dataDir, { symbols: [symbol] })).rejects.toThrow(InvalidSymbolError);
    await expect(cleanup(dataDir, { olderThanDays: 0, nowMs: 0, symbols: [symbol] })).rejects.toThrow(
      InvalidSymbolError,
    );
    const chunks: string[] = [];
    const output = { write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WritableStream;
    await expect(
      exportRange({ dataDir, symbols: [symbol], series: '1m', range, format: 'csv', output }),
    ).rejects.toThrow(InvalidSymbolError);
    expect(chunks).toEqual([]);
    // Only the store's own state directory exists: nothing was created from the hostile name.
    expect(await readdir(dataDir)).toEqual(['data']);
    expect(await readdir(join(dataDir, 'data'))).toEqual(['state']);
  });

  it('repairFile refuses names that are not day files', async () => {
    await expect(repairFile(join(dataDir, '..', 'passwd'))).rejects.toThrow(InvalidPathError);
    await expect(repairFile(join(dataDir, 'BTCUSDT-oi-2026-11-24.csv\0.sh'))).rejects.toThrow(
      InvalidPathError,
    );
  });
});
