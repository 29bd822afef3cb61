import { createHash } from 'node:crypto';
import type { DigestAlgorithm } from '../db/sink-backend.ts';
import type { TsvBatch, TsvSlice } from './tsv-batch.ts';
import { BACKSLASH, FRACTION_DIGITS, MINUS, NEWLINE, POINT, TAB, ZERO } from './tsv-bytes.ts';

// A line grows by at most 18 zeros and a point per decimal: a few hundred bytes in all.
const LINE_BYTES = 2048;

// Reused for every slice: a day of 1m rows takes about 200 KB.
let scratch = new Uint8Array(1 << 18);

function reserve(size: number, extra: number): Uint8Array {
  if (size + extra > scratch.length) {
    const grown = new Uint8Array(Math.max(scratch.length * 2, size + extra));
    grown.set(scratch.subarray(0, size));
    scratch = grown;
  }
  return scratch;
}

/**
 * Copies the decimal starting at `start` (plain: `-?digits(.digits)?`, as TsvBatch keeps it, ended
 * by a tab or a newline) to `out[at]` as the database prints a DECIMAL(38,18): no leading zeros,
 * exactly 18 fraction digits, no sign on zero. Returns where the field ends; `written` is then
 * where the copy ends in `out`.
 */
function copyFixed(bytes: Uint8Array, start: number, out: Uint8Array, at: number): number {
  let index = start;
  const negative = bytes[index] === MINUS;
  if (negative) out[at++] = MINUS;
  const first = at;
  if (negative) index++;
  // Leading zeros, but the one before the point (or the last digit).
  while (
    bytes[index] === ZERO &&
    bytes[index + 1] !== POINT &&
    bytes[index + 1] !== TAB &&
    bytes[index + 1] !== NEWLINE
  )
    index++;
  let nonZero = 0;
  let byte = bytes[index] as number;
  for (; byte !== POINT && byte !== TAB && byte !== NEWLINE; byte = bytes[++index] as number) {
    out[at++] = byte;
    nonZero |= byte ^ ZERO;
  }
  out[at++] = POINT;
  let fraction = 0;
  if (byte === POINT) {
    byte = bytes[++index] as number;
    for (; byte !== TAB && byte !== NEWLINE; byte = bytes[++index] as number) {
      // Digits past the 18th can only be zeros (TsvBatch refuses others): the database drops them.
      if (fraction < FRACTION_DIGITS) {
        out[at++] = byte;
        fraction++;
        nonZero |= byte ^ ZERO;
      }
    }
  }
  for (; fraction < FRACTION_DIGITS; fraction++) out[at++] = ZERO;
  if (negative && nonZero === 0) {
    // Zero has no sign in the database's spelling.
    out.copyWithin(first - 1, first, at);
    at--;
  }
  written = at;
  return index;
}

// Where copyFixed's output ended: a module variable rather than an object per value.
let written = 0;

/**
 * The digest (hex) of the slice's rows as the database's day summary renders stored rows: the TSV
 * lines with decimals in the database's fixed spelling, joined by `\n` without a final one. Equal
 * digests and row counts mean the database holds exactly these rows with these values.
 */
export function sliceDigest(batch: TsvBatch, slice: TsvSlice, algorithm: DigestAlgorithm): string {
  const bytes = batch.bytes;
  const decimal = batch.columns.map((column) => column.kind === 'decimal');
  let out: Uint8Array = scratch;
  let size = 0;
  let index = slice.start;
  while (index < slice.end) {
    out = reserve(size, LINE_BYTES);
    // A line: symbol, slot, then one field per column.
    for (let field = -2; ; field++) {
      let byte = bytes[index] as number;
      if (field >= 0 && decimal[field] === true && byte !== BACKSLASH) {
        index = copyFixed(bytes, index, out, size);
        size = written;
        byte = bytes[index] as number;
      } else {
        for (; byte !== TAB && byte !== NEWLINE; byte = bytes[++index] as number) out[size++] = byte;
      }
      out[size++] = byte;
      index++;
      if (byte === NEWLINE) break;
    }
  }
  return createHash(algorithm)
    .update(out.subarray(0, Math.max(0, size - 1)))
    .digest('hex');
}
