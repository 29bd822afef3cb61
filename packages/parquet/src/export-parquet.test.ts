import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrorCode } from '@oi/errors';
import { openStore } from '@oi/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportParquet } from './export-parquet.ts';
import { DAY_MS, FIXTURE_T0, makeTempDir, writeFixtureStore } from './test-support/fixture-store.ts';
import {
  type ComparableRow,
  csvExportRows,
  readWithDuckDb,
  readWithHyparquet,
} from './test-support/read-back.ts';

const SYMBOLS = ['ETHUSDT', 'SOLUSDT', 'BTCUSDT'];
// Cuts into the first and the last day of the fixture.
const RANGE = { startMs: FIXTURE_T0 + 333 * 60_000, endMs: FIXTURE_T0 + 2 * DAY_MS + 77 * 300_000 };

let dataDir: string;
let outDir: string;
const removers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const data = await makeTempDir();
  const out = await makeTempDir();
  removers.push(data.remove, out.remove);
  dataDir = data.dir;
  outDir = out.dir;
  await writeFixtureStore(dataDir);
});
afterAll(async () => {
  for (const remove of removers) await remove();
});

function byDatasetOrder(rows: ComparableRow[]): ComparableRow[] {
  return [...rows].sort((a, b) =>
    `${a['symbol']} ${a['timestamp_ms']?.padStart(16, '0')}`.localeCompare(
      `${b['symbol']} ${b['timestamp_ms']?.padStart(16, '0')}`,
    ),
  );
}

describe('exportParquet to one file', () => {
  it('writes every row of the CSV export, exact, ZSTD, typed, in row groups', async () => {
    const out = join(outDir, 'one-minute.parquet');
    const progress: number[] = [];
    const result = await exportParquet({
      dataDir,
      symbols: SYMBOLS,
      series: '1m',
      range: RANGE,
      out,
      rowGroupRows: 1000,
      onProgress: (rows) => progress.push(rows),
    });
    const expected = await csvExportRows(dataDir, SYMBOLS, '1m', RANGE);
    // BTCUSDT and ETHUSDT: 1107 + 1440 rows each; SOLUSDT's legacy file: 2 distinct rows.
    expect(expected).toHaveLength(5096);
    const { metadata, rows } = await readWithHyparquet(out);
    expect(rows).toEqual(expected);
    expect(rows.some((row) => row['mark_price'] === null && row['exchange_time'] === null)).toBe(true);
    expect(result.rows).toBe(expected.length);
    expect(result.files).toEqual([
      {
        path: out,
        partition: undefined,
        rows: expected.length,
        rowGroups: Math.ceil(expected.length / 1000),
        bytes: (await stat(out)).size,
      },
    ]);
    expect(progress.at(-1)).toBe(expected.length);
    expect(result.dayFiles).toBe(progress.length);

    expect(metadata.row_groups.map((group) => Number(group.num_rows))).toEqual([
      ...Array.from({ length: Math.floor(expected.length / 1000) }, () => 1000),
      expected.length % 1000,
    ]);
    const codecs = new Set(
      metadata.row_groups.flatMap((group) => group.columns.map((column) => column.meta_data?.codec)),
    );
    expect(codecs).toEqual(new Set(['ZSTD']));
    const schema = Object.fromEntries(metadata.schema.slice(1).map((element) => [element.name, element]));
    expect(Object.keys(schema)).toEqual([
      'symbol',
      'timestamp',
      'timestamp_ms',
      'open_interest',
      'open_interest_value',
      'mark_price',
      'exchange_time',
    ]);
    expect(schema['timestamp']).toMatchObject({
      type: 'INT64',
      repetition_type: 'REQUIRED',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    });
    expect(schema['open_interest_value']).toMatchObject({
      type: 'FIXED_LEN_BYTE_ARRAY',
      type_length: 16,
      repetition_type: 'OPTIONAL',
      logical_type: { type: 'DECIMAL', precision: 38, scale: 18 },
    });
    expect(schema['symbol']).toMatchObject({ type: 'BYTE_ARRAY', logical_type: { type: 'STRING' } });
    expect(schema['exchange_time']).toMatchObject({ type: 'INT64', repetition_type: 'OPTIONAL' });
  });

  it('writes Snappy when asked, with the 5m columns, sources and NULLs', async () => {
    const out = join(outDir, 'five-minute.parquet');
    await exportParquet({
      dataDir,
      symbols: SYMBOLS,
      series: '5m',
      range: RANGE,
      out,
      compression: 'snappy',
    });
    const expected = await csvExportRows(dataDir, SYMBOLS, '5m', RANGE);
    expect(expected).toHaveLength(2 * (221 + 288 + 77) + 2);
    const { metadata, rows } = await readWithHyparquet(out);
    expect(rows).toEqual(expected);
    expect(new Set(rows.map((row) => row['source']))).toEqual(new Set(['api', 'archive', null]));
    expect(rows.some((row) => row['cmc_circulating_supply'] !== null)).toBe(true);
    expect(metadata.row_groups).toHaveLength(1);
    expect(metadata.row_groups[0]?.columns.map((column) => column.meta_data?.codec)).toEqual(
      Array(7).fill('SNAPPY'),
    );
    expect(metadata.schema.slice(1).map((element) => element.name)).toEqual([
      'symbol',
      'timestamp',
      'timestamp_ms',
      'open_interest',
      'open_interest_value',
      'cmc_circulating_supply',
      'source',
    ]);
  });

  it('reads the same in DuckDB, with DuckDB types for every column', async () => {
    const out = join(outDir, 'duckdb.parquet');
    await exportParquet({ dataDir, series: '1m', out, rowGroupRows: 4096 });
    const { types, rows } = await readWithDuckDb(out, 'symbol, timestamp_ms');
    const expected = await csvExportRows(dataDir, ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'], '1m', {
      startMs: 0,
      endMs: FIXTURE_T0 + 9 * DAY_MS,
    });
    expect(rows).toEqual(byDatasetOrder(expected));
    expect(types).toEqual({
      symbol: 'VARCHAR',
      timestamp: 'TIMESTAMP WITH TIME ZONE',
      timestamp_ms: 'BIGINT',
      open_interest: 'DECIMAL(38,18)',
      open_interest_value: 'DECIMAL(38,18)',
      mark_price: 'DECIMAL(38,18)',
      exchange_time: 'BIGINT',
    });
  });

  it('writes a valid file without row groups for an empty range, and replaces an existing file', async () => {
    const out = join(outDir, 'empty.parquet');
    await writeFile(out, 'old');
    const result = await exportParquet({
      dataDir,
      series: '5m',
      range: { startMs: FIXTURE_T0 + 30 * DAY_MS, endMs: FIXTURE_T0 + 31 * DAY_MS },
      out,
    });
    expect(result).toMatchObject({ rows: 0, dayFiles: 0, files: [{ path: out, rows: 0, rowGroups: 0 }] });
    const { metadata, rows } = await readWithHyparquet(out);
    expect(rows).toEqual([]);
    expect(metadata.schema).toHaveLength(8);
    expect((await readWithDuckDb(out, 'timestamp')).rows).toEqual([]);
  });
});

describe('exportParquet to a hive-partitioned dataset', () => {
  it('writes symbol=<SYMBOL>/part-0.parquet without a symbol column, read as one dataset', async () => {
    const out = join(outDir, 'by-symbol');
    const result = await exportParquet({
      dataDir,
      symbols: SYMBOLS,
      series: '1m',
      range: RANGE,
      out,
      partitionBy: 'symbol',
    });
    expect((await readdir(out)).sort()).toEqual(['symbol=BTCUSDT', 'symbol=ETHUSDT', 'symbol=SOLUSDT']);
    expect(result.files.map((file) => file.partition)).toEqual([
      'symbol=ETHUSDT',
      'symbol=SOLUSDT',
      'symbol=BTCUSDT',
    ]);
    expect(result.files[0]?.path).toBe(join(out, 'symbol=ETHUSDT', 'part-0.parquet'));
    const inFile = await readWithHyparquet(join(out, 'symbol=SOLUSDT', 'part-0.parquet'));
    expect(inFile.metadata.schema.map((element) => element.name)).not.toContain('symbol');

    const { types, rows } = await readWithDuckDb(join(out, '**', '*.parquet'), 'symbol, timestamp_ms');
    expect(types['symbol']).toBe('VARCHAR');
    expect(rows).toEqual(byDatasetOrder(await csvExportRows(dataDir, SYMBOLS, '1m', RANGE)));
  });

  it('writes day=<YYYY-MM-DD>/part-0.parquet, each day holding every symbol, read as one dataset', async () => {
    const out = join(outDir, 'by-day');
    const result = await exportParquet({
      dataDir,
      symbols: SYMBOLS,
      series: '5m',
      range: RANGE,
      out,
      partitionBy: 'day',
      compression: 'snappy',
    });
    expect(result.files.map((file) => file.partition)).toEqual([
      'day=2026-11-20',
      'day=2026-11-21',
      'day=2026-11-22',
    ]);
    const { types, rows } = await readWithDuckDb(join(out, '**', '*.parquet'), 'symbol, timestamp_ms');
    expect(types['day']).toBe('DATE');
    for (const row of rows) {
      expect(row['day']).toBe(new Date(Number(row['timestamp_ms'])).toISOString().slice(0, 10));
      delete row['day'];
    }
    expect(rows).toEqual(byDatasetOrder(await csvExportRows(dataDir, SYMBOLS, '5m', RANGE)));
    const day = await readWithHyparquet(join(out, 'day=2026-11-21', 'part-0.parquet'));
    expect(new Set(day.rows.map((row) => row['symbol']))).toEqual(new Set(SYMBOLS));
  });

  it('writes columns that are NULL in every row (an empty dictionary) readably', async () => {
    const out = join(outDir, 'legacy-only');
    await exportParquet({ dataDir, symbols: ['SOLUSDT'], series: '5m', out, partitionBy: 'symbol' });
    const expected = await csvExportRows(dataDir, ['SOLUSDT'], '5m', {
      startMs: 0,
      endMs: FIXTURE_T0 + 9 * DAY_MS,
    });
    expect(
      expected.map((row) => [row['source'], row['cmc_circulating_supply'], row['open_interest_value']]),
    ).toEqual([
      [null, null, null],
      [null, null, '3050000000000000000000'],
    ]);
    const { rows } = await readWithDuckDb(join(out, '**', '*.parquet'), 'timestamp_ms');
    expect(rows).toEqual(expected);
    const inFile = await readWithHyparquet(join(out, 'symbol=SOLUSDT', 'part-0.parquet'));
    expect(inFile.rows).toEqual(expected.map(({ symbol: _symbol, ...rest }) => rest));
  });

  it('leaves an empty folder when no row is in the range', async () => {
    const out = join(outDir, 'empty-dataset');
    const range = { startMs: FIXTURE_T0 - DAY_MS, endMs: FIXTURE_T0 };
    const result = await exportParquet({ dataDir, series: '1m', range, out, partitionBy: 'day' });
    expect(result).toEqual({ rows: 0, dayFiles: 0, files: [] });
    expect(await readdir(out)).toEqual([]);
  });
});

describe('exportParquet failures', () => {
  async function leftovers(): Promise<string[]> {
    return (await readdir(outDir)).filter((name) => name.includes('.tmp-'));
  }

  it('removes the partial output when aborted between day files', async () => {
    for (const partitionBy of [undefined, 'symbol', 'day'] as const) {
      const out = join(outDir, `aborted-${partitionBy ?? 'file'}`);
      const controller = new AbortController();
      const exporting = exportParquet({
        dataDir,
        series: '1m',
        out,
        rowGroupRows: 500,
        signal: controller.signal,
        ...(partitionBy === undefined ? {} : { partitionBy }),
        onProgress: () => controller.abort(new Error('stop')),
      });
      await expect(exporting).rejects.toThrow('stop');
      await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    }
    expect(await leftovers()).toEqual([]);
  });

  it('refuses a value DECIMAL(38, 18) cannot hold and leaves nothing behind', async () => {
    const data = await makeTempDir();
    removers.push(data.remove);
    const store = await openStore({ dataDir: data.dir });
    try {
      await store.merge('BTCUSDT', '1m', [
        { slotMs: FIXTURE_T0, openInterest: '1.5', openInterestValue: '' },
        { slotMs: FIXTURE_T0 + 60_000, openInterest: '0.0000000000000000001', openInterestValue: '' },
      ]);
    } finally {
      await store.close();
    }
    const out = join(outDir, 'too-fine.parquet');
    const error = await exportParquet({ dataDir: data.dir, series: '1m', out }).catch(
      (caught: unknown) => caught,
    );
    expect(hasErrorCode(error, 'VALUE_NOT_REPRESENTABLE')).toBe(true);
    expect(error).toMatchObject({ symbol: 'BTCUSDT', slotMs: FIXTURE_T0 + 60_000, column: 'open_interest' });
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await leftovers()).toEqual([]);
  });

  it.each([
    [{ rowGroupRows: 0 }, 'INVALID_EXPORT_OPTIONS'],
    [{ rowGroupRows: 1.5 }, 'INVALID_EXPORT_OPTIONS'],
    [{ compression: 'gzip' }, 'INVALID_EXPORT_OPTIONS'],
    [{ partitionBy: 'month' }, 'INVALID_EXPORT_OPTIONS'],
    [{ out: '' }, 'INVALID_EXPORT_OPTIONS'],
    [{ series: '15m' }, 'INVALID_SERIES'],
    [{ symbols: ['btc/../x'] }, 'INVALID_SYMBOL'],
    [{ range: { startMs: 2, endMs: 1 } }, 'INVALID_TIME_RANGE'],
  ])('refuses %j with %s before writing anything', async (override, code) => {
    const out = join(outDir, 'refused.parquet');
    const options = { dataDir, series: '1m', out, ...override } as Parameters<typeof exportParquet>[0];
    const error = await exportParquet(options).catch((caught: unknown) => caught);
    expect(hasErrorCode(error, code)).toBe(true);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a folder that is not empty for a dataset, and a folder for a file', async () => {
    const taken = join(outDir, 'taken');
    await exportParquet({ dataDir, series: '5m', out: taken, partitionBy: 'symbol' });
    const again = await exportParquet({ dataDir, series: '5m', out: taken, partitionBy: 'symbol' }).catch(
      (e: unknown) => e,
    );
    expect(hasErrorCode(again, 'OUTPUT_EXISTS')).toBe(true);
    const asFile = await exportParquet({ dataDir, series: '5m', out: taken }).catch((e: unknown) => e);
    expect(hasErrorCode(asFile, 'OUTPUT_EXISTS')).toBe(true);
    expect(await leftovers()).toEqual([]);
  });
});
