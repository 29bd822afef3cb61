import { InvalidSeriesError } from './errors.ts';
import { isCoinMSymbol } from './market.ts';

/** A stored series: live 1-minute snapshots or 5-minute history. */
export type Series = '1m' | '5m';

/** Every series, in the order files and reports list them. */
export const ALL_SERIES: readonly Series[] = ['1m', '5m'];

/** Grid step of each series in milliseconds: every slot is a multiple of it. */
export const SERIES_SLOT_MS: Readonly<Record<Series, number>> = { '1m': 60_000, '5m': 300_000 };

/** The four columns every day file starts with, also the whole header of files from the replaced tool. */
export const CORE_COLUMNS: readonly string[] = [
  'timestamp',
  'datetime_utc',
  'openInterest',
  'sumOpenInterestValue',
];

/** Full header of a day file written by this store, per series. */
export const SERIES_COLUMNS: Readonly<Record<Series, readonly string[]>> = {
  '1m': [...CORE_COLUMNS, 'markPrice', 'exchangeTime'],
  '5m': [...CORE_COLUMNS, 'CMCCirculatingSupply', 'source'],
};

/** The series' columns beyond the first four: the keys allowed in `OiPoint.extra`. */
export const SERIES_EXTRA_COLUMNS: Readonly<Record<Series, readonly string[]>> = {
  '1m': SERIES_COLUMNS['1m'].slice(CORE_COLUMNS.length),
  '5m': SERIES_COLUMNS['5m'].slice(CORE_COLUMNS.length),
};

/** Returns `series` when it names a series, otherwise throws InvalidSeriesError. */
export function assertSeries(series: string): Series {
  if (series === '1m' || series === '5m') return series;
  throw new InvalidSeriesError(series);
}

/**
 * The columns a COIN-M symbol's files add after the series columns, the units of its numbers:
 * `contractSize` (USD per contract; `openInterest` is in contracts) and `valueAsset` (the coin
 * `sumOpenInterestValue` is in).
 */
export const COIN_M_UNIT_COLUMNS: readonly string[] = ['contractSize', 'valueAsset'];

/** Full header of a COIN-M symbol's day file, per series: the series header, then the unit columns. */
export const COIN_M_SERIES_COLUMNS: Readonly<Record<Series, readonly string[]>> = {
  '1m': [...SERIES_COLUMNS['1m'], ...COIN_M_UNIT_COLUMNS],
  '5m': [...SERIES_COLUMNS['5m'], ...COIN_M_UNIT_COLUMNS],
};

const COIN_M_SERIES_EXTRA_COLUMNS: Readonly<Record<Series, readonly string[]>> = {
  '1m': COIN_M_SERIES_COLUMNS['1m'].slice(CORE_COLUMNS.length),
  '5m': COIN_M_SERIES_COLUMNS['5m'].slice(CORE_COLUMNS.length),
};

/** Full header of `symbol`'s day files of `series`: COIN-M contracts add the unit columns. */
export function seriesColumnsOf(symbol: string, series: Series): readonly string[] {
  return isCoinMSymbol(symbol) ? COIN_M_SERIES_COLUMNS[series] : SERIES_COLUMNS[series];
}

/** The columns of `symbol`'s day files of `series` beyond the first four: the keys allowed in its points' `extra`. */
export function seriesExtraColumnsOf(symbol: string, series: Series): readonly string[] {
  return isCoinMSymbol(symbol) ? COIN_M_SERIES_EXTRA_COLUMNS[series] : SERIES_EXTRA_COLUMNS[series];
}
