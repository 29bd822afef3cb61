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
  if (index >= end) return Number.NaN;
  let mantissa = 0;
  let fractionDigits = 0;
  // Zeros after the point wait here until a later digit shows they are not trailing.
  let pendingZeros = 0;
  let seenDot = false;
  let digitsBeforeDot = 0;
  let digitsAfterDot = 0;
  for (; index < end; index++) {
    const digit = (bytes[index] as number) - ZERO;
    if (digit < 0 || digit > 9) {
      if (digit === DOT - ZERO && !seenDot && digitsBeforeDot > 0) {
        seenDot = true;
        continue;
      }
      return Number(decoder.decode(bytes.subarray(start, end)));
    }
    if (seenDot) {
      digitsAfterDot += 1;
      if (digit === 0) {
        pendingZeros += 1;
        continue;
      }
      mantissa = mantissa * (POWERS_OF_TEN[pendingZeros + 1] as number) + digit;
      fractionDigits += pendingZeros + 1;
      pendingZeros = 0;
    } else {
      digitsBeforeDot += 1;
      mantissa = mantissa * 10 + digit;
    }
    if (mantissa >= MAX_EXACT_MANTISSA || fractionDigits > 22) {
      return Number(decoder.decode(bytes.subarray(start, end)));
    }
  }
  // A point with nothing after it ('1.') is not a stored decimal.
  if (seenDot && digitsAfterDot === 0) return Number(decoder.decode(bytes.subarray(start, end)));
  const value = mantissa / (POWERS_OF_TEN[fractionDigits] as number);
  return negative ? -value : value;
}
