// The 5m series keeps one text form for its two values, whatever the source: the history API's own,
// a plain decimal with exactly eight fractional digits (`106289.69300000`). Files written from the
// API stay byte for byte what the wire said, and the archive's trimmed text (`96268.02`) is padded
// to the same bytes (`96268.02000000`). Only zeros are ever added or removed, so the value is exact;
// a value that needs a ninth significant fractional digit has no such form and is refused, never
// rounded.

/** Fractional digits of every 5m value as stored (the history API's `sumOpenInterest` form). */
export const FIVE_MINUTE_FRACTION_DIGITS = 8;

/** Why a text has no canonical 5m form. */
export type FiveMinuteDecimalProblem =
  /** Not a plain non-negative decimal (`^\d+(\.\d+)?$`): blank, sign, exponent, spaces, `.5`. */
  | 'malformed-value'
  /** A non-zero digit after the eighth fractional digit: storing it would need rounding. */
  | 'precision-exceeded';

/** The canonical text of a 5m value, or why there is none. */
export type FiveMinuteDecimal =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problem: FiveMinuteDecimalProblem };

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const MAX_LENGTH = 64;

/**
 * The canonical form of a 5m value: leading zeros of the integer part dropped (one digit kept), the
 * fraction padded or trimmed with zeros to exactly eight digits (`96268.02` -> `96268.02000000`,
 * `97000` -> `97000.00000000`, `0.123456780` -> `0.12345678`). Works on the text alone.
 */
export function canonicalFiveMinuteDecimal(text: string): FiveMinuteDecimal {
  const match = typeof text === 'string' && text.length <= MAX_LENGTH ? PLAIN_DECIMAL.exec(text) : null;
  if (match === null) return { ok: false, problem: 'malformed-value' };
  const integer = match[1]!.replace(/^0+(?=\d)/, '');
  const significant = (match[2] ?? '').replace(/0+$/, '');
  if (significant.length > FIVE_MINUTE_FRACTION_DIGITS) return { ok: false, problem: 'precision-exceeded' };
  return { ok: true, text: `${integer}.${significant.padEnd(FIVE_MINUTE_FRACTION_DIGITS, '0')}` };
}
