import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_SERIES, type OiPoint, openStore, type Series } from '@oi/storage';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSink, type Sink } from './open-sink.ts';
import { SINK_TABLES } from './schema/sink-columns.ts';
import { checkSink } from './sync/check-sink.ts';
import { syncSink } from './sync/sync-sink.ts';
import { createTestDatabase, type TestDatabase } from './test-support/test-database.ts';

const DAY0 = Date.UTC(2026, 10, 20);
const MINUTE = 60_000;
const SLOTS: Readonly<Record<Series, number>> = { '1m': 1440, '5m': 288 };
// A COIN-M contract beside the USDⓈ-M symbol of the same coin: rows of both markets in one table.
const SYMBOLS = ['BTCUSDT', 'BTCUSD_PERP'];

// Every 29th COIN-M row lacks its units, as a row stored before the contract's listing was read would.
const unitsKnown = (index: number): boolean => index % 29 !== 3;

function points(series: Series, symbol: string): OiPoint[] {
  const step = series === '1m' ? MINUTE : 5 * MINUTE;
  return Array.from({ length: SLOTS[series] }, (_, index) => {
    const extra: Record<string, string> =
      series === '1m'
        ? { markPrice: `${96_000 + index}.5`, exchangeTime: String(DAY0 + index * step + 7) }
        : { CMCCirculatingSupply: '', source: index % 2 === 0 ? 'api' : 'archive' };
    if (symbol.endsWith('_PERP')) {
      extra['contractSize'] = unitsKnown(index) ? '100' : '';
      extra['valueAsset'] = unitsKnown(index) ? 'BTC' : '';
    }
    return {
      slotMs: DAY0 + index * step,
      openInterest: `${2_909_783 + index}`,
      openInterestValue: `${3377 + index}.45202731`,
      extra,
    };
  });
}

/** COIN-M rows whose units the files have. */
function rowsWithUnits(series: Series): number {
  return Array.from({ length: SLOTS[series] }, (_, index) => index).filter(unitsKnown).length;
}

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oi-sink-coin-m-'));
  const store = await openStore({ dataDir });
  for (const series of ALL_SERIES) {
    for (const symbol of SYMBOLS) await store.merge(symbol, series, points(series, symbol));
  }
  await store.close();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const CONFIGS = [
  { kind: 'mysql', loadData: true },
  { kind: 'mysql', loadData: false },
  { kind: 'postgres', loadData: true },
] as const;

describe.each(CONFIGS)('COIN-M units on $kind (LOAD DATA allowed: $loadData)', ({ kind, loadData }) => {
  let database: TestDatabase;
  let sink: Sink;
  const q = (name: string) => (kind === 'mysql' ? `\`${name}\`` : `"${name}"`);

  /** Rows per symbol and units, e.g. `BTCUSD_PERP 100.000000000000000000 BTC 1390`, sorted. */
  async function unitCounts(series: Series): Promise<string[]> {
    const rows = await database.query(
      `SELECT symbol, contract_size, value_asset, COUNT(*) FROM ${SINK_TABLES[series]}
         GROUP BY symbol, contract_size, value_asset`,
    );
    return rows.map((cells) => cells.map(String).join(' ')).sort();
  }

  function expectedUnitCounts(series: Series): string[] {
    const known = rowsWithUnits(series);
    return [
      `BTCUSD_PERP 100.000000000000000000 BTC ${known}`,
      `BTCUSD_PERP null null ${SLOTS[series] - known}`,
      `BTCUSDT null null ${SLOTS[series]}`,
    ].sort();
  }

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    sink = await openSink(database.url, { loadData });
  });

  afterEach(async () => {
    await sink.close();
    await database.close();
  });

  it('syncs contract_size and value_asset of COIN-M rows, NULL in USDⓈ-M rows, and check compares them', async () => {
    const total = 2 * (SLOTS['1m'] + SLOTS['5m']);
    expect(await syncSink({ sink, dataDir, batchRows: 1000 })).toMatchObject({
      rows: total,
      inserted: total,
      conflicts: [],
    });
    for (const series of ALL_SERIES) expect(await unitCounts(series)).toEqual(expectedUnitCounts(series));
    expect(await checkSink({ sink, dataDir })).toMatchObject({ inSync: true, rowsInSink: total });

    const slotMs = DAY0 + 10 * 5 * MINUTE;
    await database.query(
      `UPDATE ${SINK_TABLES['5m']} SET contract_size = 10, value_asset = 'USD' WHERE symbol = 'BTCUSD_PERP' AND ${q('timestamp')} = ${slotMs}`,
    );
    const check = await checkSink({ sink, dataDir, series: ['5m'] });
    expect(check).toMatchObject({ inSync: false, different: 1, missingInSink: 0, missingInFiles: 0 });
    expect(check.differences).toEqual([
      {
        kind: 'different',
        series: '5m',
        symbol: 'BTCUSD_PERP',
        timestamp: slotMs,
        columns: [
          { column: 'contract_size', files: '100', sink: '10' },
          { column: 'value_asset', files: 'BTC', sink: 'USD' },
        ],
      },
    ]);
    const again = await syncSink({ sink, dataDir, series: ['5m'] });
    // The row in conflict is left as it is: neither inserted nor unchanged.
    expect(again).toMatchObject({ inserted: 0, unchanged: 2 * SLOTS['5m'] - 1, filled: 0 });
    expect(again.conflicts.map(({ column, stored, incoming }) => [column, stored, incoming])).toEqual([
      ['contract_size', '10', '100'],
      ['value_asset', 'USD', 'BTC'],
    ]);
  });

  it('writes and reads the units of single rows; a USDⓈ-M row reads back without them', async () => {
    await sink.writeRows('1m', [
      { symbol: 'BTCUSD_PERP', ...(points('1m', 'BTCUSD_PERP')[0] as OiPoint) },
      { symbol: 'BTCUSDT', ...(points('1m', 'BTCUSDT')[0] as OiPoint) },
    ]);
    const range = { startMs: DAY0, endMs: DAY0 + MINUTE };
    const [coinM] = await sink.readRows('1m', 'BTCUSD_PERP', range);
    expect(coinM?.extra).toEqual({
      markPrice: '96000.5',
      exchangeTime: String(DAY0 + 7),
      contractSize: '100',
      valueAsset: 'BTC',
    });
    const [usdM] = await sink.readRows('1m', 'BTCUSDT', range);
    expect(usdM?.extra).toEqual({ markPrice: '96000.5', exchangeTime: String(DAY0 + 7) });
  });

  it('adds the unit columns to tables made before them, once, keeping their rows; a sync fills the units', async () => {
    const total = 2 * (SLOTS['1m'] + SLOTS['5m']);
    await syncSink({ sink, dataDir });
    await sink.close();
    // The tables as the sink made them before the COIN-M units: the same, without the last two columns.
    for (const series of ALL_SERIES) {
      await database.query(
        `ALTER TABLE ${SINK_TABLES[series]} DROP COLUMN contract_size, DROP COLUMN value_asset`,
      );
    }
    // Two sinks opened at once both add the columns: one of them finds them added by the other.
    const [first, second] = await Promise.all([
      openSink(database.url, { loadData }),
      openSink(database.url, { loadData }),
    ]);
    await first.close();
    await second.close();
    sink = await openSink(database.url, { loadData });
    const schema = kind === 'mysql' ? 'DATABASE()' : 'current_schema()';
    const columns = await database.query(
      `SELECT table_name, column_name, data_type, numeric_precision, numeric_scale, is_nullable
         FROM information_schema.columns WHERE table_schema = ${schema}
         AND column_name IN ('contract_size', 'value_asset') ORDER BY table_name, ordinal_position`,
    );
    const decimal = kind === 'mysql' ? 'decimal 38 18' : 'numeric 38 18';
    const text = kind === 'mysql' ? 'varchar null null' : 'character varying null null';
    expect(columns.map((cells) => cells.map(String).join(' '))).toEqual([
      `open_interest_1m contract_size ${decimal} YES`,
      `open_interest_1m value_asset ${text} YES`,
      `open_interest_5m contract_size ${decimal} YES`,
      `open_interest_5m value_asset ${text} YES`,
    ]);
    const counts = await checkSink({ sink, dataDir });
    expect(counts).toMatchObject({ rowsInSink: total, missingInSink: 0, missingInFiles: 0 });
    // The COIN-M rows stored before have no units yet; the files do.
    expect(counts.different).toBe(rowsWithUnits('1m') + rowsWithUnits('5m'));
    const synced = await syncSink({ sink, dataDir, batchRows: 1000 });
    expect(synced).toMatchObject({
      inserted: 0,
      unchanged: total,
      filled: rowsWithUnits('1m') + rowsWithUnits('5m'),
      conflicts: [],
    });
    for (const series of ALL_SERIES) expect(await unitCounts(series)).toEqual(expectedUnitCounts(series));
    expect(await checkSink({ sink, dataDir })).toMatchObject({ inSync: true });
  });
});
