import { createHash } from 'node:crypto';
import type { SinkColumn } from '../schema/sink-columns.ts';
import type { TsvBatch, TsvSlice } from './tsv-batch.ts';
import { BACKSLASH, FRACTION_DIGITS, MINUS, NEWLINE, POINT, TAB, ZERO } from './tsv-bytes.ts';

const LINE_BYTES = 2048;

// Reused for every slice: a day of 1m rows takes about 200 KB.
let scratch = new Uint8Array(1 << 18);

function reserve(size: number, extra: number): void {
  if (size + extra <= scratch.length) return;
  const grown = new Uint8Array(Math.max(scratch.length * 2, size + extra));
  grown.set(scratch.subarray(0, size));
  scratch = grown;
}

/**
 * Writes the decimal in `bytes[start, end)` (plain: `-?digits(.digits)?`, as TsvBatch keeps it) as
 * the database prints a DECIMAL(38,18): no leading zeros, exactly 18 fraction digits, no sign on zero.
 */
function writeFixed(bytes: Uint8Array, start: number, end: number, at: number): number {
  const negative = bytes[start] === MINUS;
  let index = negative ? start + 1 : start;
  while (index < end - 1 && bytes[index] === ZERO && bytes[index + 1] !== POINT) index++;
  let point = end;
  let nonZero = false;
  for (let scan = index; scan < end; scan++) {
    const byte = bytes[scan] as number;
    if (byte === POINT) point = scan;
    else if (byte !== ZERO) nonZero = true;
  }
  if (negative && nonZero) scratch[at++] = MINUS;
  for (; index < point; index++) scratch[at++] = bytes[index] as number;
  scratch[at++] = POINT;
  let fraction = 0;
  // Digits past the 18th can only be zeros (TsvBatch refuses others): the database drops them.
  const fractionEnd = Math.min(end, point + 1 + FRACTION_DIGITS);
  for (index = point + 1; index < fractionEnd; index++, fraction++) scratch[at++] = bytes[index] as number;
  for (; fraction < FRACTION_DIGITS; fraction++) scratch[at++] = ZERO;
  return at;
}

/**
 * MD5 (hex) of the slice's rows as the database's day summary renders stored rows: the TSV lines
 * with decimals in the database's fixed spelling, joined by `\n` without a final one. Equal digests
 * and row counts mean the database holds exactly these rows with these values.
 */
export function sliceDigest(batch: TsvBatch, slice: TsvSlice): string {
  const bytes = batch.bytes;
  const columns = batch.columns;
  let size = 0;
  let index = slice.start;
  while (index < slice.end) {
    // A line: symbol, slot, then one field per column (a few hundred bytes even when fixed).
    reserve(size, LINE_BYTES);
    let field = -2;
    while (true) {
      let end = index;
      while (bytes[end] !== TAB && bytes[end] !== NEWLINE) end++;
      const column = field >= 0 ? (columns[field] as SinkColumn) : undefined;
      if (column?.kind === 'decimal' && !(bytes[index] === BACKSLASH && end - index === 2)) {
        size = writeFixed(bytes, index, end, size);
      } else {
        scratch.set(bytes.subarray(index, end), size);
        size += end - index;
      }
      const terminator = bytes[end] as number;
      scratch[size++] = terminator;
      index = end + 1;
      field++;
      if (terminator === NEWLINE) break;
    }
  }
  return createHash('md5')
    .update(scratch.subarray(0, Math.max(0, size - 1)))
    .digest('hex');
}
