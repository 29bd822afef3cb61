import { COIN_M_SERIES_COLUMNS, SERIES_COLUMNS, type Series } from '@oi/storage';
import type { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { DECIMAL_BYTES, DECIMAL_PRECISION, DECIMAL_SCALE } from './decimal-128.ts';

/** The Parquet footer as hyparquet-writer takes it. */
export type FileMetaData = Parameters<typeof writeMetadata>[1];
/** One node of a Parquet schema. */
export type SchemaElement = FileMetaData['schema'][number];

/**
 * How a column's values are stored: `symbol` and `text` as dictionary-encoded UTF-8 strings,
 * `timestamp` as the slot (INT64, UTC millis), `decimal` as DECIMAL(38, 18), `integer` as INT64.
 */
export type ColumnKind = 'symbol' | 'timestamp' | 'decimal' | 'integer' | 'text';

/** One column of an exported Parquet file. */
export interface ParquetColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  /** The day file's column that feeds it, found in each file's header by name; undefined for symbol and timestamps. */
  readonly csvName: string | undefined;
  /** REQUIRED columns never hold NULL; an empty CSV value is NULL in the others. */
  readonly required: boolean;
  readonly element: SchemaElement;
}

// The day file's value columns in snake case. openInterest is present in every stored row. A COIN-M
// contract's size is whole USD (100, 10) and goes as INT64, not DECIMAL(38, 18): DuckDB refuses
// `open_interest * contract_size` between two DECIMAL(38, 18) (its scale would be 36), while
// DECIMAL(38, 18) times BIGINT stays DECIMAL(38, 18).
const VALUE_COLUMNS: Readonly<Record<string, { name: string; kind: ColumnKind; required: boolean }>> = {
  openInterest: { name: 'open_interest', kind: 'decimal', required: true },
  sumOpenInterestValue: { name: 'open_interest_value', kind: 'decimal', required: false },
  markPrice: { name: 'mark_price', kind: 'decimal', required: false },
  exchangeTime: { name: 'exchange_time', kind: 'integer', required: false },
  CMCCirculatingSupply: { name: 'cmc_circulating_supply', kind: 'decimal', required: false },
  source: { name: 'source', kind: 'text', required: false },
  contractSize: { name: 'contract_size', kind: 'integer', required: false },
  valueAsset: { name: 'value_asset', kind: 'text', required: false },
};
// timestamp and datetime_utc come first in every day file; the slot is read from storage's index.
const FIRST_VALUE_FIELD = 2;

function leafElement(name: string, kind: ColumnKind, required: boolean): SchemaElement {
  const repetition_type = required ? 'REQUIRED' : 'OPTIONAL';
  switch (kind) {
    case 'symbol':
    case 'text':
      return {
        name,
        repetition_type,
        type: 'BYTE_ARRAY',
        converted_type: 'UTF8',
        logical_type: { type: 'STRING' },
      };
    case 'timestamp':
      return {
        name,
        repetition_type,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      };
    case 'decimal':
      return {
        name,
        repetition_type,
        type: 'FIXED_LEN_BYTE_ARRAY',
        type_length: DECIMAL_BYTES,
        converted_type: 'DECIMAL',
        scale: DECIMAL_SCALE,
        precision: DECIMAL_PRECISION,
        logical_type: { type: 'DECIMAL', scale: DECIMAL_SCALE, precision: DECIMAL_PRECISION },
      };
    case 'integer':
      return { name, repetition_type, type: 'INT64' };
  }
}

function column(
  name: string,
  kind: ColumnKind,
  csvName: string | undefined,
  required: boolean,
): ParquetColumn {
  return { name, kind, csvName, required, element: leafElement(name, kind, required) };
}

/**
 * The columns of a file of `series`: symbol (left out when the dataset is partitioned by symbol, as
 * hive partitioning names it in the path), the slot as a UTC timestamp and as epoch ms, then the day
 * file's value columns in their order; with `withUnits` (an export with a COIN-M symbol), the COIN-M
 * files' `contract_size` and `value_asset` last, NULL in the rows of USDⓈ-M files.
 */
export function parquetColumns(
  series: Series,
  options: { withSymbol: boolean; withUnits: boolean },
): readonly ParquetColumn[] {
  const columns: ParquetColumn[] = [];
  if (options.withSymbol) columns.push(column('symbol', 'symbol', undefined, true));
  columns.push(column('timestamp', 'timestamp', undefined, true));
  // The same slot again as a plain INT64, for readers that want the epoch ms the CSV has.
  columns.push({
    ...column('timestamp_ms', 'timestamp', undefined, true),
    element: leafElement('timestamp_ms', 'integer', true),
  });
  const csvColumns = options.withUnits ? COIN_M_SERIES_COLUMNS[series] : SERIES_COLUMNS[series];
  for (const csvName of csvColumns.slice(FIRST_VALUE_FIELD)) {
    const value = VALUE_COLUMNS[csvName];
    if (value === undefined) throw new Error(`no parquet column for the ${series} column ${csvName}`);
    columns.push(column(value.name, value.kind, csvName, value.required));
  }
  return columns;
}

/** The Parquet schema (root, then one leaf per column) of `columns`. */
export function parquetSchema(columns: readonly ParquetColumn[]): SchemaElement[] {
  return [{ name: 'schema', num_children: columns.length }, ...columns.map((entry) => entry.element)];
}
