import { hasErrorCode } from '@oi/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSink, type Sink } from './open-sink.ts';
import { SINK_TABLES } from './schema/sink-columns.ts';
import { createTestDatabase, type TestDatabase } from './test-support/test-database.ts';
import type { SinkRow } from './values/sink-record.ts';

const T0 = Date.UTC(2025, 0, 15, 10, 0);
const MINUTE = 60_000;

function row1m(symbol: string, slotMs: number, openInterest: string, extra: Partial<SinkRow> = {}): SinkRow {
  return {
    symbol,
    slotMs,
    openInterest,
    openInterestValue: '8175197334.30990000',
    extra: { markPrice: '96268.02000000', exchangeTime: String(slotMs + 1234) },
    ...extra,
  };
}

const CONFIGS = [
  { kind: 'mysql', loadData: true, loadMethod: 'load-data' },
  { kind: 'mysql', loadData: false, loadMethod: 'insert' },
  { kind: 'postgres', loadData: true, loadMethod: 'unnest' },
] as const;

describe.each(CONFIGS)('openSink on $kind writing by $loadMethod', ({ kind, loadData, loadMethod }) => {
  let database: TestDatabase;
  let sink: Sink;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    sink = await openSink(database.url, { loadData });
  });

  afterEach(async () => {
    await sink.close();
    await database.close();
  });

  it('writes new rows by the fastest method the server allows', () => {
    expect(sink.loadMethod).toBe(loadMethod);
  });

  it('creates both tables with DECIMAL and BIGINT columns, never FLOAT or DOUBLE', async () => {
    const schema = kind === 'mysql' ? 'DATABASE()' : 'current_schema()';
    const rows = await database.query(
      `SELECT table_name, column_name, data_type, numeric_precision, numeric_scale, is_nullable
         FROM information_schema.columns WHERE table_schema = ${schema} AND table_name LIKE 'open_interest_%'
         ORDER BY table_name, ordinal_position`,
    );
    const columns = rows.map(([table, column, type, precision, scale, nullable]) =>
      [
        table,
        column,
        String(type).toLowerCase(),
        precision === null ? '' : `${precision},${scale}`,
        nullable,
      ].join(' '),
    );
    const decimal = kind === 'mysql' ? 'decimal' : 'numeric';
    const text = kind === 'mysql' ? 'varchar' : 'character varying';
    const datetime = kind === 'mysql' ? 'datetime' : 'timestamp without time zone';
    const bigint = kind === 'mysql' ? 'bigint 19,0' : 'bigint 64,0';
    expect(columns).toEqual([
      `open_interest_1m symbol ${text}  NO`,
      `open_interest_1m timestamp ${bigint} NO`,
      `open_interest_1m datetime_utc ${datetime}  YES`,
      `open_interest_1m open_interest ${decimal} 38,18 NO`,
      `open_interest_1m open_interest_value ${decimal} 38,18 YES`,
      `open_interest_1m mark_price ${decimal} 38,18 YES`,
      `open_interest_1m exchange_time ${bigint} YES`,
      `open_interest_1m contract_size ${decimal} 38,18 YES`,
      `open_interest_1m value_asset ${text}  YES`,
      `open_interest_5m symbol ${text}  NO`,
      `open_interest_5m timestamp ${bigint} NO`,
      `open_interest_5m datetime_utc ${datetime}  YES`,
      `open_interest_5m open_interest ${decimal} 38,18 NO`,
      `open_interest_5m open_interest_value ${decimal} 38,18 YES`,
      `open_interest_5m cmc_circulating_supply ${decimal} 38,18 YES`,
      `open_interest_5m source ${text}  YES`,
      `open_interest_5m contract_size ${decimal} 38,18 YES`,
      `open_interest_5m value_asset ${text}  YES`,
    ]);
    expect(columns.join('\n')).not.toMatch(/float|double|real/);
    const generated = await database.query(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = ${schema}
         AND column_name = 'datetime_utc' AND generation_expression IS NOT NULL AND generation_expression <> ''
         ORDER BY table_name`,
    );
    expect(generated).toEqual([['open_interest_1m'], ['open_interest_5m']]);
  });

  it('stores values exactly, the slot as epoch ms and its UTC datetime, and empty values as NULL', async () => {
    const result = await sink.writeRows('5m', [
      {
        symbol: 'BTCUSDT',
        slotMs: T0,
        openInterest: '84305.602',
        openInterestValue: '8175197334.30990000',
        extra: { CMCCirculatingSupply: '19812345.123456789012345678', source: 'archive' },
      },
      { symbol: 'BTCUSDT', slotMs: T0 + 5 * MINUTE, openInterest: '1e-8', openInterestValue: '', extra: {} },
    ]);
    expect(result).toEqual({ inserted: 2, unchanged: 0, filled: 0, conflicts: [] });
    const rows = await database.query(
      `SELECT symbol, ${kind === 'mysql' ? '`timestamp`, CAST(datetime_utc AS CHAR)' : '"timestamp", datetime_utc::text'}, open_interest, open_interest_value,
              cmc_circulating_supply, source FROM ${SINK_TABLES['5m']} ORDER BY 2`,
    );
    expect(rows).toEqual([
      [
        'BTCUSDT',
        String(T0),
        '2025-01-15 10:00:00',
        '84305.602000000000000000',
        '8175197334.309900000000000000',
        '19812345.123456789012345678',
        'archive',
      ],
      ['BTCUSDT', String(T0 + 5 * MINUTE), '2025-01-15 10:05:00', '0.000000010000000000', null, null, null],
    ]);
  });

  it('re-running a batch inserts nothing twice; equal values in other spellings are unchanged', async () => {
    const rows = [
      row1m('BTCUSDT', T0, '84305.602'),
      row1m('ETHUSDT', T0, '1000'),
      row1m('BTCUSDT', T0 + MINUTE, '84305.7'),
    ];
    expect(await sink.writeRows('1m', rows)).toEqual({ inserted: 3, unchanged: 0, filled: 0, conflicts: [] });
    expect(await sink.writeRows('1m', rows)).toEqual({ inserted: 0, unchanged: 3, filled: 0, conflicts: [] });
    const respelled = [
      row1m('BTCUSDT', T0, '84305.60200000', { openInterestValue: '8.1751973343099e9' }),
      row1m('ETHUSDT', T0, '1e3'),
      row1m('BTCUSDT', T0 + 2 * MINUTE, '1.5'),
    ];
    expect(await sink.writeRows('1m', respelled)).toEqual({
      inserted: 1,
      unchanged: 2,
      filled: 0,
      conflicts: [],
    });
    const [[count]] = (await database.query(`SELECT COUNT(*) FROM ${SINK_TABLES['1m']}`)) as [[unknown]];
    expect(Number(count)).toBe(4);
  });

  it('reports a differing stored value as a conflict and keeps it', async () => {
    await sink.writeRows('1m', [row1m('BTCUSDT', T0, '84305.602'), row1m('BTCUSDT', T0 + MINUTE, '10')]);
    const result = await sink.writeRows('1m', [
      row1m('BTCUSDT', T0, '84305.603', {
        extra: { markPrice: '96268.03', exchangeTime: String(T0 + 1234) },
      }),
      row1m('BTCUSDT', T0 + MINUTE, '10.0'),
      row1m('BTCUSDT', T0 + 2 * MINUTE, '11'),
    ]);
    expect(result).toEqual({
      inserted: 1,
      unchanged: 1,
      filled: 0,
      conflicts: [
        {
          series: '1m',
          symbol: 'BTCUSDT',
          timestamp: T0,
          column: 'open_interest',
          stored: '84305.602',
          incoming: '84305.603',
        },
        {
          series: '1m',
          symbol: 'BTCUSDT',
          timestamp: T0,
          column: 'mark_price',
          stored: '96268.02',
          incoming: '96268.03',
        },
      ],
    });
    const [stored] = await sink.readRows('1m', 'BTCUSDT', { startMs: T0, endMs: T0 + 1 });
    expect(stored).toEqual({
      symbol: 'BTCUSDT',
      slotMs: T0,
      openInterest: '84305.602',
      openInterestValue: '8175197334.3099',
      extra: { markPrice: '96268.02', exchangeTime: String(T0 + 1234) },
    });
  });

  it('fills NULL columns from a later row with the same values and never empties a stored value', async () => {
    await sink.writeRows('1m', [row1m('BTCUSDT', T0, '5', { openInterestValue: '', extra: {} })]);
    const filled = await sink.writeRows('1m', [row1m('BTCUSDT', T0, '5.0')]);
    expect(filled).toEqual({ inserted: 0, unchanged: 1, filled: 1, conflicts: [] });
    const emptier = await sink.writeRows('1m', [
      row1m('BTCUSDT', T0, '5', { openInterestValue: '', extra: {} }),
    ]);
    expect(emptier).toEqual({ inserted: 0, unchanged: 1, filled: 0, conflicts: [] });
    expect(await sink.readRows('1m', 'BTCUSDT', { startMs: T0, endMs: T0 + MINUTE })).toEqual([
      {
        symbol: 'BTCUSDT',
        slotMs: T0,
        openInterest: '5',
        openInterestValue: '8175197334.3099',
        extra: { markPrice: '96268.02', exchangeTime: String(T0 + 1234) },
      },
    ]);
  });

  it('counts a repeated key within one batch once and compares the repeat with the first', async () => {
    const result = await sink.writeRows('1m', [
      row1m('BTCUSDT', T0, '1'),
      row1m('BTCUSDT', T0, '1.000'),
      row1m('BTCUSDT', T0, '2'),
    ]);
    expect(result.inserted).toBe(1);
    expect(result.unchanged).toBe(1);
    expect(result.conflicts).toEqual([
      { series: '1m', symbol: 'BTCUSDT', timestamp: T0, column: 'open_interest', stored: '1', incoming: '2' },
    ]);
  });

  it('refuses a value that DECIMAL(38,18) cannot hold exactly before writing anything', async () => {
    const rows = [row1m('BTCUSDT', T0, '1'), row1m('BTCUSDT', T0 + MINUTE, '0.0000000000000000001')];
    const error = await sink.writeRows('1m', rows).catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'SINK_VALUE_INVALID')).toBe(true);
    expect(await sink.readRows('1m', 'BTCUSDT', { startMs: 0, endMs: T0 * 2 })).toEqual([]);
  });

  it('lists symbols and reads rows in pages', async () => {
    await sink.writeRows('1m', [
      row1m('ETHUSDT', T0, '1'),
      row1m('BTCUSDT', T0, '2'),
      row1m('BTCUSDT', T0 + MINUTE, '3'),
      row1m('BTCUSDT', T0 + 2 * MINUTE, '4'),
    ]);
    expect(await sink.listSymbols('1m')).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(await sink.listSymbols('5m')).toEqual([]);
    const page = await sink.readRows('1m', 'BTCUSDT', { startMs: T0 + 1, endMs: T0 * 2 }, { limit: 1 });
    expect(page.map((row) => row.openInterest)).toEqual(['3']);
  });

  it('opens an existing sink again without touching its rows, and refuses a table of another shape', async () => {
    await sink.writeRows('1m', [row1m('BTCUSDT', T0, '1')]);
    const again = await openSink(database.url);
    expect(await again.readRows('1m', 'BTCUSDT', { startMs: T0, endMs: T0 + 1 })).toHaveLength(1);
    await again.close();
    await database.query(`ALTER TABLE ${SINK_TABLES['5m']} DROP COLUMN source`);
    const error = await openSink(database.url).catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'SINK_SCHEMA_MISMATCH')).toBe(true);
    expect(String(error)).toContain('open_interest_5m column source is missing');
  });
});
