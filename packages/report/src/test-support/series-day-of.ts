import { parseDecimal } from '../model/parse-decimal.ts';
import type { SeriesDay, ValueField } from '../model/series-day.ts';

/** One row as a test writes it: the stored decimals as strings. */
export interface TestRow {
  readonly slotMs: number;
  readonly openInterest: string;
  /** '' when unknown. */
  readonly openInterestValue: string;
  readonly source: string;
}

const numberOf = (text: string): number => {
  const bytes = new TextEncoder().encode(text);
  return parseDecimal(bytes, 0, bytes.length);
};

/** Rows as the report's reader hands them to the accumulator. */
export function seriesDayOf(rows: readonly TestRow[]): SeriesDay {
  return {
    rows: rows.length,
    slotsMs: rows.map((row) => row.slotMs),
    openInterest: rows.map((row) => numberOf(row.openInterest)),
    openInterestValue: rows.map((row) => numberOf(row.openInterestValue)),
    sources: rows.map((row) => row.source),
    text: (field: ValueField, index: number) => rows[index]?.[field] ?? '',
  };
}
