// 10^0 .. 10^22: every one is a double exactly, which is what makes the fast path exact.
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, power) => 10 ** power);
const MAX_EXACT_MANTISSA = 2 ** 53;
const DOT = 0x2e;
const MINUS = 0x2d;
const ZERO = 0x30;
const decoder = new TextDecoder();

/**
 * The number the stored decimal `bytes[start, end)` (`-?digits[.digits]`) stands for, exactly as
 * `Number(text)` gives it, read from the day file's bytes without making a string, several times
 * faster for the decimals Binance sends: their digits, trailing zeros left out, make an integer below
 * 2^53 and at most 22 of them follow the point, so one division of two exact doubles rounds correctly
 * (Clinger's fast path). Anything else goes to `Number`; an empty field (not a number here, where
 * `Number('')` would say 0) is NaN.
 */
export function parseDecimal(bytes: Uint8Array, start: number, end: number): number {
  const negative = bytes[start] === MINUS;
  let index = negative ? start + 1 : start;
  // The whole part, then the fraction as an integer of its own: one multiply-add per digit.
  let whole = 0;
  const wholeStart = index;
  for (; index < end; index++) {
    const digit = (bytes[index] as number) - ZERO;
    if (digit < 0 || digit > 9) break;
    whole = whole * 10 + digit;
  }
  if (index === wholeStart) return index === end && end === start ? Number.NaN : slowPath(bytes, start, end);
  let value: number;
  if (index === end) {
    if (whole >= MAX_EXACT_MANTISSA) return slowPath(bytes, start, end);
    value = whole;
  } else {
    if (bytes[index] !== DOT) return slowPath(bytes, start, end);
    index++;
    const fractionStart = index;
    let fraction = 0;
    // Trailing zeros say nothing: the digits up to the last non-zero one are the fraction's.
    let significantEnd = fractionStart;
    for (; index < end; index++) {
      const digit = (bytes[index] as number) - ZERO;
      if (digit < 0 || digit > 9) return slowPath(bytes, start, end);
      fraction = fraction * 10 + digit;
      if (digit !== 0) significantEnd = index + 1;
    }
    // A point with nothing after it ('1.') is not a stored decimal.
    if (index === fractionStart || fraction >= MAX_EXACT_MANTISSA) return slowPath(bytes, start, end);
    const digits = significantEnd - fractionStart;
    if (digits > 22) return slowPath(bytes, start, end);
    // Exact: a multiple of a power of ten, divided by it, below 2^53 (a non-zero fraction below 2^53
    // has at most 15 trailing zeros; an all-zero one may have any number).
    const trimmed = fraction === 0 ? 0 : fraction / (POWERS_OF_TEN[index - significantEnd] as number);
    const mantissa = whole * (POWERS_OF_TEN[digits] as number) + trimmed;
    if (mantissa >= MAX_EXACT_MANTISSA) return slowPath(bytes, start, end);
    value = mantissa / (POWERS_OF_TEN[digits] as number);
  }
  return negative ? -value : value;
}

/** What `Number` makes of the field: the rare decimal the fast path cannot read exactly. */
function slowPath(bytes: Uint8Array, start: number, end: number): number {
  return Number(decoder.decode(bytes.subarray(start, end)));
}
