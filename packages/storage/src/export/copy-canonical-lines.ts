import { type DayLineIndex, linesInRange } from '../format/day-line-index.ts';
import type { TimeRange } from '../model/time-range.ts';
import type { ChunkedWriter } from './chunked-writer.ts';

// Rows of a canonical day file (indexCanonicalDayLines) go out without being parsed into objects:
// CSV lines are copied after the symbol's field, JSON lines are assembled from the line's fields.
// Every value of such a row is digits, sign, `.`, `e`/`E`, `+`, letters, `_`, `:` or `-`, so no CSV
// field needs quotes and no JSON string needs escapes: the bytes equal what formatCsvLine and
// JSON.stringify make of the parsed row.

const NEWLINE = 0x0a;
const COMMA = 0x2c;
const QUOTE = 0x22;
const CLOSE_BRACE = 0x7d;
const NULL_BYTES = new TextEncoder().encode('null');

/** Copies the CSV rows of `lines` inside `range`, each after `prefix` (`SYMBOL,`); returns how many. */
export async function copyCsvLines(
  writer: ChunkedWriter,
  bytes: Uint8Array,
  lines: DayLineIndex,
  prefix: Uint8Array,
  range: TimeRange,
): Promise<number> {
  const { first, last } = linesInRange(lines, range);
  const starts = lines.lineStarts;
  // A plain Uint8Array view: its subarrays are much cheaper to make than a Buffer's.
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let line = first; line < last; line++) {
    const start = starts[line] as number;
    const end = starts[line + 1] as number;
    const size = prefix.length + end - start;
    if (!writer.fits(size)) await writer.flush(size);
    writer.append(prefix);
    writer.appendBytes(view, start, end);
  }
  return last - first;
}

/** The fixed pieces of one symbol's JSON lines. */
export interface JsonLineParts {
  /** `{"symbol":"<symbol>"` */
  readonly head: Uint8Array;
  /** `,"<column>":` per column of the file, in order. */
  readonly keys: readonly Uint8Array[];
  /** Bytes a JSON line has beyond its CSV line's values, at most. */
  readonly overhead: number;
}

/** JsonLineParts of `symbol` for day files with `columns`. */
export function jsonLineParts(symbol: string, columns: readonly string[]): JsonLineParts {
  const encoder = new TextEncoder();
  const head = encoder.encode(`{${JSON.stringify('symbol')}:${JSON.stringify(symbol)}`);
  const keys = columns.map((column) => encoder.encode(`,${JSON.stringify(column)}:`));
  const keyBytes = keys.reduce((sum, key) => sum + key.length, 0);
  return { head, keys, overhead: head.length + keyBytes + columns.length * NULL_BYTES.length + 2 };
}

function copyInto(target: Uint8Array, at: number, source: Uint8Array): number {
  target.set(source, at);
  return at + source.length;
}

/**
 * Writes the rows of `lines` inside `range` as JSON lines: the timestamp as a number, every other
 * column a string, or null when empty. Returns how many.
 */
export async function copyJsonLines(
  writer: ChunkedWriter,
  bytes: Uint8Array,
  lines: DayLineIndex,
  parts: JsonLineParts,
  range: TimeRange,
): Promise<number> {
  const { first, last } = linesInRange(lines, range);
  const starts = lines.lineStarts;
  const keys = parts.keys;
  for (let line = first; line < last; line++) {
    let index = starts[line] as number;
    const size = (starts[line + 1] as number) - index + parts.overhead;
    if (!writer.fits(size)) await writer.flush(size);
    const out = writer.chunk;
    let at = copyInto(out, writer.used, parts.head);
    at = copyInto(out, at, keys[0] as Uint8Array);
    for (let byte = bytes[index] as number; byte !== COMMA; byte = bytes[++index] as number) out[at++] = byte;
    for (let column = 1; column < keys.length; column++) {
      index++; // the `,` before this field
      at = copyInto(out, at, keys[column] as Uint8Array);
      let byte = bytes[index] as number;
      if (byte === COMMA || byte === NEWLINE) {
        at = copyInto(out, at, NULL_BYTES);
        continue;
      }
      out[at++] = QUOTE;
      do {
        out[at++] = byte;
        byte = bytes[++index] as number;
      } while (byte !== COMMA && byte !== NEWLINE);
      out[at++] = QUOTE;
    }
    out[at++] = CLOSE_BRACE;
    out[at++] = NEWLINE;
    writer.advanceTo(at);
  }
  return last - first;
}
