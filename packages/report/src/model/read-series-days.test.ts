import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dayFilePath, openStore, type Series } from '@oi/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeriesDays } from './read-series-days.ts';
import type { ValueField } from './series-day.ts';

const D1 = Date.UTC(2026, 10, 1);
const FIVE = 300_000;
const MINUTE = 60_000;
let dataDir = '';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oi-report-rows-'));
  const store = await openStore({ dataDir });
  try {
    await store.merge('BTCUSDT', '5m', [
      { slotMs: D1, openInterest: '10.50000000', openInterestValue: '100.25', extra: { source: 'archive' } },
      { slotMs: D1 + FIVE, openInterest: '11.5', openInterestValue: '', extra: { source: 'archive' } },
      { slotMs: D1 + 2 * FIVE, openInterest: '12', openInterestValue: '130', extra: { source: 'api' } },
      // Past midnight: the next day's file.
      { slotMs: D1 + 288 * FIVE, openInterest: '13.125', openInterestValue: '140.5', extra: { source: '' } },
    ]);
    await store.merge('BTCUSDT', '1m', [
      {
        slotMs: D1,
        openInterest: '1.5',
        openInterestValue: '2.5',
        extra: { markPrice: '3', exchangeTime: '4' },
      },
      { slotMs: D1 + MINUTE, openInterest: '1.75', openInterestValue: '2.75' },
    ]);
    const units = { contractSize: '100', valueAsset: 'BTC' };
    await store.merge('BTCUSD_PERP', '5m', [
      {
        slotMs: D1,
        openInterest: '5000.00000000',
        openInterestValue: '51.25000000',
        extra: { source: 'archive', ...units },
      },
      {
        slotMs: D1 + FIVE,
        openInterest: '5001.00000000',
        openInterestValue: '',
        extra: { source: 'api', ...units },
      },
    ]);
  } finally {
    await store.close();
  }
  // A day file of the replaced tool: four columns, CRLF, rows out of order.
  const legacy = dayFilePath(dataDir, 'ETHUSDT', '5m', '2026-11-01');
  await mkdir(dirname(legacy), { recursive: true });
  await writeFile(
    legacy,
    'timestamp,datetime_utc,openInterest,sumOpenInterestValue\r\n' +
      `${D1 + FIVE},2026-11-01 00:05:00,7.5,70.5\r\n${D1},2026-11-01 00:00:00,7,70\r\n`,
  );
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

interface ReadRow {
  slotMs: number;
  openInterest: string;
  openInterestValue: string;
  source: string;
  symbol?: string;
}

/** What Number makes of a stored decimal, an empty field being no number. */
const numberOf = (text: string): number => (text === '' ? Number.NaN : Number(text));

async function rows(
  symbols: string | readonly string[],
  series: Series,
  startMs: number,
  endMs: number,
): Promise<ReadRow[]> {
  const seen: ReadRow[] = [];
  const many = typeof symbols !== 'string';
  const days = readSeriesDays({
    dataDir,
    symbols: many ? symbols : [symbols],
    series,
    range: { startMs, endMs },
  });
  // The day's columns are reused: copy what is needed before asking for the next day.
  for await (const day of days) {
    for (let index = 0; index < day.rows; index++) {
      const text = (field: ValueField) => day.text(field, index);
      expect(day.openInterest[index]).toBe(numberOf(text('openInterest')));
      expect(day.openInterestValue[index]).toBe(numberOf(text('openInterestValue')));
      seen.push({
        slotMs: day.slotsMs[index] as number,
        openInterest: text('openInterest'),
        openInterestValue: text('openInterestValue'),
        source: day.sources[index] as string,
        ...(many ? { symbol: `${day.symbol} ${day.dayKey}` } : {}),
      });
    }
  }
  return seen;
}

describe('readSeriesDays', () => {
  it('reads the stored decimals and sources of a canonical 5m series across days, an empty source as unknown', async () => {
    expect(await rows('BTCUSDT', '5m', D1, D1 + 2 * 86_400_000)).toEqual([
      { slotMs: D1, openInterest: '10.50000000', openInterestValue: '100.25', source: 'archive' },
      { slotMs: D1 + FIVE, openInterest: '11.5', openInterestValue: '', source: 'archive' },
      { slotMs: D1 + 2 * FIVE, openInterest: '12', openInterestValue: '130', source: 'api' },
      { slotMs: D1 + 288 * FIVE, openInterest: '13.125', openInterestValue: '140.5', source: 'unknown' },
    ]);
  });

  it('keeps to the range, inside a day too', async () => {
    expect((await rows('BTCUSDT', '5m', D1 + FIVE, D1 + 2 * FIVE)).map((row) => row.openInterest)).toEqual([
      '11.5',
    ]);
    expect(await rows('BTCUSDT', '5m', D1 + 3 * FIVE, D1 + 288 * FIVE)).toEqual([]);
  });

  it('reads 1m rows as live, whatever their extra columns hold', async () => {
    expect(await rows('BTCUSDT', '1m', D1, D1 + 86_400_000)).toEqual([
      { slotMs: D1, openInterest: '1.5', openInterestValue: '2.5', source: 'live' },
      { slotMs: D1 + MINUTE, openInterest: '1.75', openInterestValue: '2.75', source: 'live' },
    ]);
  });

  it("reads the replaced tool's files in slot order, their source unknown", async () => {
    expect(await rows('ETHUSDT', '5m', D1, D1 + 86_400_000)).toEqual([
      { slotMs: D1, openInterest: '7', openInterestValue: '70', source: 'unknown' },
      { slotMs: D1 + FIVE, openInterest: '7.5', openInterestValue: '70.5', source: 'unknown' },
    ]);
  });

  it('reads nothing for a symbol without files', async () => {
    expect(await rows('XRPUSDT', '5m', D1, D1 + 86_400_000)).toEqual([]);
  });

  it("reads several symbols in one pass, each one's days in turn, in the order given", async () => {
    const read = await rows(['ETHUSDT', 'XRPUSDT', 'BTCUSDT'], '5m', D1, D1 + 2 * 86_400_000);
    expect(read.map((row) => row.symbol)).toEqual([
      'ETHUSDT 2026-11-01',
      'ETHUSDT 2026-11-01',
      'BTCUSDT 2026-11-01',
      'BTCUSDT 2026-11-01',
      'BTCUSDT 2026-11-01',
      'BTCUSDT 2026-11-02',
    ]);
  });

  it("reads a COIN-M day's units from its rows, and none from a USDⓈ-M day", async () => {
    const seen: string[] = [];
    for await (const day of readSeriesDays({
      dataDir,
      symbols: ['BTCUSDT', 'BTCUSD_PERP'],
      series: '5m',
      range: { startMs: D1, endMs: D1 + 86_400_000 },
    })) {
      seen.push(`${day.symbol} ${JSON.stringify(day.units() ?? null)}`);
    }
    expect(seen).toEqual(['BTCUSDT null', 'BTCUSD_PERP {"contractSize":"100","valueAsset":"BTC"}']);
  });

  it("finds the source of a COIN-M contract's rows, whose unit columns come after it", async () => {
    expect(await rows('BTCUSD_PERP', '5m', D1, D1 + 86_400_000)).toEqual([
      { slotMs: D1, openInterest: '5000.00000000', openInterestValue: '51.25000000', source: 'archive' },
      { slotMs: D1 + FIVE, openInterest: '5001.00000000', openInterestValue: '', source: 'api' },
    ]);
  });
});
