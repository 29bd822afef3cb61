import type { Series } from '@oi/storage';
import { type SinkColumn, sinkColumns } from '../schema/sink-columns.ts';
import { sameDecimal, shortDecimal, toFixedDecimal } from './sink-decimal.ts';
import type { SinkRecord } from './sink-record.ts';

/** One column whose value differs between two records of the same row; null is NULL. */
export interface ColumnDifference {
  /** The sink column, e.g. `open_interest`. */
  readonly column: string;
  /** Value in the first record, decimals in their shortest spelling. */
  readonly left: string | null;
  /** Value in the second record, decimals in their shortest spelling. */
  readonly right: string | null;
}

function sameValue(kind: string, a: string | null, b: string | null): boolean {
  if (a === b) return true;
  return a !== null && b !== null && kind === 'decimal' && sameDecimal(a, b);
}

/** True when both records hold the same values, decimals compared numerically. */
export function sameValues(series: Series, left: SinkRecord, right: SinkRecord): boolean {
  const columns = sinkColumns(series);
  for (let index = 0; index < columns.length; index++) {
    const a = left.values[index] ?? null;
    const b = right.values[index] ?? null;
    if (!sameValue((columns[index] as SinkColumn).kind, a, b)) return false;
  }
  return true;
}

/** Every value column where `left` and `right` differ (decimals numerically), NULL against a value included. */
export function diffRecords(series: Series, left: SinkRecord, right: SinkRecord): ColumnDifference[] {
  const differences: ColumnDifference[] = [];
  const columns = sinkColumns(series);
  columns.forEach((column, index) => {
    const a = left.values[index] ?? null;
    const b = right.values[index] ?? null;
    if (sameValue(column.kind, a, b)) return;
    const show = (value: string | null) =>
      value !== null && column.kind === 'decimal' ? shortDecimal(toFixedDecimal(value) ?? value) : value;
    differences.push({ column: column.name, left: show(a), right: show(b) });
  });
  return differences;
}
