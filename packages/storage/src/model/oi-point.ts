import { isDecimalString } from './decimal.ts';
import { InvalidPointError } from './errors.ts';
import { SERIES_SLOT_MS, type Series, seriesExtraColumnsOf } from './series.ts';

/** One open-interest value for one slot; decimals are the exact strings the exchange sent. */
export interface OiPoint {
  /** Start of the grid slot, epoch ms (multiple of the series' slot length). */
  readonly slotMs: number;
  /** Open interest in base units (COIN-M: contracts), a decimal string. */
  readonly openInterest: string;
  /** Open interest value in quote units (COIN-M: the base coin), a decimal string; '' when unknown. */
  readonly openInterestValue: string;
  /**
   * Series columns beyond the first four, by header name ('' when unknown): 1m markPrice, exchangeTime;
   * 5m CMCCirculatingSupply, source; a COIN-M symbol's points also contractSize, valueAsset.
   */
  readonly extra?: Readonly<Record<string, string>>;
}

const INTEGER_PATTERN = /^(0|[1-9]\d{0,15})$/;
const SOURCE_PATTERN = /^[A-Za-z0-9_.:-]{0,32}$/;

/** True when `text` is a non-negative integer without leading zeros (timestamps, exchange times). */
export function isIntegerString(text: string): boolean {
  return INTEGER_PATTERN.test(text);
}

// What each known extra column may hold besides ''. Values must never need CSV quoting.
const EXTRA_VALUE_CHECKS: Readonly<Record<string, (value: string) => boolean>> = {
  markPrice: isDecimalString,
  exchangeTime: isIntegerString,
  CMCCirculatingSupply: isDecimalString,
  source: (value) => SOURCE_PATTERN.test(value),
  contractSize: isDecimalString,
  // An asset name such as BTC: the source rule keeps it free of anything that needs CSV quoting.
  valueAsset: (value) => SOURCE_PATTERN.test(value),
};

/** Why `value` is not acceptable in the known extra column `column`, or undefined when it is. */
export function checkExtraValue(column: string, value: string): string | undefined {
  if (typeof value !== 'string') return `${column} is not a string`;
  if (value === '') return undefined;
  const check = EXTRA_VALUE_CHECKS[column];
  if (check === undefined || check(value)) return undefined;
  return `${column} ${JSON.stringify(value)} is not a valid value`;
}

/** Why `point` cannot be stored in `series` of a symbol whose extra columns are `allowed`, or undefined when it can. */
function checkPoint(series: Series, allowed: readonly string[], point: OiPoint): string | undefined {
  if (typeof point !== 'object' || point === null) return 'not a point object';
  const slotMs = SERIES_SLOT_MS[series];
  if (!Number.isSafeInteger(point.slotMs) || point.slotMs < 0) return 'slotMs is not a non-negative integer';
  if (point.slotMs % slotMs !== 0) return `slotMs is off the ${series} grid (not a multiple of ${slotMs})`;
  if (!isDecimalString(point.openInterest)) {
    return `openInterest ${JSON.stringify(point.openInterest)} is not a decimal string`;
  }
  if (point.openInterestValue !== '' && !isDecimalString(point.openInterestValue)) {
    return `openInterestValue ${JSON.stringify(point.openInterestValue)} is not a decimal string or ''`;
  }
  if (point.extra !== undefined) {
    if (typeof point.extra !== 'object' || point.extra === null) return 'extra is not an object';
    for (const [column, value] of Object.entries(point.extra)) {
      if (!allowed.includes(column))
        return `extra column ${JSON.stringify(column)} is not a ${series} column`;
      const problem = checkExtraValue(column, value);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/** Throws InvalidPointError naming the first point of `points` that cannot be stored. */
export function assertPoints(symbol: string, series: Series, points: readonly OiPoint[]): void {
  if (!Array.isArray(points))
    throw new InvalidPointError(symbol, series, undefined, 'points is not an array');
  const allowed = seriesExtraColumnsOf(symbol, series);
  for (const point of points) {
    const problem = checkPoint(series, allowed, point);
    if (problem !== undefined) throw new InvalidPointError(symbol, series, point?.slotMs, problem);
  }
}
