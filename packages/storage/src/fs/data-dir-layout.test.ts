import { isAbsolute, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  InvalidDayKeyError,
  InvalidPathError,
  InvalidSeriesError,
  InvalidSymbolError,
} from '../model/errors.ts';
import type { Series } from '../model/series.ts';
import { HOSTILE_SYMBOLS } from '../test-support/hostile-symbols.ts';
import {
  batchSummaryPath,
  coverageCachePath,
  dayFilePath,
  locateDayFile,
  logFilePath,
  parseDayFileName,
  quarantinePath,
  resolveDataDir,
  seriesDirPath,
  taskJournalPath,
  writerLockPath,
} from './data-dir-layout.ts';

function isInside(parent: string, child: string): boolean {
  return isAbsolute(child) && (child === parent || child.startsWith(parent + sep));
}

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
    expect(writerLockPath(dataDir)).toBe('/srv/oi-data/state/writer.lock');
    expect(coverageCachePath(dataDir, 'BTCUSDT', '5m')).toBe('/srv/oi-data/state/coverage/BTCUSDT/5m.json');
    expect(taskJournalPath(dataDir)).toBe('/srv/oi-data/state/running_tasks.json');
    expect(batchSummaryPath(dataDir, '2026-11-24')).toBe('/srv/oi-data/logs/batch_summary-2026-11-24.csv');
    expect(logFilePath(dataDir)).toBe('/srv/oi-data/logs/binance_oi_downloader.log');
  });

  it('resolves a relative data directory against the working directory', () => {
    expect(taskJournalPath('data')).toBe(resolve('data', 'state', 'running_tasks.json'));
    expect(logFilePath('./data/')).toBe(resolve('data', 'logs', 'binance_oi_downloader.log'));
  });

  it.each(HOSTILE_SYMBOLS)('refuses the symbol %j before building any path', (symbol) => {
    expect(() => dayFilePath(dataDir, symbol, '1m', '2026-11-24')).toThrow(InvalidSymbolError);
    expect(() => coverageCachePath(dataDir, symbol, '5m')).toThrow(InvalidSymbolError);
  });

  it.each(['../../etc', '2026-11-24/../../x', '/2026-11-24', '2026-11-24\0', '2026-02-30'])(
    'refuses the day %j',
    (dayKey) => {
      expect(() => dayFilePath(dataDir, 'BTCUSDT', '1m', dayKey)).toThrow(InvalidDayKeyError);
      expect(() => batchSummaryPath(dataDir, dayKey)).toThrow(InvalidDayKeyError);
    },
  );

  it.each(['../1m', '1m/..', '15m', ''])('refuses the series %j', (series) => {
    expect(() => seriesDirPath(dataDir, 'BTCUSDT', series as Series)).toThrow(InvalidSeriesError);
  });

  it('refuses a data directory with NUL or nothing in it', () => {
    expect(() => resolveDataDir('/tmp/x\0/..')).toThrow(InvalidPathError);
    expect(() => resolveDataDir('')).toThrow(InvalidPathError);
    expect(() => taskJournalPath('/tmp/x\0')).toThrow(InvalidPathError);
    expect(() => logFilePath('')).toThrow(InvalidPathError);
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
