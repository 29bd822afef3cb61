import type { OiPoint } from '../model/oi-point.ts';
import { type Series, seriesExtraColumnsOf } from '../model/series.ts';

/** A valid row of a day file: core values plus every other column of the file by header name. */
export interface DayRow {
  readonly slotMs: number;
  readonly openInterest: string;
  readonly openInterestValue: string;
  readonly extra: Readonly<Record<string, string>>;
}

/** The public point shape of a row of `symbol`: core values plus its series' own extra columns ('' when absent). */
export function rowToPoint(symbol: string, series: Series, row: DayRow): OiPoint {
  const extra: Record<string, string> = {};
  for (const column of seriesExtraColumnsOf(symbol, series)) extra[column] = row.extra[column] ?? '';
  return {
    slotMs: row.slotMs,
    openInterest: row.openInterest,
    openInterestValue: row.openInterestValue,
    extra,
  };
}
