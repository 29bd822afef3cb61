// Every decimal column is DECIMAL(38,18): 20 digits before the point and 18 after. Binance sends at
// most 8 fraction digits and its largest figures (circulating supplies, OI of 1000x contracts) stay
// below 10^16, so nothing it sends is rounded; anything wider is refused rather than rounded.

/** Total digits of every decimal column. */
export const DECIMAL_PRECISION = 38;
/** Fraction digits of every decimal column. */
export const DECIMAL_SCALE = 18;

const INTEGER_DIGITS = DECIMAL_PRECISION - DECIMAL_SCALE;
const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,4}))?$/;
const FRACTION_ZEROS = '0'.repeat(DECIMAL_SCALE);
const MINUS = 45;
const POINT = 46;
const ZERO = 48;
const NINE = 57;

/** The fixed spelling of a sign, integer digits (no leading zeros) and fraction digits (no trailing zeros). */
function fixedOf(negative: boolean, integer: string, fraction: string): string | undefined {
  if (integer.length > INTEGER_DIGITS || fraction.length > DECIMAL_SCALE) return undefined;
  const sign = negative && (integer !== '' || fraction !== '') ? '-' : '';
  return `${sign}${integer === '' ? '0' : integer}.${fraction}${FRACTION_ZEROS.slice(fraction.length)}`;
}

// The spellings Binance and the databases use, `-?digits(.digits)?`, scanned without a regular
// expression (sync runs this on every value): the integer digits without leading zeros, the fraction
// digits without trailing zeros, and where the point is; undefined for any other spelling.
function scanPlain(
  text: string,
): { integerStart: number; integerEnd: number; fractionEnd: number } | undefined {
  const length = text.length;
  const start = text.charCodeAt(0) === MINUS ? 1 : 0;
  let point = -1;
  for (let index = start; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code === POINT && point === -1) point = index;
    else if (code < ZERO || code > NINE) return undefined;
  }
  if (start === length || point === start || point === length - 1) return undefined;
  const integerEnd = point === -1 ? length : point;
  let integerStart = start;
  while (integerStart < integerEnd && text.charCodeAt(integerStart) === ZERO) integerStart++;
  let fractionEnd = length;
  if (point !== -1)
    while (fractionEnd > point + 1 && text.charCodeAt(fractionEnd - 1) === ZERO) fractionEnd--;
  return { integerStart, integerEnd, fractionEnd };
}

function fitsPlain(scan: { integerStart: number; integerEnd: number; fractionEnd: number }): boolean {
  const fractionDigits = Math.max(0, scan.fractionEnd - scan.integerEnd - 1);
  return scan.integerEnd - scan.integerStart <= INTEGER_DIGITS && fractionDigits <= DECIMAL_SCALE;
}

/**
 * `text` when it is a plain decimal (`-?digits(.digits)?`) that DECIMAL(38,18) holds exactly: the
 * database reads it as it is, so the usual value costs no new string. Other exact spellings
 * (exponents) come back from toFixedDecimal; undefined when the value does not fit or is no decimal.
 */
export function storableDecimal(text: string): string | undefined {
  const scan = scanPlain(text);
  if (scan !== undefined) return fitsPlain(scan) ? text : undefined;
  return toFixedDecimal(text);
}

/** True when two storable decimals (see storableDecimal) are numerically equal. */
export function sameDecimal(a: string, b: string): boolean {
  return a === b || toFixedDecimal(a) === toFixedDecimal(b);
}

/**
 * `text` as the database prints a DECIMAL(38,18): no exponent, no leading zeros, exactly 18
 * fraction digits (`96268.02` and `9.626802e4` give `96268.020000000000000000`), so two values are
 * numerically equal exactly when these strings are equal. Undefined when `text` is not a decimal
 * or does not fit without rounding.
 */
export function toFixedDecimal(text: string): string | undefined {
  const scan = scanPlain(text);
  if (scan !== undefined) {
    const { integerStart, integerEnd, fractionEnd } = scan;
    // Already in the fixed spelling (what the database returns): no new string.
    const negative = text.charCodeAt(0) === MINUS;
    const start = negative ? 1 : 0;
    if (text.length - integerEnd - 1 === DECIMAL_SCALE && integerStart === start && integerEnd > start)
      return text;
    return fixedOf(negative, text.slice(integerStart, integerEnd), text.slice(integerEnd + 1, fractionEnd));
  }
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) return undefined;
  const [, sign, integer = '', fraction = '', exponent] = match;
  let digits = integer + fraction;
  let point = integer.length + (exponent === undefined ? 0 : Number(exponent));
  if (point < -DECIMAL_PRECISION || point > digits.length + INTEGER_DIGITS) return undefined;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  return fixedOf(
    sign === '-',
    digits.slice(0, point).replace(/^0+/, ''),
    digits.slice(point).replace(/0+$/, ''),
  );
}

/** A fixed decimal from toFixedDecimal in its shortest spelling (`96268.020000…` gives `96268.02`). */
export function shortDecimal(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
