import { type OiPoint, SERIES_SLOT_MS, type Series, seriesColumnsOf } from '@oi/storage';
import { SinkValueError } from '../errors/sink-error.ts';
import { type SinkColumn, sinkColumns } from '../schema/sink-columns.ts';
import { isSinkSymbol } from './sink-arguments.ts';
import { shortDecimal, storableDecimal, toFixedDecimal } from './sink-decimal.ts';

/** One row of a series for a sink: a stored point and its symbol; '' stands for an unknown value (NULL). */
export interface SinkRow extends OiPoint {
  readonly symbol: string;
}

/**
 * A row ready for the database: the value columns of sinkColumns(series) in order, NULL as null.
 * Decimals are plain spellings that DECIMAL(38,18) holds exactly (storableDecimal), as the file
 * had them or, read back, as the database prints them: compare them with sameDecimal.
 */
export interface SinkRecord {
  readonly symbol: string;
  readonly slotMs: number;
  readonly values: readonly (string | null)[];
}

const BIGINT_PATTERN = /^(0|[1-9]\d{0,17})$/;
// Printable ASCII without the backslash: nothing a bulk load would need to escape.
const TEXT_PATTERN = /^[\x20-\x5b\x5d-\x7e]{1,32}$/;

function csvValue(row: SinkRow, csvName: string): string {
  if (csvName === 'openInterest') return row.openInterest;
  if (csvName === 'sumOpenInterestValue') return row.openInterestValue;
  return row.extra?.[csvName] ?? '';
}

/**
 * The value of a day-file cell for `column` as the database takes it: null for an empty cell of a
 * nullable column, a storable decimal, a BIGINT's digits or short ASCII text. Throws SinkValueError
 * (naming `symbol` and `slotMs`) when the value cannot be stored exactly.
 */
export function sinkValue(column: SinkColumn, text: unknown, symbol: string, slotMs: number): string | null {
  const fail = (problem: string): never => {
    throw new SinkValueError(String(symbol), slotMs, column.name, problem);
  };
  if (typeof text !== 'string') return fail('not a string');
  if (text === '') return column.nullable ? null : fail('no value');
  if (column.kind === 'decimal') {
    return storableDecimal(text) ?? fail(`${JSON.stringify(text)} is not a decimal that fits DECIMAL(38,18)`);
  }
  if (column.kind === 'bigint') {
    return BIGINT_PATTERN.test(text) ? text : fail(`${JSON.stringify(text)} is not a BIGINT epoch ms`);
  }
  return TEXT_PATTERN.test(text)
    ? text
    : fail(`${JSON.stringify(text)} is not 1..32 printable ASCII characters`);
}

/** Throws SinkValueError unless `symbol` is a sink symbol and `slotMs` a slot of the series' grid. */
export function checkRecordKey(series: Series, symbol: string, slotMs: number): void {
  if (!isSinkSymbol(symbol)) {
    throw new SinkValueError(String(symbol), slotMs, 'symbol', 'expected ^[A-Z0-9_]{2,32}$');
  }
  if (!Number.isSafeInteger(slotMs) || slotMs < 0 || slotMs % SERIES_SLOT_MS[series] !== 0) {
    throw new SinkValueError(symbol, slotMs, 'timestamp', `not a slot of the ${series} grid`);
  }
}

/** The record of `row`; throws SinkValueError when a value cannot be stored exactly. */
export function toSinkRecord(series: Series, row: SinkRow): SinkRecord {
  checkRecordKey(series, row.symbol, row.slotMs);
  return {
    symbol: row.symbol,
    slotMs: row.slotMs,
    values: sinkColumns(series).map((column) =>
      sinkValue(column, csvValue(row, column.csvName), row.symbol, row.slotMs),
    ),
  };
}

function storedValue(value: unknown, column: SinkColumn): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value);
  return column.kind === 'decimal' ? (toFixedDecimal(text) ?? text) : text;
}

/** The record of a row read back as `[symbol, timestamp, ...values]`, whatever scale the database printed. */
export function storedSinkRecord(series: Series, cells: readonly unknown[]): SinkRecord {
  const columns = sinkColumns(series);
  return {
    symbol: String(cells[0]),
    slotMs: Number(cells[1]),
    values: columns.map((column, index) => storedValue(cells[index + 2], column)),
  };
}

/**
 * The SinkRow of a record read back: decimals in their shortest spelling, NULL as ''. A column the
 * symbol's day files do not have (a COIN-M unit of a USDⓈ-M row) is left out of `extra` when NULL,
 * so the row is a point its store would take.
 */
export function recordToRow(series: Series, record: SinkRecord): SinkRow {
  let openInterest = '';
  let openInterestValue = '';
  const extra: Record<string, string> = {};
  const fileColumns = seriesColumnsOf(record.symbol, series);
  sinkColumns(series).forEach((column, index) => {
    const value = record.values[index] ?? null;
    if (value === null && !fileColumns.includes(column.csvName)) return;
    const text =
      value === null ? '' : column.kind === 'decimal' ? shortDecimal(toFixedDecimal(value) ?? value) : value;
    if (column.csvName === 'openInterest') openInterest = text;
    else if (column.csvName === 'sumOpenInterestValue') openInterestValue = text;
    else extra[column.csvName] = text;
  });
  return { symbol: record.symbol, slotMs: record.slotMs, openInterest, openInterestValue, extra };
}
