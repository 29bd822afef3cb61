import { ALL_SERIES, type Series, type TimeRange } from '@oi/storage';
import { InvalidSinkArgumentError } from '../errors/sink-error.ts';

const SYMBOL_PATTERN = /^[A-Z0-9_]{2,32}$/;

/** True when `symbol` is a symbol as day files name them (`^[A-Z0-9_]{2,32}$`). */
export function isSinkSymbol(symbol: unknown): symbol is string {
  return typeof symbol === 'string' && SYMBOL_PATTERN.test(symbol);
}

/** Returns `series` when it names a series, otherwise throws InvalidSinkArgumentError. */
export function assertSinkSeries(series: string): Series {
  const found = ALL_SERIES.find((known) => known === series);
  if (found === undefined) {
    throw new InvalidSinkArgumentError(
      `unknown series ${JSON.stringify(series)}: expected ${ALL_SERIES.join(' or ')}`,
    );
  }
  return found;
}

/** Returns `symbol` when it is a symbol, otherwise throws InvalidSinkArgumentError. */
export function assertSinkSymbol(symbol: string): string {
  if (!isSinkSymbol(symbol)) {
    throw new InvalidSinkArgumentError(
      `invalid symbol ${JSON.stringify(symbol)}: expected ^[A-Z0-9_]{2,32}$`,
    );
  }
  return symbol;
}

/** Returns `range` when both ends are non-negative safe integers and `startMs <= endMs`. */
export function assertSinkRange(range: TimeRange): TimeRange {
  const valid =
    typeof range === 'object' &&
    range !== null &&
    Number.isSafeInteger(range.startMs) &&
    Number.isSafeInteger(range.endMs) &&
    range.startMs >= 0 &&
    range.startMs <= range.endMs;
  if (!valid) {
    throw new InvalidSinkArgumentError(
      `invalid time range ${JSON.stringify(range)}: expected epoch ms with 0 <= startMs <= endMs`,
    );
  }
  return range;
}
