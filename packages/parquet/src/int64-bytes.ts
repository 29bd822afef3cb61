// INT64 values go into pages as 8 little-endian bytes. Slots and exchange times are non-negative
// integers; they are split into two 32-bit halves with exact arithmetic instead of a BigInt each.

const TWO_TO_32 = 4_294_967_296;
const INVERSE_TWO_TO_32 = 1 / TWO_TO_32;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
// 2^63 - 1 has 19 digits; the halves stay exact up to there (low * 10 + 9 < 2^36).
const MAX_DIGITS = 19;
const MAX_HIGH = 0x7fff_ffff;
// 10^15 - 1 < 2^53.
const MAX_SAFE_DIGITS = 15;

function writeHalves(out: Uint8Array, at: number, low: number, high: number): void {
  out[at] = low & 0xff;
  out[at + 1] = (low >>> 8) & 0xff;
  out[at + 2] = (low >>> 16) & 0xff;
  out[at + 3] = low >>> 24;
  out[at + 4] = high & 0xff;
  out[at + 5] = (high >>> 8) & 0xff;
  out[at + 6] = (high >>> 16) & 0xff;
  out[at + 7] = high >>> 24;
}

/** Writes the non-negative safe integer `value` as a little-endian INT64 at `out[at]`. */
export function writeInt64(out: Uint8Array, at: number, value: number): void {
  // Math.floor rather than %, which is a slow floating-point remainder beyond 2^31.
  const high = Math.floor(value * INVERSE_TWO_TO_32);
  writeHalves(out, at, value - high * TWO_TO_32, high);
}

/**
 * Writes the non-negative integer text in `bytes[start, end)` as a little-endian INT64 at
 * `out[at]`; false when it is not plain digits or exceeds 2^63 - 1.
 */
export function writeInt64Text(
  bytes: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
): boolean {
  if (end === start || end - start > MAX_DIGITS) return false;
  if (end - start <= MAX_SAFE_DIGITS) {
    // Up to 15 digits the value is a safe integer: no halves needed while reading it.
    let value = 0;
    for (let index = start; index < end; index++) {
      const byte = bytes[index] as number;
      if (byte < DIGIT_0 || byte > DIGIT_9) return false;
      value = value * 10 + (byte - DIGIT_0);
    }
    writeInt64(out, at, value);
    return true;
  }
  let low = 0;
  let high = 0;
  for (let index = start; index < end; index++) {
    const byte = bytes[index] as number;
    if (byte < DIGIT_0 || byte > DIGIT_9) return false;
    const next = low * 10 + (byte - DIGIT_0);
    const carry = Math.floor(next / TWO_TO_32);
    low = next - carry * TWO_TO_32;
    high = high * 10 + carry;
    if (high > MAX_HIGH) return false;
  }
  writeHalves(out, at, low, high);
  return true;
}
