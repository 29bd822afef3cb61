import { PassThrough } from 'node:stream';
import { zstdDecompressSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { exportRange, type Series, type TimeRange } from '@oi/storage';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';

/**
 * A row as every reader here reports it: column name to text, decimals as their unscaled integer
 * at scale 18 (so `1.5` and `1.500000000000000000` agree exactly), timestamps as epoch ms, NULL as
 * null.
 */
export type ComparableRow = Record<string, string | null>;

const SCALE = 18;

/** The unscaled integer at scale 18 of a decimal text, computed with BigInt from the text alone. */
export function unscaledOf(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (match === null) throw new Error(`not a decimal: ${text}`);
  const digits = BigInt(`${match[2]}${match[3] ?? ''}`);
  const shift = SCALE - (match[3]?.length ?? 0) + Number(match[4] ?? 0);
  const unscaled = shift >= 0 ? digits * 10n ** BigInt(shift) : digits / 10n ** BigInt(-shift);
  return String(match[1] === '-' ? -unscaled : unscaled);
}

// The CSV export's columns and the Parquet columns they become.
const CSV_TO_PARQUET: Readonly<Record<string, { name: string; decimal: boolean }>> = {
  symbol: { name: 'symbol', decimal: false },
  timestamp: { name: 'timestamp_ms', decimal: false },
  openInterest: { name: 'open_interest', decimal: true },
  sumOpenInterestValue: { name: 'open_interest_value', decimal: true },
  markPrice: { name: 'mark_price', decimal: true },
  exchangeTime: { name: 'exchange_time', decimal: false },
  CMCCirculatingSupply: { name: 'cmc_circulating_supply', decimal: true },
  source: { name: 'source', decimal: false },
  contractSize: { name: 'contract_size', decimal: false },
  valueAsset: { name: 'value_asset', decimal: false },
};

/** The rows of the CSV export (storage's exportRange) of a range, in its order. */
export async function csvExportRows(
  dataDir: string,
  symbols: readonly string[],
  series: Series,
  range: TimeRange,
): Promise<ComparableRow[]> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportRange({ dataDir, symbols, series, range, format: 'csv', output });
  const [header, ...lines] = Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
  const columns = (header ?? '').split(',');
  return lines
    .filter((line) => line !== '')
    .map((line) => {
      const fields = line.split(',');
      const row: ComparableRow = {};
      columns.forEach((column, index) => {
        const target = CSV_TO_PARQUET[column];
        if (target === undefined) return;
        const text = fields[index] ?? '';
        row[target.name] = text === '' ? null : target.decimal ? unscaledOf(text) : text;
      });
      row['timestamp'] = row['timestamp_ms'] ?? null;
      return row;
    });
}

function bytesToUnscaled(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return String(BigInt.asIntN(bytes.length * 8, value));
}

/** Parquet metadata as hyparquet reads it. */
export type HyparquetMetadata = Awaited<ReturnType<typeof parquetMetadataAsync>>;

/**
 * Reads a Parquet file with hyparquet, a reader that shares no code with the writer's encoding.
 * Decimal columns are read as their raw bytes (hyparquet would turn them into floats) by reading
 * with a copy of the schema whose DECIMAL annotations are removed.
 */
export async function readWithHyparquet(
  path: string,
): Promise<{ metadata: HyparquetMetadata; rows: ComparableRow[] }> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const decimals = new Set(
    metadata.schema.filter((element) => element.converted_type === 'DECIMAL').map((e) => e.name),
  );
  const rawSchema = metadata.schema.map((element) => {
    if (!decimals.has(element.name)) return element;
    const { converted_type: _converted, logical_type: _logical, ...rest } = element;
    return rest;
  });
  const objects = await parquetReadObjects({
    file,
    metadata: { ...metadata, schema: rawSchema },
    compressors: { ZSTD: (input: Uint8Array) => new Uint8Array(zstdDecompressSync(input)) },
    parsers: { timestampFromMilliseconds: (millis: bigint) => millis },
  });
  const rows = objects.map((object) => {
    const row: ComparableRow = {};
    for (const [name, value] of Object.entries(object)) {
      if (value === null || value === undefined) row[name] = null;
      else if (decimals.has(name)) row[name] = bytesToUnscaled(value as Uint8Array);
      else row[name] = String(value);
    }
    return row;
  });
  return { metadata, rows };
}

/**
 * Reads Parquet files with DuckDB (`read_parquet`, hive partitioning on): the column types DuckDB
 * sees, and every row with DECIMAL as unscaled text and timestamps with time zone as epoch ms.
 */
export async function readWithDuckDb(
  glob: string,
  orderBy: string,
): Promise<{ types: Record<string, string>; rows: ComparableRow[] }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    const source = `read_parquet('${glob.replaceAll("'", "''")}', hive_partitioning = true)`;
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjectsJS();
    const types: Record<string, string> = {};
    for (const entry of described) types[String(entry['column_name'])] = String(entry['column_type']);
    const selects = Object.entries(types).map(([name, type]) => {
      const quoted = `"${name}"`;
      if (type.startsWith('TIMESTAMP')) return `CAST(epoch_ms(${quoted}) AS VARCHAR) AS ${quoted}`;
      return `CAST(${quoted} AS VARCHAR) AS ${quoted}`;
    });
    const result = await connection.runAndReadAll(
      `SELECT ${selects.join(', ')} FROM ${source} ORDER BY ${orderBy}`,
    );
    const rows = result.getRowObjectsJS().map((object) => {
      const row: ComparableRow = {};
      for (const [name, value] of Object.entries(object)) {
        if (value === null) row[name] = null;
        else if (types[name]?.startsWith('DECIMAL')) row[name] = unscaledOf(String(value));
        else row[name] = String(value);
      }
      return row;
    });
    return { types, rows };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
