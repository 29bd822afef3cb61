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

const MAX_LENGTH = 64;
const ZERO = 48;
const NINE = 57;
const DOT = 46;
const MALFORMED: FiveMinuteDecimal = Object.freeze({ ok: false, problem: 'malformed-value' });
const PRECISION_EXCEEDED: FiveMinuteDecimal = Object.freeze({ ok: false, problem: 'precision-exceeded' });

/**
 * The canonical form of a 5m value: leading zeros of the integer part dropped (one digit kept), the
 * fraction padded or trimmed with zeros to exactly eight digits (`96268.02` -> `96268.02000000`,
 * `97000` -> `97000.00000000`, `0.123456780` -> `0.12345678`). Works on the text alone, one character
 * at a time: it runs for every value of every archive day.
 */
export function canonicalFiveMinuteDecimal(text: string): FiveMinuteDecimal {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_LENGTH) return MALFORMED;
  let dot = -1;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === DOT && dot === -1) dot = index;
    else if (code < ZERO || code > NINE) return MALFORMED;
  }
  // `^\d+(\.\d+)?$`: digits on both sides of a dot.
  if (dot === 0 || dot === text.length - 1) return MALFORMED;
  const integerEnd = dot === -1 ? text.length : dot;
  let integerStart = 0;
  while (integerStart < integerEnd - 1 && text.charCodeAt(integerStart) === ZERO) integerStart++;
  let fractionEnd = text.length;
  if (dot !== -1) while (fractionEnd > dot + 1 && text.charCodeAt(fractionEnd - 1) === ZERO) fractionEnd--;
  const significant = dot === -1 ? 0 : fractionEnd - dot - 1;
  if (significant > FIVE_MINUTE_FRACTION_DIGITS) return PRECISION_EXCEEDED;
  // The API's own text is already in this form: kept as it is.
  if (integerStart === 0 && dot !== -1 && text.length - dot - 1 === FIVE_MINUTE_FRACTION_DIGITS) {
    return { ok: true, text };
  }
  const fraction = dot === -1 ? '' : text.slice(dot + 1, fractionEnd);
  return {
    ok: true,
    text: `${text.slice(integerStart, integerEnd)}.${fraction.padEnd(FIVE_MINUTE_FRACTION_DIGITS, '0')}`,
  };
}
