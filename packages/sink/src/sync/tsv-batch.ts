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
 * toSinkRecord validates it and kept in the file's spelling (a decimal with an exponent becomes
 * its fixed spelling). Built straight from the day lines' bytes: no object or string per row.
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
  // Where each field of the current line starts, and one past the end of the last.
  readonly #fieldStarts = new Int32Array(64);

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

  #appendLine(day: DayLines, row: number, layout: Int32Array, slotMs: number): void {
    const source = day.bytes;
    const lineStart = day.lineStarts[row] as number;
    const lineEnd = (day.lineStarts[row + 1] as number) - 1;
    const starts = this.#fieldStarts;
    let fields = 1;
    starts[0] = lineStart;
    for (let index = lineStart; index < lineEnd && fields < starts.length - 1; index++) {
      if (source[index] === COMMA) starts[fields++] = index + 1;
    }
    starts[fields] = lineEnd + 1;
    this.#reserve(lineEnd - lineStart + this.#symbolBytes.length + 4 * layout.length + 8);
    const out = this.bytes;
    let at = this.size;
    const symbol = this.#symbolBytes;
    for (let index = 0; index < symbol.length; index++) out[at++] = symbol[index] as number;
    out[at++] = TAB;
    // The slot: the line's first field, digits as the file holds them (storage parsed it into slotsMs).
    for (let index = lineStart; index < (starts[1] as number) - 1; index++)
      out[at++] = source[index] as number;
    this.size = at;
    for (let index = 0; index < layout.length; index++) {
      const field = layout[index] as number;
      const start = field >= 0 && field < fields ? (starts[field] as number) : 0;
      const end = field >= 0 && field < fields ? (starts[field + 1] as number) - 1 : 0;
      this.bytes[this.size++] = TAB;
      this.#appendValue(this.columns[index] as SinkColumn, source, start, end, slotMs);
    }
    this.bytes[this.size++] = NEWLINE;
  }

  #appendValue(column: SinkColumn, source: Uint8Array, start: number, end: number, slotMs: number): void {
    if (start === end && column.nullable) {
      this.bytes[this.size++] = BACKSLASH;
      this.bytes[this.size++] = LETTER_N;
      return;
    }
    const plain =
      column.kind === 'decimal'
        ? isStorablePlainDecimal(source, start, end)
        : column.kind === 'bigint'
          ? isBigintDigits(source, start, end)
          : isPlainText(source, start, end);
    if (plain) {
      // Byte by byte: a subarray of a Buffer would allocate an object per value.
      const out = this.bytes;
      let at = this.size;
      for (let index = start; index < end; index++) out[at++] = source[index] as number;
      this.size = at;
      return;
    }
    // Rare spellings (exponents) and refusals go through the same check as toSinkRecord.
    const text = Buffer.from(source.buffer, source.byteOffset + start, end - start).toString('utf8');
    const value = sinkValue(column, text, this.symbol, slotMs) as string;
    this.#reserve(SLOW_VALUE_BYTES);
    this.size += this.#encoder.encodeInto(value, this.bytes.subarray(this.size)).written;
  }
}

/** `-?digits(.digits)?` that DECIMAL(38,18) holds as written: what storableDecimal returns unchanged. */
function isStorablePlainDecimal(bytes: Uint8Array, start: number, end: number): boolean {
  let index = bytes[start] === MINUS ? start + 1 : start;
  while (index < end && bytes[index] === ZERO) index++;
  const significantStart = index;
  let point = -1;
  for (; index < end; index++) {
    const byte = bytes[index] as number;
    if (byte === POINT && point === -1) point = index;
    else if (byte < ZERO || byte > NINE) return false;
  }
  const digitsStart = bytes[start] === MINUS ? start + 1 : start;
  if (end === digitsStart || point === digitsStart || point === end - 1) return false;
  const integerEnd = point === -1 ? end : point;
  // Trailing zeros beyond 18 fraction digits are storable but take the slow path, which drops them.
  return (
    integerEnd - Math.min(significantStart, integerEnd) <= INTEGER_DIGITS &&
    (point === -1 || end - point - 1 <= FRACTION_DIGITS)
  );
}

/** `0` or up to 18 digits without a leading zero: the BIGINT epoch ms the pattern of sink-record accepts. */
function isBigintDigits(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length < 1 || length > BIGINT_DIGITS || (length > 1 && bytes[start] === ZERO)) return false;
  for (let index = start; index < end; index++) {
    const byte = bytes[index] as number;
    if (byte < ZERO || byte > NINE) return false;
  }
  return true;
}

/** 1 to 32 printable ASCII characters without a backslash. */
function isPlainText(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start < 1 || end - start > TEXT_LENGTH) return false;
  for (let index = start; index < end; index++) {
    const byte = bytes[index] as number;
    if (byte < 0x20 || byte > 0x7e || byte === BACKSLASH) return false;
  }
  return true;
}
