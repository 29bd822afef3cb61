import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_SERIES, type OiPoint, openStore, readRows, SERIES_SLOT_MS, type Series } from '@oi/storage';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSink, type Sink } from '../open-sink.ts';
import { SINK_TABLES } from '../schema/sink-columns.ts';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database.ts';
import { toFixedDecimal } from '../values/sink-decimal.ts';
import { type SinkRow, toSinkRecord } from '../values/sink-record.ts';
import { checkSink } from './check-sink.ts';
import { syncSink } from './sync-sink.ts';

const DAY_MS = 86_400_000;
const DAY0 = Date.UTC(2025, 5, 24);
const RANGE = { startMs: DAY0, endMs: DAY0 + 2 * DAY_MS };
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];

// Two days of both series for two symbols, with the spellings and gaps real files have: trailing
// zeros, exponents, empty cells, a missing hour.
function points(series: Series, symbolIndex: number): OiPoint[] {
  const slotMs = SERIES_SLOT_MS[series];
  const result: OiPoint[] = [];
  for (let slot = RANGE.startMs; slot < RANGE.endMs; slot += slotMs) {
    const n = (slot - RANGE.startMs) / slotMs;
    if (symbolIndex === 1 && slot >= DAY0 + 3_600_000 && slot < DAY0 + 7_200_000) continue;
    const openInterest =
      n % 97 === 5
        ? `${8 + symbolIndex}.4e3`
        : `${84_305 + n * 7 + symbolIndex}.${String(n % 1000).padStart(3, '0')}00`;
    const openInterestValue = n % 50 === 3 ? '' : `${8_175_197_334 + n}.30990000`;
    const extra: Record<string, string> =
      series === '1m'
        ? { markPrice: n % 40 === 7 ? '' : `${96_268 + (n % 13)}.02000000`, exchangeTime: String(slot + 321) }
        : {
            CMCCirculatingSupply: n % 3 === 0 ? '' : '19812345.12345678',
            source: n % 2 === 0 ? 'archive' : 'api',
          };
    result.push({ slotMs: slot, openInterest, openInterestValue, extra });
  }
  return result;
}

// A row with every value spelled as the database prints it, so equal values compare equal.
function fixed(series: Series, row: SinkRow) {
  const record = toSinkRecord(series, row);
  return {
    ...record,
    values: record.values.map((value) => (value === null ? null : (toFixedDecimal(value) ?? value))),
  };
}

function expectedRows(series: Series): number {
  return SYMBOLS.reduce((sum, _, index) => sum + points(series, index).length, 0);
}

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'oi-sink-sync-'));
  const store = await openStore({ dataDir });
  for (const series of ALL_SERIES) {
    for (const [index, symbol] of SYMBOLS.entries()) await store.merge(symbol, series, points(series, index));
  }
  await store.close();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe.each(['mysql', 'postgres'] as const)('syncSink and checkSink on %s', (kind) => {
  let database: TestDatabase;
  let sink: Sink;
  const q = (name: string) => (kind === 'mysql' ? `\`${name}\`` : `"${name}"`);

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    sink = await openSink(database.url);
  });

  afterEach(async () => {
    await sink.close();
    await database.close();
  });

  it('loads the day files exactly, then a re-run changes nothing', async () => {
    const total = expectedRows('1m') + expectedRows('5m');
    const first = await syncSink({ sink, dataDir, batchRows: 1000 });
    expect(first).toMatchObject({ rows: total, inserted: total, unchanged: 0, filled: 0, conflicts: [] });
    expect(first.batches).toBeGreaterThan(total / 1000);
    for (const series of ALL_SERIES) {
      for (const symbol of SYMBOLS) {
        const files = (await readRows(dataDir, symbol, series, RANGE)).map((point) =>
          fixed(series, { ...point, symbol }),
        );
        const stored = (await sink.readRows(series, symbol, RANGE)).map((row) => fixed(series, row));
        expect(stored).toEqual(files);
      }
    }
    const again = await syncSink({ sink, dataDir });
    expect(again).toMatchObject({ rows: total, inserted: 0, unchanged: total, filled: 0, conflicts: [] });
    expect(await checkSink({ sink, dataDir })).toEqual({
      rowsInFiles: total,
      rowsInSink: total,
      missingInSink: 0,
      missingInFiles: 0,
      different: 0,
      differences: [],
      inSync: true,
    });
  });

  it('syncs only the symbols, series and range asked for', async () => {
    const range = { startMs: DAY0 + DAY_MS, endMs: DAY0 + DAY_MS + 3_600_000 };
    const result = await syncSink({ sink, dataDir, symbols: ['ETHUSDT'], series: ['5m'], range });
    expect(result).toMatchObject({ rows: 12, inserted: 12 });
    expect(await sink.listSymbols('1m')).toEqual([]);
    const check = await checkSink({ sink, dataDir, symbols: ['ETHUSDT'], series: ['5m'], range });
    expect(check.inSync).toBe(true);
    expect(check.rowsInSink).toBe(12);
  });

  it('reports rows missing or different on either side, and a sync restores only what is missing', async () => {
    await syncSink({ sink, dataDir });
    const table = SINK_TABLES['1m'];
    const slot = (minute: number) => DAY0 + minute * 60_000;
    await database.query(
      `UPDATE ${table} SET open_interest = 1.5 WHERE symbol = 'BTCUSDT' AND ${q('timestamp')} = ${slot(10)}`,
    );
    await database.query(
      `UPDATE ${table} SET mark_price = NULL WHERE symbol = 'BTCUSDT' AND ${q('timestamp')} = ${slot(11)}`,
    );
    await database.query(`DELETE FROM ${table} WHERE symbol = 'ETHUSDT' AND ${q('timestamp')} = ${slot(12)}`);
    await database.query(
      `INSERT INTO ${table} (symbol, ${q('timestamp')}, open_interest) VALUES ('ETHUSDT', ${slot(61)}, 3)`,
    );
    await database.query(
      `INSERT INTO ${table} (symbol, ${q('timestamp')}, open_interest) VALUES ('SOLUSDT', ${slot(0)}, 4)`,
    );
    const total1m = expectedRows('1m');
    const check = await checkSink({ sink, dataDir, series: ['1m'] });
    expect(check).toEqual({
      rowsInFiles: total1m,
      rowsInSink: total1m + 1,
      missingInSink: 1,
      missingInFiles: 2,
      different: 2,
      inSync: false,
      differences: [
        {
          kind: 'different',
          series: '1m',
          symbol: 'BTCUSDT',
          timestamp: slot(10),
          columns: [{ column: 'open_interest', files: '84375.01', sink: '1.5' }],
        },
        {
          kind: 'different',
          series: '1m',
          symbol: 'BTCUSDT',
          timestamp: slot(11),
          columns: [{ column: 'mark_price', files: '96279.02', sink: null }],
        },
        { kind: 'missing-in-sink', series: '1m', symbol: 'ETHUSDT', timestamp: slot(12) },
        { kind: 'missing-in-files', series: '1m', symbol: 'ETHUSDT', timestamp: slot(61) },
        { kind: 'missing-in-files', series: '1m', symbol: 'SOLUSDT', timestamp: slot(0) },
      ],
    });
    expect((await checkSink({ sink, dataDir, series: ['1m'], maxListed: 2 })).differences).toHaveLength(2);

    const repair = await syncSink({ sink, dataDir, series: ['1m'] });
    expect(repair).toMatchObject({ inserted: 1, filled: 1, unchanged: total1m - 2 });
    expect(repair.conflicts).toEqual([
      {
        series: '1m',
        symbol: 'BTCUSDT',
        timestamp: slot(10),
        column: 'open_interest',
        stored: '1.5',
        incoming: '84375.01',
      },
    ]);
    const after = await checkSink({ sink, dataDir, series: ['1m'] });
    expect(after).toMatchObject({ missingInSink: 0, missingInFiles: 2, different: 1 });
  });
});
