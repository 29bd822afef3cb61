import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coverage } from './coverage/coverage.ts';
import { exportRangeVia } from './export/export-range.ts';
import { readDayLines } from './export/read-day-lines.ts';
import { indexCanonicalDayLines } from './format/day-line-index.ts';
import { scanDaySlotRuns } from './format/day-slot-scan.ts';
import { dayFilePath } from './fs/data-dir-layout.ts';
import { validateFiles } from './maintain/validate-files.ts';
import { InvalidPointError } from './model/errors.ts';
import { isCoinMSymbol, marketOfSymbol } from './model/market.ts';
import { COIN_M_SERIES_COLUMNS, SERIES_COLUMNS, seriesColumnsOf } from './model/series.ts';
import { collectStats } from './read/collect-stats.ts';
import { readRows } from './read/read-rows.ts';
import { makeTempDataDir } from './test-support/temp-data-dir.ts';
import { openStore, type Store } from './write/store.ts';

const DAY = Date.UTC(2026, 10, 24);
const DAY_KEY = '2026-11-24';
const MIN = 60_000;
const FIVE = 300_000;

let dataDir: string;
let remove: () => Promise<void>;
let store: Store | undefined;

beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  await remove();
});

async function open(): Promise<Store> {
  store = await openStore({ dataDir, now: () => DAY });
  return store;
}

function collect(): { output: Writable; text: () => string } {
  let text = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString('utf8');
      callback();
    },
  });
  return { output, text: () => text };
}

describe('the market of a symbol', () => {
  it.each([
    ['BTCUSD_PERP', true],
    ['ETHUSD_261225', true],
    ['SIM0001USD_PERP', true],
    ['BTCUSDT', false],
    ['BTCUSD', false],
    ['BTCUSDT_261225', false],
    ['BTCUSD_26122', false],
    ['ETHBTC', false],
  ])('%s is COIN-M: %s', (symbol, coinM) => {
    expect(isCoinMSymbol(symbol)).toBe(coinM);
    expect(marketOfSymbol(symbol)).toBe(coinM ? 'cm' : 'um');
    expect(seriesColumnsOf(symbol, '1m')).toEqual(coinM ? COIN_M_SERIES_COLUMNS['1m'] : SERIES_COLUMNS['1m']);
  });
});

describe('a COIN-M 1m day file', () => {
  const live = (minute: number, contracts: string) => ({
    slotMs: DAY + minute * MIN,
    openInterest: contracts,
    openInterestValue: '3377.45202731',
    extra: {
      markPrice: '86153.2',
      exchangeTime: String(DAY + minute * MIN + 17),
      contractSize: '100',
      valueAsset: 'BTC',
    },
  });

  it('is written with the unit columns, appended in place and read back exactly', async () => {
    const s = await open();
    await s.appendLive('BTCUSD_PERP', live(0, '2909783'));
    await s.appendLive('BTCUSD_PERP', live(1, '2909784'));
    await s.merge('BTCUSD_PERP', '1m', [{ ...live(3, '2909790'), extra: { markPrice: '86153.2' } }]);
    const path = dayFilePath(dataDir, 'BTCUSD_PERP', '1m', DAY_KEY);
    const text = await readFile(path, 'utf8');
    expect(text).toBe(
      'timestamp,datetime_utc,openInterest,sumOpenInterestValue,markPrice,exchangeTime,contractSize,valueAsset\n' +
        `${DAY},2026-11-24T00:00:00.000Z,2909783,3377.45202731,86153.2,${DAY + 17},100,BTC\n` +
        `${DAY + MIN},2026-11-24T00:01:00.000Z,2909784,3377.45202731,86153.2,${DAY + MIN + 17},100,BTC\n` +
        `${DAY + 3 * MIN},2026-11-24T00:03:00.000Z,2909790,3377.45202731,86153.2,,,\n`,
    );
    const rows = await readRows(dataDir, 'BTCUSD_PERP', '1m', { startMs: DAY, endMs: DAY + 2 * MIN });
    expect(rows).toEqual([live(0, '2909783'), live(1, '2909784')]);
    expect(await coverage(dataDir, 'BTCUSD_PERP', '1m', { startMs: DAY, endMs: DAY + 5 * MIN })).toEqual([
      { startMs: DAY, endMs: DAY + 2 * MIN },
      { startMs: DAY + 3 * MIN, endMs: DAY + 4 * MIN },
    ]);
    expect(await validateFiles(dataDir)).toMatchObject({ files: 1, rows: 3, ok: true });
    const bytes = await readFile(path);
    expect(scanDaySlotRuns(bytes, '1m', DAY_KEY, COIN_M_SERIES_COLUMNS['1m'])).toHaveLength(2);
    expect(indexCanonicalDayLines(bytes, '1m', DAY_KEY, COIN_M_SERIES_COLUMNS['1m'])?.count).toBe(3);
  });

  it('fills the unit columns of a stored row and keeps the stored contracts on a conflict', async () => {
    const s = await open();
    await s.merge('BTCUSD_PERP', '1m', [{ ...live(0, '2909783'), extra: {} }]);
    const filled = await s.merge('BTCUSD_PERP', '1m', [live(0, '2909783')]);
    expect(filled).toMatchObject({ unchanged: 1, filled: 1 });
    const conflict = await s.merge('BTCUSD_PERP', '1m', [live(0, '2909784')]);
    expect(conflict.conflicts).toHaveLength(1);
    expect(conflict.conflicts[0]?.stored.extra).toMatchObject({ contractSize: '100', valueAsset: 'BTC' });
  });

  it('refuses unit columns for a USDⓈ-M symbol, and a unit value that would need quoting', async () => {
    const s = await open();
    await expect(s.merge('BTCUSDT', '1m', [live(0, '1')])).rejects.toBeInstanceOf(InvalidPointError);
    const quoted = { ...live(0, '1'), extra: { valueAsset: 'B,TC' } };
    await expect(s.merge('BTCUSD_PERP', '1m', [quoted])).rejects.toBeInstanceOf(InvalidPointError);
  });
});

describe('a COIN-M 5m day file', () => {
  const history = (slot: number, source: string) => ({
    slotMs: DAY + slot * FIVE,
    openInterest: `${5578700 + slot}.00000000`,
    openInterestValue: '18265.00911826',
    extra: { CMCCirculatingSupply: '', source, contractSize: '10', valueAsset: 'ETH' },
  });

  it('is written with the unit columns and read, exported, counted and scanned like any other', async () => {
    const s = await open();
    await s.merge('ETHUSD_PERP', '5m', [history(0, 'archive'), history(1, 'api')]);
    await s.merge('BTCUSDT', '5m', [
      { slotMs: DAY, openInterest: '81200.10000000', openInterestValue: '', extra: { source: 'api' } },
    ]);
    const text = await readFile(dayFilePath(dataDir, 'ETHUSD_PERP', '5m', DAY_KEY), 'utf8');
    expect(text).toBe(
      'timestamp,datetime_utc,openInterest,sumOpenInterestValue,CMCCirculatingSupply,source,contractSize,valueAsset\n' +
        `${DAY},2026-11-24T00:00:00.000Z,5578700.00000000,18265.00911826,,archive,10,ETH\n` +
        `${DAY + FIVE},2026-11-24T00:05:00.000Z,5578701.00000000,18265.00911826,,api,10,ETH\n`,
    );
    const usdm = await readFile(dayFilePath(dataDir, 'BTCUSDT', '5m', DAY_KEY), 'utf8');
    expect(usdm.split('\n')[0]).toBe(SERIES_COLUMNS['5m'].join(','));
    const range = { startMs: DAY, endMs: DAY + 86_400_000 };
    expect(await readRows(dataDir, 'ETHUSD_PERP', '5m', range)).toEqual([
      history(0, 'archive'),
      history(1, 'api'),
    ]);

    const stats = await collectStats(dataDir);
    expect(stats.entries.map((e) => [e.symbol, e.series, e.rows])).toEqual([
      ['BTCUSDT', '5m', 1],
      ['ETHUSD_PERP', '5m', 2],
    ]);
    expect(stats.quarantine.unreadable).toEqual([]);

    for (const path of ['copy-canonical', 'parse-all'] as const) {
      const csv = collect();
      await exportRangeVia(
        {
          dataDir,
          symbols: ['ETHUSD_PERP', 'BTCUSDT'],
          series: '5m',
          range,
          format: 'csv',
          output: csv.output,
        },
        path,
      );
      expect(csv.text()).toBe(
        'symbol,timestamp,datetime_utc,openInterest,sumOpenInterestValue,CMCCirculatingSupply,source,contractSize,valueAsset\n' +
          `ETHUSD_PERP,${DAY},2026-11-24T00:00:00.000Z,5578700.00000000,18265.00911826,,archive,10,ETH\n` +
          `ETHUSD_PERP,${DAY + FIVE},2026-11-24T00:05:00.000Z,5578701.00000000,18265.00911826,,api,10,ETH\n` +
          `BTCUSDT,${DAY},2026-11-24T00:00:00.000Z,81200.10000000,,,api,,\n`,
      );
      const jsonl = collect();
      await exportRangeVia(
        {
          dataDir,
          symbols: ['ETHUSD_PERP', 'BTCUSDT'],
          series: '5m',
          range,
          format: 'jsonl',
          output: jsonl.output,
        },
        path,
      );
      const lines = jsonl
        .text()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines[0]).toMatchObject({ symbol: 'ETHUSD_PERP', contractSize: '10', valueAsset: 'ETH' });
      expect(Object.keys(lines[2])).not.toContain('contractSize');
    }

    const days = [];
    for await (const day of readDayLines({ dataDir, symbols: ['ETHUSD_PERP'], series: '5m' })) {
      days.push({ columns: day.columns, rows: day.rows });
    }
    expect(days).toEqual([{ columns: COIN_M_SERIES_COLUMNS['5m'], rows: 2 }]);
  });

  it('is scanned for coverage on worker threads with its own header', async () => {
    const s = await open();
    // Sixteen files and more go to the worker threads.
    const points = Array.from({ length: 18 }, (_, day) => ({
      ...history(0, 'api'),
      slotMs: DAY + day * 86_400_000,
    }));
    await s.merge('ETHUSD_PERP', '5m', points);
    const present = await coverage(dataDir, 'ETHUSD_PERP', '5m', {
      startMs: DAY,
      endMs: DAY + 18 * 86_400_000,
    });
    expect(present).toEqual(points.map((p) => ({ startMs: p.slotMs, endMs: p.slotMs + FIVE })));
  });
});
