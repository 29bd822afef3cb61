import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { hasErrorCode } from '@oi/errors';
import { openStore, type Series } from '@oi/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportParquet } from './export-parquet.ts';
import {
  COIN_M_FIXTURE_SYMBOLS,
  DAY_MS,
  FIXTURE_T0,
  makeTempDir,
  writeMixedMarketFixtureStore,
} from './test-support/fixture-store.ts';
import {
  type ComparableRow,
  csvExportRows,
  readWithDuckDb,
  readWithHyparquet,
} from './test-support/read-back.ts';

// A COIN-M contract before and after a USDⓈ-M symbol, so both kinds of rows follow each other.
const SYMBOLS = [COIN_M_FIXTURE_SYMBOLS[0] as string, 'BTCUSDT', COIN_M_FIXTURE_SYMBOLS[1] as string];
const ALL_DAYS = { startMs: FIXTURE_T0, endMs: FIXTURE_T0 + DAY_MS };

let dataDir: string;
let outDir: string;
const removers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const data = await makeTempDir();
  const out = await makeTempDir();
  removers.push(data.remove, out.remove);
  dataDir = data.dir;
  outDir = out.dir;
  await writeMixedMarketFixtureStore(dataDir);
});
afterAll(async () => {
  for (const remove of removers) await remove();
});

// DuckDB's ORDER BY compares bytes ('BTCUSDT' before 'BTCUSD_PERP'), not as localeCompare does.
function byDatasetOrder(rows: ComparableRow[]): ComparableRow[] {
  const key = (row: ComparableRow): string => `${row['symbol']} ${row['timestamp_ms']?.padStart(16, '0')}`;
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The units each symbol's rows carry: `contract_size/value_asset` and how many rows have them. */
function unitsBySymbol(rows: readonly ComparableRow[]): Record<string, Record<string, number>> {
  const units: Record<string, Record<string, number>> = {};
  for (const row of rows) {
    const key = `${row['contract_size']}/${row['value_asset']}`;
    const ofSymbol = units[row['symbol'] ?? ''] ?? {};
    ofSymbol[key] = (ofSymbol[key] ?? 0) + 1;
    units[row['symbol'] ?? ''] = ofSymbol;
  }
  return units;
}

describe('exportParquet of COIN-M contracts beside USDⓈ-M symbols', () => {
  it.each(['1m', '5m'] as const)(
    'writes %s contract_size and value_asset, NULL in USDⓈ-M rows',
    async (series) => {
      const out = join(outDir, `mixed-${series}.parquet`);
      await exportParquet({ dataDir, symbols: SYMBOLS, series, out, rowGroupRows: 500 });
      const expected = await csvExportRows(dataDir, SYMBOLS, series, ALL_DAYS);
      const { metadata, rows } = await readWithHyparquet(out);
      expect(rows).toEqual(expected);
      // The CSV export's rows are the reference; their units must be there for the comparison to mean anything.
      const perDay = series === '1m' ? 1440 : 288;
      const missing = Math.ceil((perDay - 6) / 17);
      expect(unitsBySymbol(rows)).toEqual({
        BTCUSD_PERP: { '100/BTC': perDay - missing, 'null/null': missing },
        BTCUSDT: { 'null/null': perDay },
        ETHUSD_261225: { '10/ETH': perDay - missing, 'null/null': missing },
      });
      const schema = Object.fromEntries(metadata.schema.slice(1).map((element) => [element.name, element]));
      expect(Object.keys(schema).slice(-2)).toEqual(['contract_size', 'value_asset']);
      expect(schema['contract_size']).toMatchObject({ type: 'INT64', repetition_type: 'OPTIONAL' });
      expect(schema['value_asset']).toMatchObject({
        type: 'BYTE_ARRAY',
        repetition_type: 'OPTIONAL',
        logical_type: { type: 'STRING' },
      });

      const duck = await readWithDuckDb(out, 'symbol, timestamp_ms');
      expect(duck.rows).toEqual(byDatasetOrder(expected));
      expect(duck.types['contract_size']).toBe('BIGINT');
      expect(duck.types['value_asset']).toBe('VARCHAR');
    },
  );

  it('keeps the columns of before for an export of USDⓈ-M symbols alone', async () => {
    const out = join(outDir, 'usdt-only.parquet');
    await exportParquet({ dataDir, symbols: ['BTCUSDT'], series: '1m', out });
    const { metadata, rows } = await readWithHyparquet(out);
    expect(metadata.schema.map((element) => element.name)).not.toContain('contract_size');
    expect(metadata.schema.map((element) => element.name)).not.toContain('value_asset');
    expect(rows).toEqual(await csvExportRows(dataDir, ['BTCUSDT'], '1m', ALL_DAYS));
  });

  it.each([
    ['symbol', '1m'],
    ['day', '5m'],
  ] as const)(
    'gives every file of a dataset partitioned by %s the same schema',
    async (partitionBy, series: Series) => {
      const out = join(outDir, `mixed-by-${partitionBy}`);
      const result = await exportParquet({ dataDir, symbols: SYMBOLS, series, out, partitionBy });
      expect(result.files.length).toBe(partitionBy === 'symbol' ? 3 : 1);
      const schemas = new Set<string>();
      for (const file of result.files) {
        const { metadata } = await readWithHyparquet(file.path);
        schemas.add(JSON.stringify(metadata.schema));
      }
      // The USDⓈ-M symbol's file has the unit columns too (NULL in every row), or the files would not union.
      expect(schemas.size).toBe(1);
      expect([...schemas][0]).toContain('"contract_size"');
      const { rows } = await readWithDuckDb(join(out, '**', '*.parquet'), 'symbol, timestamp_ms');
      const expected = byDatasetOrder(await csvExportRows(dataDir, SYMBOLS, series, ALL_DAYS));
      expect(rows.map(({ day: _day, ...rest }) => rest)).toEqual(expected);
    },
  );

  it('lets DuckDB turn contracts into USD exactly, without a cast', async () => {
    const out = join(outDir, 'notional.parquet');
    await exportParquet({ dataDir, symbols: SYMBOLS, series: '5m', out });
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const connection = await instance.connect();
    try {
      const result = await connection.runAndReadAll(
        `SELECT typeof(open_interest * contract_size) AS type,
                CAST(open_interest * contract_size AS VARCHAR) AS usd, CAST(open_interest AS VARCHAR) AS oi
         FROM '${out}' WHERE symbol = 'BTCUSD_PERP' AND contract_size IS NOT NULL ORDER BY timestamp_ms LIMIT 1`,
      );
      const [row] = result.getRowObjectsJS();
      expect(row?.['type']).toBe('DECIMAL(38,18)');
      // 660 contracts of 100 USD each.
      expect(row?.['oi']).toBe('660.000000000000000000');
      expect(row?.['usd']).toBe('66000.000000000000000000');
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('refuses a contract size that is not a whole number, and writes nothing', async () => {
    const data = await makeTempDir();
    removers.push(data.remove);
    const store = await openStore({ dataDir: data.dir });
    try {
      await store.merge('BTCUSD_PERP', '1m', [
        { slotMs: FIXTURE_T0, openInterest: '3', openInterestValue: '', extra: { contractSize: '100.5' } },
      ]);
    } finally {
      await store.close();
    }
    const out = join(outDir, 'fractional-size.parquet');
    const error = await exportParquet({ dataDir: data.dir, series: '1m', out }).catch(
      (caught: unknown) => caught,
    );
    expect(hasErrorCode(error, 'VALUE_NOT_REPRESENTABLE')).toBe(true);
    expect(error).toMatchObject({ symbol: 'BTCUSD_PERP', column: 'contract_size', value: '100.5' });
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await readdir(outDir)).filter((name) => name.startsWith('.fractional'))).toEqual([]);
  });
});
