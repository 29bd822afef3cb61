import type { DayLines } from '@oi/storage';
import { DECIMAL_BYTES, DECIMAL_PRECISION, DECIMAL_SCALE, encodeDecimalField } from './decimal-128.ts';
import { ValueNotRepresentableError } from './errors.ts';
import { writeInt64, writeInt64Text } from './int64-bytes.ts';
import type { ParquetColumn } from './parquet-columns.ts';

const COMMA = 0x2c;
const NEWLINE = 0x0a;
const INT64_BYTES = 8;
// `datetime_utc` as the day lines hold it: '2026-11-24T03:05:00.000Z'.
const DATETIME_FIELD_BYTES = 24;
// Value columns start after `timestamp` and `datetime_utc`.
const FIRST_VALUE_FIELD = 2;

/** The values of one column in a row group, ready to be cut into pages. */
export interface ColumnValues {
  readonly column: ParquetColumn;
  /** Bytes per value in `values`; 0 for dictionary columns, whose values are `ids`. */
  readonly width: number;
  /** PLAIN bytes of the non-NULL values, in row order. */
  readonly values: Uint8Array;
  /** Dictionary index of each non-NULL value, in row order. */
  readonly ids: Uint32Array;
  /** The distinct strings `ids` point at, in first-seen order. */
  readonly dictionary: string[];
  /** 1 where a row has a value, 0 where it is NULL; undefined for REQUIRED columns. */
  readonly defined: Uint8Array | undefined;
  /** How many non-NULL values the row group holds so far. */
  count: number;
}

/** How the lines of one day file header fill the value columns. */
interface FieldPlan {
  /** The column fed by each field from the third on, up to the last one taken; undefined: skipped. */
  readonly fields: readonly (ColumnValues | undefined)[];
  /** Value columns the lines lack (all OPTIONAL): NULL in every row. */
  readonly absent: readonly ColumnValues[];
}

interface DictionaryState {
  readonly lookup: Map<string, number>;
  /** A copy of the last text value's bytes and its index, or undefined after a clear. */
  last: { readonly bytes: Uint8Array; readonly id: number } | undefined;
}

/**
 * The rows of one row group, column by column, in fixed buffers reused for every row group: day
 * lines are cut into fields and converted straight from their bytes, with no object per row.
 */
export class RowGroupBuffer {
  /** One entry per Parquet column, in schema order. */
  readonly columns: readonly ColumnValues[];
  /** Rows buffered. */
  rows = 0;
  /** Smallest and largest slot buffered (statistics of the timestamp columns). */
  minSlotMs = Number.POSITIVE_INFINITY;
  maxSlotMs = Number.NEGATIVE_INFINITY;
  readonly capacity: number;
  readonly #slots: ColumnValues | undefined;
  readonly #symbol: ColumnValues | undefined;
  // Value columns by the day file column that feeds them.
  readonly #byCsvName: ReadonlyMap<string, ColumnValues>;
  // The plan of each day file header seen (storage hands out one array per header).
  readonly #plans = new Map<readonly string[], FieldPlan>();
  readonly #dictionaries = new Map<ColumnValues, DictionaryState>();

  constructor(columns: readonly ParquetColumn[], capacity: number) {
    this.capacity = capacity;
    let slots: ColumnValues | undefined;
    this.columns = columns.map((column) => {
      // Both timestamp columns hold the same INT64 bytes: they share one buffer.
      if (column.kind === 'timestamp' && slots !== undefined) return { ...slots, column };
      const values = this.#allocate(column);
      if (column.kind === 'timestamp') slots = values;
      return values;
    });
    this.#slots = slots;
    this.#symbol = this.columns.find((values) => values.column.kind === 'symbol');
    this.#byCsvName = new Map(
      this.columns.flatMap((values) =>
        values.column.csvName === undefined ? [] : [[values.column.csvName, values] as const],
      ),
    );
  }

  /** Which column each value field of lines under `columns` feeds, and which columns they lack. */
  #planOf(columns: readonly string[]): FieldPlan {
    let plan = this.#plans.get(columns);
    if (plan !== undefined) return plan;
    const fields = columns.slice(FIRST_VALUE_FIELD).map((name) => this.#byCsvName.get(name));
    // Fields after the last one a column takes are not even cut.
    while (fields.length > 0 && fields[fields.length - 1] === undefined) fields.pop();
    const absent = [...this.#byCsvName.values()].filter((values) => !fields.includes(values));
    const required = absent.find((values) => values.column.required);
    if (required !== undefined) {
      throw new Error(`day lines under ${columns.join(',')} have no ${required.column.csvName}`);
    }
    plan = { fields, absent };
    this.#plans.set(columns, plan);
    return plan;
  }

  #allocate(column: ParquetColumn): ColumnValues {
    const dictionaryKind = column.kind === 'symbol' || column.kind === 'text';
    const width = dictionaryKind ? 0 : column.kind === 'decimal' ? DECIMAL_BYTES : INT64_BYTES;
    const values: ColumnValues = {
      column,
      width,
      values: new Uint8Array(this.capacity * width),
      ids: new Uint32Array(dictionaryKind ? this.capacity : 0),
      dictionary: [],
      defined: column.required ? undefined : new Uint8Array(this.capacity),
      count: 0,
    };
    if (dictionaryKind) {
      this.#dictionaries.set(values, { lookup: new Map(), last: undefined });
    }
    return values;
  }

  /** True when no further row fits. */
  get full(): boolean {
    return this.rows === this.capacity;
  }

  /** Forgets every buffered row; the buffers are kept for the next row group. */
  clear(): void {
    this.rows = 0;
    this.minSlotMs = Number.POSITIVE_INFINITY;
    this.maxSlotMs = Number.NEGATIVE_INFINITY;
    for (const values of this.columns) {
      values.count = 0;
      values.dictionary.length = 0;
    }
    for (const state of this.#dictionaries.values()) {
      state.lookup.clear();
      state.last = undefined;
    }
  }

  /**
   * Buffers the rows of `day` from row `from` on until the row group is full; returns the index of
   * the first row not taken (`day.rows` when all were). Throws ValueNotRepresentableError for a
   * value its column cannot hold exactly.
   */
  append(day: DayLines, from: number): number {
    const take = Math.min(day.rows - from, this.capacity - this.rows);
    if (this.#symbol !== undefined) {
      const id = this.#idOf(this.#symbol, day.symbol);
      this.#symbol.ids.fill(id, this.#symbol.count, this.#symbol.count + take);
      this.#symbol.count += take;
    }
    if (this.#slots !== undefined) this.#appendSlots(day.slotsMs, from, take);
    const plan = this.#planOf(day.columns);
    if (plan.fields.length > 0) this.#appendFields(day, plan.fields, from, take);
    // A column the file does not have (a COIN-M unit in a USDⓈ-M file) is NULL in its rows.
    for (const values of plan.absent) (values.defined as Uint8Array).fill(0, this.rows, this.rows + take);
    // The shared timestamp buffer's copies follow the count of the one that was filled.
    for (const values of this.columns)
      if (values.column.kind === 'timestamp') values.count = this.rows + take;
    this.rows += take;
    return from + take;
  }

  #appendSlots(slotsMs: Float64Array, from: number, take: number): void {
    const out = (this.#slots as ColumnValues).values;
    for (let row = 0; row < take; row++) {
      const slotMs = slotsMs[from + row] as number;
      writeInt64(out, (this.rows + row) * INT64_BYTES, slotMs);
      if (slotMs < this.minSlotMs) this.minSlotMs = slotMs;
      if (slotMs > this.maxSlotMs) this.maxSlotMs = slotMs;
    }
  }

  #appendFields(
    day: DayLines,
    fields: readonly (ColumnValues | undefined)[],
    from: number,
    take: number,
  ): void {
    const { bytes, lineStarts } = day;
    for (let row = 0; row < take; row++) {
      // Past the timestamp (its slot is in slotsMs) and datetime_utc, which is always 24 bytes.
      let start = lineStarts[from + row] as number;
      while (bytes[start] !== COMMA) start++;
      start += DATETIME_FIELD_BYTES + 2;
      for (let field = 0; field < fields.length; field++) {
        const values = fields[field];
        const first = bytes[start];
        let end: number;
        if (values === undefined) {
          end = start;
          for (let byte = first; byte !== COMMA && byte !== NEWLINE; byte = bytes[++end]);
        } else if (values.column.kind === 'decimal' && first !== COMMA && first !== NEWLINE) {
          // Decimals, most of the work: converted while their end is found.
          end = encodeDecimalField(bytes, start, values.values, values.count * DECIMAL_BYTES);
          if (end < 0) this.#refuse(day, from + row, values, bytes, start, -1 - end);
          if (values.defined !== undefined) values.defined[this.rows + row] = 1;
          values.count++;
        } else {
          end = start;
          for (let byte = bytes[end]; byte !== COMMA && byte !== NEWLINE; byte = bytes[++end]);
          if (!this.#store(values, bytes, start, end, this.rows + row)) {
            this.#refuse(day, from + row, values, bytes, start, end);
          }
        }
        start = end + 1;
      }
    }
  }

  /** Stores one field of row `row`; false when the column cannot hold it. */
  #store(values: ColumnValues, bytes: Uint8Array, start: number, end: number, row: number): boolean {
    if (start === end) {
      if (values.defined === undefined) return false;
      values.defined[row] = 0;
      return true;
    }
    let stored: boolean;
    switch (values.column.kind) {
      case 'integer':
        stored = writeInt64Text(bytes, start, end, values.values, values.count * INT64_BYTES);
        break;
      default:
        values.ids[values.count] = this.#textId(values, bytes, start, end);
        stored = true;
    }
    if (!stored) return false;
    if (values.defined !== undefined) values.defined[row] = 1;
    values.count++;
    return true;
  }

  /** The dictionary index of a text field; a value equal to the previous one skips decoding. */
  #textId(values: ColumnValues, bytes: Uint8Array, start: number, end: number): number {
    const state = this.#dictionaries.get(values) as DictionaryState;
    const last = state.last;
    if (last !== undefined && last.bytes.length === end - start) {
      let same = true;
      for (let offset = 0; same && offset < last.bytes.length; offset++) {
        same = bytes[start + offset] === last.bytes[offset];
      }
      if (same) return last.id;
    }
    // A copy: `bytes` may be a Buffer, whose slice is a view into memory that is reused.
    const copy = new Uint8Array(bytes.subarray(start, end));
    const id = this.#idOf(values, new TextDecoder().decode(copy));
    state.last = { bytes: copy, id };
    return id;
  }

  #idOf(values: ColumnValues, text: string): number {
    const { lookup } = this.#dictionaries.get(values) as DictionaryState;
    let id = lookup.get(text);
    if (id === undefined) {
      id = values.dictionary.length;
      values.dictionary.push(text);
      lookup.set(text, id);
    }
    return id;
  }

  #refuse(
    day: DayLines,
    row: number,
    values: ColumnValues,
    bytes: Uint8Array,
    start: number,
    end: number,
  ): never {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
    const expected =
      values.column.kind === 'decimal'
        ? `DECIMAL(${DECIMAL_PRECISION}, ${DECIMAL_SCALE})`
        : values.column.kind === 'integer'
          ? 'INT64'
          : 'a required column';
    throw new ValueNotRepresentableError(
      day.symbol,
      day.slotsMs[row] as number,
      values.column.name,
      text,
      expected,
    );
  }
}
