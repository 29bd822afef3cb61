import { type DayLines, SERIES_SLOT_MS, type Series } from '@oi/storage';
import { type SinkColumn, sinkColumns } from '../schema/sink-columns.ts';
import { checkRecordKey, type SinkRecord, sinkValue } from '../values/sink-record.ts';
import { BACKSLASH, FRACTION_DIGITS, LETTER_N, MINUS, NEWLINE, NINE, POINT, TAB, ZERO } from './tsv-bytes.ts';

const COMMA = 0x2c;
const DAY_MS = 86_400_000;
// DECIMAL(38,18) and BIGINT bounds, as storableDecimal and the BIGINT pattern of sink-record check them.
const INTEGER_DIGITS = 20;
const BIGINT_DIGITS = 18;
const TEXT_LENGTH = 32;
// Room a value of the slow path may take beyond its cell: a fixed decimal has at most 40 characters.
const SLOW_VALUE_BYTES = 48;

/** The rows of one day file inside a TsvBatch: consecutive lines of its bytes. */
export interface TsvSlice {
  /** The UTC day, as epoch ms / 86 400 000. */
  readonly day: number;
  readonly firstSlotMs: number;
  readonly lastSlotMs: number;
  readonly rows: number;
  /** Where its lines start and end in TsvBatch.bytes (the end is after the last `\n`). */
  readonly start: number;
  readonly end: number;
}

/**
 * Day-file rows of one symbol and series as LOAD DATA takes them: one line per row, the symbol,
 * the slot and the sink columns separated by tabs, `\N` for NULL, each value validated as
 * toSinkRecord validates it and kept in the file's spelling but for a decimal's trailing
 * fraction zeros (a decimal with an exponent becomes its fixed spelling). Built straight from the day lines' bytes: no object or string per row.
 */
export class TsvBatch {
  readonly series: Series;
  readonly symbol: string;
  readonly columns: readonly SinkColumn[];
  readonly slices: TsvSlice[] = [];
  rows = 0;
  bytes: Uint8Array;
  size = 0;
  readonly #symbolBytes: Uint8Array;
  readonly #encoder = new TextEncoder();
  // Field positions of the sink columns in a day's lines, per layout (`DayLines.columns`).
  readonly #layouts = new Map<readonly string[], Int32Array>();

  /** `buffer` is where the lines go (it grows when short): a batch's buffer can serve the next one. */
  constructor(series: Series, symbol: string, buffer: Uint8Array) {
    this.series = series;
    this.symbol = symbol;
    this.columns = sinkColumns(series);
    this.bytes = buffer;
    this.#symbolBytes = this.#encoder.encode(symbol);
  }

  /** Slot of the first and after the last row, for selecting what the database holds of them. */
  get range(): { startMs: number; endMs: number } {
    const first = this.slices[0];
    const last = this.slices[this.slices.length - 1];
    return { startMs: first?.firstSlotMs ?? 0, endMs: (last?.lastSlotMs ?? -1) + 1 };
  }

  /** Appends rows `from` to `to` (exclusive) of `day`; throws SinkValueError for a value the table cannot hold. */
  append(day: DayLines, from: number, to: number): void {
    if (to <= from) return;
    const layout = this.#layoutOf(day.columns);
    const start = this.size;
    const slotSpan = SERIES_SLOT_MS[this.series];
    for (let row = from; row < to; row++) {
      const slotMs = day.slotsMs[row] as number;
      // The symbol once per day; the slot's grid for every row (the check throws for what fails here).
      if (row === from || !(slotMs >= 0 && slotMs % slotSpan === 0 && Number.isSafeInteger(slotMs))) {
        checkRecordKey(this.series, this.symbol, slotMs);
      }
      this.#appendLine(day, row, layout, slotMs);
    }
    const firstSlotMs = day.slotsMs[from] as number;
    this.slices.push({
      day: Math.floor(firstSlotMs / DAY_MS),
      firstSlotMs,
      lastSlotMs: day.slotsMs[to - 1] as number,
      rows: to - from,
      start,
      end: this.size,
    });
    this.rows += to - from;
  }

  /** The records of `slice`, values as in the batch (decimals plain or fixed, NULL as null). */
  recordsOf(slice: TsvSlice): SinkRecord[] {
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + slice.start, slice.end - slice.start);
    const records: SinkRecord[] = [];
    for (const line of text.toString('latin1').split('\n')) {
      if (line === '') continue;
      const [symbol = '', slot = '', ...values] = line.split('\t');
      records.push({
        symbol,
        slotMs: Number(slot),
        values: values.map((value) => (value === '\\N' ? null : value)),
      });
    }
    return records;
  }

  #layoutOf(dayColumns: readonly string[]): Int32Array {
    let layout = this.#layouts.get(dayColumns);
    if (layout === undefined) {
      layout = Int32Array.from(this.columns, (column) => dayColumns.indexOf(column.csvName));
      // Lines are read in one pass from left to right: the sink columns come in the file's order.
      const present = [...layout].filter((field) => field >= 0);
      if (present.some((field, index) => index > 0 && field <= (present[index - 1] as number))) {
        throw new TypeError(`day-file columns ${dayColumns.join(',')} are not in the sink's column order`);
      }
      this.#layouts.set(dayColumns, layout);
    }
    return layout;
  }

  #reserve(extra: number): void {
    if (this.size + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.size + extra));
    grown.set(this.bytes.subarray(0, this.size));
    this.bytes = grown;
  }

  // One pass over the line: each value is validated while it is copied.
  #appendLine(day: DayLines, row: number, layout: Int32Array, slotMs: number): void {
    const source = day.bytes;
    const lineStart = day.lineStarts[row] as number;
    this.#reserve(
      (day.lineStarts[row + 1] as number) - lineStart + this.#symbolBytes.length + 4 * layout.length + 8,
    );
    let out = this.bytes;
    let at = this.size;
    const symbol = this.#symbolBytes;
    for (let index = 0; index < symbol.length; index++) out[at++] = symbol[index] as number;
    out[at++] = TAB;
    // The slot: the line's first field, digits as the file holds them (storage parsed it into slotsMs).
    let index = lineStart;
    for (
      let byte = source[index] as number;
      byte !== COMMA && byte !== NEWLINE;
      byte = source[++index] as number
    ) {
      out[at++] = byte;
    }
    // `index` is at the end (comma or newline) of field `field`.
    let field = 0;
    for (let position = 0; position < layout.length; position++) {
      const target = layout[position] as number;
      while (field < target && source[index] !== NEWLINE) {
        field++;
        index++;
        if (field < target) while (source[index] !== COMMA && source[index] !== NEWLINE) index++;
      }
      out[at++] = TAB;
      const column = this.columns[position] as SinkColumn;
      const first = source[index] as number;
      if (field !== target || first === COMMA || first === NEWLINE) {
        // An empty cell, or a column the line does not have.
        if (column.nullable) {
          out[at++] = BACKSLASH;
          out[at++] = LETTER_N;
        } else sinkValue(column, '', this.symbol, slotMs);
        continue;
      }
      const copied =
        column.kind === 'decimal'
          ? copyDecimal(source, index, out, at)
          : column.kind === 'bigint'
            ? copyBigint(source, index, out, at)
            : copyText(source, index, out, at);
      const end = fieldEnd;
      if (copied >= 0) at = copied;
      else {
        // Rare spellings (exponents) and refusals go through the same check as toSinkRecord.
        const text = Buffer.from(source.buffer, source.byteOffset + index, end - index).toString('utf8');
        const value = sinkValue(column, text, this.symbol, slotMs) as string;
        this.size = at;
        this.#reserve(SLOW_VALUE_BYTES);
        out = this.bytes;
        at += this.#encoder.encodeInto(value, out.subarray(at)).written;
      }
      index = end;
    }
    out[at++] = NEWLINE;
    this.size = at;
  }
}

// Where the field that a copy function read ends (its comma or newline): a module variable rather
// than an object per value.
let fieldEnd = 0;

function endOfField(bytes: Uint8Array, index: number): number {
  while (bytes[index] !== COMMA && bytes[index] !== NEWLINE) index++;
  return index;
}

/**
 * Copies the field at `start` to `out[at]` when it is `-?digits(.digits)?` that DECIMAL(38,18)
 * holds as written (what storableDecimal accepts unchanged), without the fraction's trailing zeros,
 * and returns where the copy ends; -1 for any other text. Sets fieldEnd.
 */
function copyDecimal(bytes: Uint8Array, start: number, out: Uint8Array, at: number): number {
  let index = start;
  let byte = bytes[index] as number;
  if (byte === MINUS) {
    out[at++] = byte;
    byte = bytes[++index] as number;
  }
  const digitsStart = index;
  let significant = -1;
  let point = -1;
  // Where the copy ends without the fraction's trailing zeros (and without a point before none).
  let trimmed = at;
  for (; byte !== COMMA && byte !== NEWLINE; byte = bytes[++index] as number) {
    if (byte === POINT && point === -1) point = index;
    else if (byte < ZERO || byte > NINE) {
      fieldEnd = endOfField(bytes, index);
      return -1;
    } else if (significant === -1 && point === -1 && byte !== ZERO) significant = index;
    out[at++] = byte;
    if (point === -1 || (byte !== ZERO && byte !== POINT)) trimmed = at;
  }
  fieldEnd = index;
  if (index === digitsStart || point === digitsStart || point === index - 1) return -1;
  const integerDigits = significant === -1 ? 0 : (point === -1 ? index : point) - significant;
  // Zeros beyond 18 fraction digits are storable (the database drops them), but take the slow path.
  if (integerDigits > INTEGER_DIGITS || (point !== -1 && index - point - 1 > FRACTION_DIGITS)) return -1;
  // Trailing zeros cost the server parsing and say nothing: `96268.02000000` is loaded as `96268.02`.
  return trimmed;
}

/** Copies the field at `start` when every byte is in [min, max] and not `excluded`; -1 otherwise. Sets fieldEnd. */
function copyBytesIn(
  bytes: Uint8Array,
  start: number,
  out: Uint8Array,
  at: number,
  min: number,
  max: number,
  excluded: number,
): number {
  let index = start;
  for (
    let byte = bytes[index] as number;
    byte !== COMMA && byte !== NEWLINE;
    byte = bytes[++index] as number
  ) {
    if (byte < min || byte > max || byte === excluded) {
      fieldEnd = endOfField(bytes, index);
      return -1;
    }
    out[at++] = byte;
  }
  fieldEnd = index;
  return at;
}

/** copyDecimal for `0` or up to 18 digits without a leading zero: the BIGINT epoch ms the pattern of sink-record accepts. */
function copyBigint(bytes: Uint8Array, start: number, out: Uint8Array, at: number): number {
  const copied = copyBytesIn(bytes, start, out, at, ZERO, NINE, -1);
  const length = fieldEnd - start;
  return length > BIGINT_DIGITS || (length > 1 && bytes[start] === ZERO) ? -1 : copied;
}

/** copyDecimal for 1 to 32 printable ASCII characters without a backslash. */
function copyText(bytes: Uint8Array, start: number, out: Uint8Array, at: number): number {
  const copied = copyBytesIn(bytes, start, out, at, 0x20, 0x7e, BACKSLASH);
  return fieldEnd - start > TEXT_LENGTH ? -1 : copied;
}
