// Decimal columns are Parquet DECIMAL(38, 18): a 16-byte big-endian two's complement integer, the
// value times 10^18. Converting through a float would round; BigInt is exact but costs a string and
// several BigInt allocations per value, most of an export's time at millions of rows. This converts
// the digits straight from the day file's bytes with exact integer arithmetic in doubles (every
// intermediate stays below 2^53; a property test holds the result to BigInt's): the digits are
// read in chunks of 15, and each chunk times 10^e is added as chunk * 5^e shifted left by e bits,
// with 5^e and the chunk cut into 26-bit pieces so that every partial product is exact.

/** Total decimal digits a decimal column holds. */
export const DECIMAL_PRECISION = 38;
/** Fractional decimal digits a decimal column holds. */
export const DECIMAL_SCALE = 18;
/** Bytes of one decimal column value (FIXED_LEN_BYTE_ARRAY length). */
export const DECIMAL_BYTES = 16;

const TWO_26 = 67_108_864;
const TWO_32 = 4_294_967_296;
const INVERSE_TWO_32 = 1 / TWO_32;
// 10^15 - 1 < 2^50: a chunk's 26-bit halves times a 26-bit piece of 5^e stay below 2^52.
const CHUNK_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: CHUNK_DIGITS + 1 }, (_, exponent) => 10 ** exponent);
const POWERS_OF_TWO = Array.from({ length: 32 }, (_, exponent) => 2 ** exponent);
// 5^e for e up to 38 in 26-bit pieces, least significant first, as many as it needs (5^38 < 2^89).
const POWERS_OF_FIVE = Array.from({ length: DECIMAL_PRECISION + 1 }, (_, exponent) => {
  const pieces: number[] = [];
  for (let power = 5n ** BigInt(exponent); power > 0n; power >>= 26n)
    pieces.push(Number(power & BigInt(TWO_26 - 1)));
  return Float64Array.from(pieces);
});
const MAX_EXPONENT_DIGITS = 4;

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

// The value being built as 32-bit words, least significant first; a word may exceed 2^32 until
// carryWords. The fifth word only ever receives zeros: every value stays below 10^38 < 2^127.
const words = new Float64Array(5);

function clearWords(): void {
  words[0] = 0;
  words[1] = 0;
  words[2] = 0;
  words[3] = 0;
  words[4] = 0;
}

/** words += term * 2^bits, for an integer term below 2^53. */
function addShifted(term: number, bits: number): void {
  let index = bits >>> 5;
  let rest = term * (POWERS_OF_TWO[bits & 31] as number);
  while (rest !== 0) {
    const high = Math.floor(rest * INVERSE_TWO_32);
    words[index] = (words[index] as number) + (rest - high * TWO_32);
    index++;
    rest = high;
  }
}

/** words += chunk * 10^exponent, for a chunk below 10^15 and an exponent up to 38. */
function addTimesPowerOfTen(chunk: number, exponent: number): void {
  const high = Math.floor(chunk / TWO_26);
  const low = chunk - high * TWO_26;
  const five = POWERS_OF_FIVE[exponent] as Float64Array;
  // Columns of the product: piece k of 5^e times the low half, plus piece k - 1 times the high half.
  let previous = 0;
  for (let piece = 0; piece <= five.length; piece++) {
    const current = piece < five.length ? (five[piece] as number) : 0;
    const column = low * current + high * previous;
    if (column !== 0) addShifted(column, 26 * piece + exponent);
    previous = current;
  }
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= DIGIT_0 && byte <= DIGIT_9;
}

/**
 * Writes the decimal text in `bytes[start, end)` (`-?digits[.digits][e[+-]digits]`, as the day files
 * hold it) as a DECIMAL(38, 18) value into `out[at, at + 16)`. Returns false, leaving `out` in any
 * state, when the text is not such a decimal, has a non-zero digit below 10^-18, or has more than 38
 * digits at that scale.
 */
export function encodeDecimal128(
  bytes: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
): boolean {
  // The common form (no exponent, at most 18 fractional and 30 significant digits) in one pass.
  const negative = bytes[start] === MINUS;
  let index = negative ? start + 1 : start;
  const integerStart = index;
  let high = 0;
  let low = 0;
  let lowDigits = 0;
  let significant = 0;
  let fractionDigits = 0;
  let inFraction = false;
  for (; index < end; index++) {
    const byte = bytes[index] as number;
    if (byte === DOT) {
      if (inFraction || index === integerStart) return false;
      inFraction = true;
      continue;
    }
    if (byte < DIGIT_0 || byte > DIGIT_9) break;
    if (inFraction) fractionDigits++;
    if (significant === 0 && byte === DIGIT_0) continue;
    if (lowDigits === CHUNK_DIGITS) {
      if (high !== 0) break;
      high = low;
      low = 0;
      lowDigits = 0;
    }
    low = low * 10 + (byte - DIGIT_0);
    lowDigits++;
    significant++;
  }
  if (index === integerStart || (inFraction && fractionDigits === 0)) return false;
  if (index !== end || fractionDigits > DECIMAL_SCALE) return encodeGeneral(bytes, start, end, out, at);
  const shift = DECIMAL_SCALE - fractionDigits;
  if (significant + shift > DECIMAL_PRECISION && significant > 0) return false;
  clearWords();
  if (low !== 0) addTimesPowerOfTen(low, shift);
  if (high !== 0) addTimesPowerOfTen(high, shift + lowDigits);
  writeWords(out, at, negative);
  return true;
}

/** encodeDecimal128 for any form: an exponent, more than 18 fractional or 30 significant digits. */
function encodeGeneral(bytes: Uint8Array, start: number, end: number, out: Uint8Array, at: number): boolean {
  const negative = bytes[start] === MINUS;
  let index = negative ? start + 1 : start;
  const integerStart = index;
  while (index < end && isDigit(bytes[index])) index++;
  const integerDigits = index - integerStart;
  if (integerDigits === 0) return false;
  let fractionStart = index;
  let fractionDigits = 0;
  if (index < end && bytes[index] === DOT) {
    fractionStart = ++index;
    while (index < end && isDigit(bytes[index])) index++;
    fractionDigits = index - fractionStart;
    if (fractionDigits === 0) return false;
  }
  let exponent = 0;
  if (index < end && (bytes[index] === LOWER_E || bytes[index] === UPPER_E)) {
    index++;
    const exponentNegative = bytes[index] === MINUS;
    if (exponentNegative || bytes[index] === PLUS) index++;
    const exponentStart = index;
    while (index < end && isDigit(bytes[index]))
      exponent = exponent * 10 + ((bytes[index++] as number) - DIGIT_0);
    if (index === exponentStart || index - exponentStart > MAX_EXPONENT_DIGITS) return false;
    if (exponentNegative) exponent = -exponent;
  }
  if (index !== end) return false;

  // Digit positions run over the integer then the fraction digits; the value is their integer
  // times 10^shift at scale 18.
  const digitCount = integerDigits + fractionDigits;
  let shift = DECIMAL_SCALE - fractionDigits + exponent;
  let last = digitCount;
  if (shift < 0) {
    // Digits below 10^-18 may only be zeros.
    last = Math.max(0, digitCount + shift);
    for (let position = last; position < digitCount; position++) {
      const offset =
        position < integerDigits ? integerStart + position : fractionStart + position - integerDigits;
      if (bytes[offset] !== DIGIT_0) return false;
    }
    shift = 0;
  }
  let first = 0;
  while (first < last) {
    const offset = first < integerDigits ? integerStart + first : fractionStart + first - integerDigits;
    if (bytes[offset] !== DIGIT_0) break;
    first++;
  }
  if (last - first + shift > DECIMAL_PRECISION && first < last) return false;

  clearWords();
  let chunk = 0;
  let chunkDigits = 0;
  let power = shift;
  for (let position = last - 1; position >= first; position--) {
    const offset =
      position < integerDigits ? integerStart + position : fractionStart + position - integerDigits;
    chunk += ((bytes[offset] as number) - DIGIT_0) * (POWERS_OF_TEN[chunkDigits] as number);
    if (++chunkDigits === CHUNK_DIGITS) {
      addTimesPowerOfTen(chunk, power);
      power += CHUNK_DIGITS;
      chunk = 0;
      chunkDigits = 0;
    }
  }
  if (chunk !== 0) addTimesPowerOfTen(chunk, power);
  writeWords(out, at, negative);
  return true;
}

/** Carries the words into 32 bits each and writes them big-endian, negated when `negative`. */
function writeWords(out: Uint8Array, at: number, negative: boolean): void {
  let carry = negative ? 1 : 0;
  for (let word = 0; word < 4; word++) {
    let value = words[word] as number;
    const over = Math.floor(value * INVERSE_TWO_32);
    value -= over * TWO_32;
    words[word + 1] = (words[word + 1] as number) + over;
    if (negative) {
      // Two's complement: invert and add one, word by word.
      value = TWO_32 - 1 - value + carry;
      carry = value === TWO_32 ? 1 : 0;
      if (carry === 1) value = 0;
    }
    const offset = at + DECIMAL_BYTES - 4 - 4 * word;
    out[offset] = value >>> 24;
    out[offset + 1] = (value >>> 16) & 0xff;
    out[offset + 2] = (value >>> 8) & 0xff;
    out[offset + 3] = value & 0xff;
  }
}
