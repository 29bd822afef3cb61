// Decimal columns are Parquet DECIMAL(38, 18): a 16-byte big-endian two's complement integer, the
// value times 10^18. Converting through a float would round; BigInt is exact but costs a string and
// several BigInt allocations per value, most of an export's time at millions of rows. This converts
// the digits straight from the day file's bytes with exact integer arithmetic in doubles (every
// intermediate stays below 2^53; a property test holds the result to BigInt's): the digits are
// read in chunks of at most 15, and each chunk times 10^e is added column by column in 24-bit
// limbs (a chunk has three, 10^e up to six), which are the value's bytes three by three.

/** Total decimal digits a decimal column holds. */
export const DECIMAL_PRECISION = 38;
/** Fractional decimal digits a decimal column holds. */
export const DECIMAL_SCALE = 18;
/** Bytes of one decimal column value (FIXED_LEN_BYTE_ARRAY length). */
export const DECIMAL_BYTES = 16;

const LIMB = 16_777_216;
const INVERSE_LIMB = 1 / LIMB;
const LIMBS = 6;
// 10^15 - 1 < 2^50: a chunk's limbs are below 2^24, 2^24 and 2^2, so a column of partial products
// (at most three per chunk, three chunks at most) stays below 2^52.
const CHUNK_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: CHUNK_DIGITS + 1 }, (_, exponent) => 10 ** exponent);
// 10^e for e up to 38 in 24-bit limbs, least significant first (10^38 < 2^127 takes six).
const POWERS_OF_TEN_LIMBS = Array.from({ length: DECIMAL_PRECISION + 1 }, (_, exponent) => {
  const limbs = new Float64Array(LIMBS);
  let power = 10n ** BigInt(exponent);
  for (let limb = 0; limb < LIMBS; limb++, power >>= 24n) limbs[limb] = Number(power & BigInt(LIMB - 1));
  return limbs;
});
const MAX_EXPONENT_DIGITS = 4;

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

// The value being built as columns of 24-bit limbs, least significant first; a column may exceed
// 2^24 until writeColumns carries. Every value stays below 10^38 < 2^127: six limbs hold it.
const columns = new Float64Array(LIMBS);

function clearColumns(): void {
  columns[0] = 0;
  columns[1] = 0;
  columns[2] = 0;
  columns[3] = 0;
  columns[4] = 0;
  columns[5] = 0;
}

/** columns += chunk * 10^exponent, for a chunk below 10^15 and an exponent up to 38. */
function addTimesPowerOfTen(chunk: number, exponent: number): void {
  const power = POWERS_OF_TEN_LIMBS[exponent] as Float64Array;
  const above = Math.floor(chunk * INVERSE_LIMB);
  const v0 = chunk - above * LIMB;
  const v2 = Math.floor(above * INVERSE_LIMB);
  const v1 = above - v2 * LIMB;
  const p0 = power[0] as number;
  const p1 = power[1] as number;
  const p2 = power[2] as number;
  const p3 = power[3] as number;
  const p4 = power[4] as number;
  const p5 = power[5] as number;
  // Products reaching past the sixth limb are zero for every value that fits.
  columns[0] = (columns[0] as number) + v0 * p0;
  columns[1] = (columns[1] as number) + v0 * p1 + v1 * p0;
  columns[2] = (columns[2] as number) + v0 * p2 + v1 * p1 + v2 * p0;
  columns[3] = (columns[3] as number) + v0 * p3 + v1 * p2 + v2 * p1;
  columns[4] = (columns[4] as number) + v0 * p4 + v1 * p3 + v2 * p2;
  columns[5] = (columns[5] as number) + v0 * p5 + v1 * p4 + v2 * p3;
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
  return encodeCommon(bytes, start, end, out, at) === end || encodeGeneral(bytes, start, end, out, at);
}

/**
 * encodeDecimal128 for a field of a day line, which ends at the next `,` or `\n`: returns where it
 * ends, or -1 - that position when its text is not representable. The field is read once.
 */
export function encodeDecimalField(bytes: Uint8Array, start: number, out: Uint8Array, at: number): number {
  const stop = encodeCommon(bytes, start, bytes.length, out, at);
  if (stop >= 0 && (bytes[stop] === COMMA || bytes[stop] === NEWLINE)) return stop;
  let end = stop >= 0 ? stop : -1 - stop;
  while (end < bytes.length && bytes[end] !== COMMA && bytes[end] !== NEWLINE) end++;
  return encodeGeneral(bytes, start, end, out, at) ? end : -1 - end;
}

/**
 * The common form (no exponent, at most 18 fractional digits, 30 digits in all, 20 before the
 * point) from `start` to the first byte that is neither a digit nor the point, or `limit`: encodes
 * it and returns where it stopped, or returns -1 - that position, having written nothing, for any
 * other text (valid or not), which encodeGeneral sorts out. The first 15 digits go into `high`,
 * the rest into `low`.
 */
function encodeCommon(bytes: Uint8Array, start: number, limit: number, out: Uint8Array, at: number): number {
  const negative = bytes[start] === MINUS;
  const digitsStart = negative ? start + 1 : start;
  let high = 0;
  let low = 0;
  let lowDigits = 0;
  let digits = 0;
  let point = -1;
  let index = digitsStart;
  for (; index < limit; index++) {
    const byte = bytes[index] as number;
    const digit = byte - DIGIT_0;
    if (digit >= 0 && digit <= 9) {
      if (digits < CHUNK_DIGITS) high = high * 10 + digit;
      else {
        low = low * 10 + digit;
        lowDigits++;
      }
      digits++;
    } else if (byte === DOT && point === -1) point = index;
    else break;
  }
  const integerDigits = (point === -1 ? index : point) - digitsStart;
  const fractionDigits = point === -1 ? 0 : index - point - 1;
  if (
    integerDigits === 0 ||
    (point !== -1 && fractionDigits === 0) ||
    fractionDigits > DECIMAL_SCALE ||
    integerDigits > DECIMAL_PRECISION - DECIMAL_SCALE ||
    digits > 2 * CHUNK_DIGITS
  ) {
    return -1 - index;
  }
  const shift = DECIMAL_SCALE - fractionDigits;
  clearColumns();
  if (low !== 0) addTimesPowerOfTen(low, shift);
  if (high !== 0) addTimesPowerOfTen(high, shift + lowDigits);
  writeColumns(out, at, negative);
  return index;
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

  clearColumns();
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
  writeColumns(out, at, negative);
  return true;
}

/** Carries the columns into 24-bit limbs and writes them big-endian, negated when `negative`. */
function writeColumns(out: Uint8Array, at: number, negative: boolean): void {
  let carry = 0;
  let offset = at + DECIMAL_BYTES - 1;
  for (let limb = 0; limb < LIMBS - 1; limb++) {
    const column = (columns[limb] as number) + carry;
    carry = Math.floor(column * INVERSE_LIMB);
    const value = column - carry * LIMB;
    out[offset] = value & 0xff;
    out[offset - 1] = (value >>> 8) & 0xff;
    out[offset - 2] = value >>> 16;
    offset -= 3;
  }
  // The sixth limb holds bits 120 to 143, of which only the lowest seven can be set.
  out[at] = ((columns[LIMBS - 1] as number) + carry) & 0xff;
  if (negative) {
    // Two's complement: invert every byte and add one.
    let add = 1;
    for (let index = at + DECIMAL_BYTES - 1; index >= at; index--) {
      const byte = (~(out[index] as number) & 0xff) + add;
      out[index] = byte & 0xff;
      add = byte >>> 8;
    }
  }
}
