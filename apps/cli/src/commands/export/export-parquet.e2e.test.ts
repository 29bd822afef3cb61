import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, parseJson, useE2eWorld, yesterdayStartMs } from '../../test-support/e2e.ts';
import { shortestDecimal } from '../../test-support/sink-tables.ts';

// `oi export --format parquet` as a child process, read back with DuckDB (a reader that shares no
// code with the writer) and compared row by row with `oi export --format csv` of the same range.

const world = useE2eWorld();
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const range = ['--from', day(yesterdayStartMs() - DAY_MS), '--to', day(yesterdayStartMs())];

type Row = readonly (string | null)[];

const exportParquet = (...args: string[]) =>
  world.oi(['export', ...range, '--data-dir', 'data', '--format', 'parquet', ...args, '--json']);

const value = (text: string | null | undefined, decimal: boolean): string | null =>
  text === null || text === undefined || text === '' ? null : decimal ? shortestDecimal(text) : text;

/** The CSV export's rows as symbol, slot, the slot from datetime_utc, and the value columns. */
async function csvRows(path: string): Promise<Row[]> {
  const [header = '', ...lines] = (await readFile(path, 'utf8')).trimEnd().split('\n');
  expect(header).toBe(
    'symbol,timestamp,datetime_utc,openInterest,sumOpenInterestValue,CMCCirculatingSupply,source',
  );
  return lines.map((line) => {
    const [symbol = '', slot = '', datetime = '', oi, oiValue, supply, source] = line.split(',');
    return [
      symbol,
      slot,
      String(Date.parse(datetime)),
      value(oi, true),
      value(oiValue, true),
      value(supply, true),
      value(source, false),
    ];
  });
}

/** The Parquet rows (one file or a hive-partitioned folder) as DuckDB reads them, in the same shape. */
async function parquetRows(glob: string): Promise<Row[]> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    const text = (column: string) => `CAST(${column} AS VARCHAR)`;
    const result = await connection.runAndReadAll(
      `SELECT ${[
        'symbol',
        text('timestamp_ms'),
        text('epoch_ms("timestamp")'),
        text('open_interest'),
        text('open_interest_value'),
        text('cmc_circulating_supply'),
        'source',
      ].join(', ')} FROM read_parquet('${glob}', hive_partitioning = true) ORDER BY symbol, timestamp_ms`,
    );
    return result.getRows().map((row) => {
      const cells = row.map((cell) => (cell === null ? null : String(cell)));
      return [
        cells[0] ?? null,
        cells[1] ?? null,
        cells[2] ?? null,
        ...[3, 4, 5].map((i) => value(cells[i], true)),
        cells[6] ?? null,
      ];
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('oi export --format parquet', () => {
  let expected: Row[] = [];
  beforeAll(async () => {
    const backfill = await world.oi(['backfill', ...range, '--data-dir', 'data', '--yes']);
    expect(backfill.code, backfill.stderr).toBe(0);
    const csv = await world.oi(['export', ...range, '--data-dir', 'data', '--out', 'all.csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expected = await csvRows(join(world.cwd, 'all.csv'));
  }, 120_000);

  it('writes one file that reads back equal to the CSV export', async () => {
    const run = await exportParquet('--out', 'all.parquet');
    expect(run.code, run.stderr).toBe(0);
    expect(parseJson(run.stdout)).toMatchObject({
      rows: 1152,
      format: 'parquet',
      compression: 'zstd',
      partitionBy: null,
    });
    expect(expected).toHaveLength(1152);
    expect(await parquetRows(join(world.cwd, 'all.parquet'))).toEqual(expected);
  });

  it.each([
    ['symbol', 'zstd', ['symbol=BTCUSDT', 'symbol=ETHUSDT']],
    ['day', 'snappy', [`day=${day(yesterdayStartMs() - DAY_MS)}`, `day=${day(yesterdayStartMs())}`]],
  ])(
    'writes a dataset partitioned by %s (%s) that DuckDB reads as one, equal to the CSV export',
    async (by, compression, partitions) => {
      const out = `by-${by}`;
      const run = await exportParquet('--out', out, '--partition-by', by, '--compression', compression);
      expect(run.code, run.stderr).toBe(0);
      const result = parseJson(run.stdout) as { parquetFiles: { partition: string }[] };
      expect(result.parquetFiles.map((file) => file.partition)).toEqual(partitions);
      expect(await parquetRows(join(world.cwd, out, '**', '*.parquet'))).toEqual(expected);
    },
  );
});
