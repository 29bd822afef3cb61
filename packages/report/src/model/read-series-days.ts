import {
  DAY_MS,
  type DayLines,
  readDayLines,
  SERIES_SLOT_MS,
  type Series,
  type TimeRange,
} from '@oi/storage';
import { parseDecimal } from './parse-decimal.ts';
import type { SeriesDay, ValueField } from './series-day.ts';

/** The source every 1m row has: the live endpoint is the only one that gives minutes. */
export const LIVE_SOURCE = 'live';
/** The source of a 5m row whose `source` column is empty (files of the replaced tool). */
export const UNKNOWN_SOURCE = 'unknown';

const COMMA = 0x2c;
// `2026-01-01T00:00:00.000Z`: the datetime_utc field of every line readDayLines hands out (its lines
// are canonical, a legacy file's rendered so), skipped whole rather than walked byte by byte.
const DATETIME_BYTES = 24;
const decoder = new TextDecoder();

/** The units a COIN-M day file's rows state ('' where they do not). */
export interface DayUnits {
  /** USD per contract. */
  readonly contractSize: string;
  /** The coin the value is in. */
  readonly valueAsset: string;
}

/** One day of {@link readSeriesDays}: a {@link SeriesDay} and whose it is. */
export interface SymbolSeriesDay extends SeriesDay {
  /** The symbol. */
  readonly symbol: string;
  /** The UTC day, `YYYY-MM-DD`. */
  readonly dayKey: string;
  /** The units of the day's last row that states them; undefined for a file without unit columns (USDⓈ-M). */
  units(): DayUnits | undefined;
}

/** Options of {@link readSeriesDays}. */
export interface ReadSeriesDaysOptions {
  /** The data directory. */
  readonly dataDir: string;
  /** The symbols, in the order their days come. */
  readonly symbols: readonly string[];
  /** The series. */
  readonly series: Series;
  /** Rows whose slot lies in this range. */
  readonly range: TimeRange;
  /** Stops the reading before the next day file; its reason is thrown. */
  readonly signal?: AbortSignal;
}

// Fields are a few bytes long: a plain loop finds their ends faster than a call to Buffer's indexOf.

/** The end of the field that starts at `start`: the next comma, or the line's end. */
function fieldEnd(bytes: Uint8Array, start: number, lineEnd: number): number {
  let at = start;
  while (at < lineEnd && bytes[at] !== COMMA) at++;
  return at;
}

/** The start of the field `fields` fields after the one that starts at `start`. */
function columnStart(bytes: Uint8Array, start: number, fields: number, lineEnd: number): number {
  let at = start;
  for (let passed = 0; passed < fields; passed++) at = fieldEnd(bytes, at, lineEnd) + 1;
  return at;
}

/**
 * The names of the sources as read from the `source` column: a name is decoded once, when first
 * seen, and the same string is handed out for every row after, so the accumulator compares few
 * distinct strings and no row makes one.
 */
class SourceNames {
  private readonly names = new Map<string, string>();
  private lastRaw = new Uint8Array(0);
  private lastName = UNKNOWN_SOURCE;

  of(bytes: Uint8Array, start: number, end: number): string {
    const last = this.lastRaw;
    if (end - start === last.length) {
      let same = true;
      for (let index = 0; index < last.length; index++) {
        if (bytes[start + index] !== last[index]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastName;
    }
    const raw = bytes.slice(start, end);
    const text = decoder.decode(raw);
    let name = this.names.get(text);
    if (name === undefined) {
      name = text === '' ? UNKNOWN_SOURCE : text;
      this.names.set(text, name);
    }
    this.lastRaw = raw;
    this.lastName = name;
    return name;
  }
}

/** A day's rows parsed into columns that are reused from one day to the next. */
class DayColumns implements SymbolSeriesDay {
  symbol = '';
  dayKey = '';
  rows = 0;
  slotsMs: Float64Array = new Float64Array(0);
  readonly openInterest: Float64Array;
  readonly openInterestValue: Float64Array;
  readonly sources: string[];
  private lines: DayLines | undefined;
  private readonly oiColumn: number;
  private readonly valueColumn: number;
  // A COIN-M file's unit columns (-1 in a USDⓈ-M file): read on request, for one row a day.
  private readonly unitColumns: readonly [number, number];

  constructor(
    capacity: number,
    oiColumn: number,
    valueColumn: number,
    unitColumns: readonly [number, number],
  ) {
    this.openInterest = new Float64Array(capacity);
    this.openInterestValue = new Float64Array(capacity);
    this.sources = new Array<string>(capacity).fill(LIVE_SOURCE);
    this.oiColumn = oiColumn;
    this.valueColumn = valueColumn;
    this.unitColumns = unitColumns;
  }

  /** Cuts the two decimals (and the source, when `sourceColumn` is not -1) out of every line of `day`. */
  fill(day: DayLines, sourceColumn: number, names: SourceNames): void {
    this.lines = day;
    this.symbol = day.symbol;
    this.dayKey = day.dayKey;
    this.rows = day.rows;
    this.slotsMs = day.slotsMs;
    const { bytes, lineStarts } = day;
    const { oiColumn, valueColumn } = this;
    for (let index = 0; index < day.rows; index++) {
      const lineStart = lineStarts[index] as number;
      // The line's `\n` is the byte before the next line's start.
      const lineEnd = (lineStarts[index + 1] as number) - 1;
      const firstComma = fieldEnd(bytes, lineStart, lineEnd);
      const oiStart =
        oiColumn === 2 && bytes[firstComma + 1 + DATETIME_BYTES] === COMMA
          ? firstComma + DATETIME_BYTES + 2
          : columnStart(bytes, firstComma + 1, oiColumn - 1, lineEnd);
      const oiEnd = fieldEnd(bytes, oiStart, lineEnd);
      this.openInterest[index] = parseDecimal(bytes, oiStart, oiEnd);
      const valueStart = columnStart(bytes, oiEnd + 1, valueColumn - oiColumn - 1, lineEnd);
      const valueEnd = fieldEnd(bytes, valueStart, lineEnd);
      this.openInterestValue[index] = parseDecimal(bytes, valueStart, valueEnd);
      if (sourceColumn !== -1) {
        const sourceStart = columnStart(bytes, valueEnd + 1, sourceColumn - valueColumn - 1, lineEnd);
        this.sources[index] = names.of(bytes, sourceStart, fieldEnd(bytes, sourceStart, lineEnd));
      }
    }
  }

  text(field: ValueField, index: number): string {
    return this.fieldText(index, field === 'openInterest' ? this.oiColumn : this.valueColumn);
  }

  units(): DayUnits | undefined {
    const [sizeColumn, assetColumn] = this.unitColumns;
    if (sizeColumn === -1 || assetColumn === -1) return undefined;
    // Rows stored before the contract's listing was read may lack them: the last row that has them.
    for (let index = this.rows - 1; index >= 0; index--) {
      const units = {
        contractSize: this.fieldText(index, sizeColumn),
        valueAsset: this.fieldText(index, assetColumn),
      };
      if (units.contractSize !== '' || units.valueAsset !== '') return units;
    }
    return { contractSize: '', valueAsset: '' };
  }

  private fieldText(index: number, column: number): string {
    const day = this.lines;
    if (day === undefined || index >= this.rows) return '';
    const lineStart = day.lineStarts[index] as number;
    const lineEnd = (day.lineStarts[index + 1] as number) - 1;
    const start = columnStart(day.bytes, lineStart, column, lineEnd);
    return decoder.decode(day.bytes.subarray(start, fieldEnd(day.bytes, start, lineEnd)));
  }
}

/**
 * The stored rows of every symbol's series in `range`, day file by day file (each symbol's days in
 * turn, oldest first; days without rows are left out), as columns. The day handed out, its arrays
 * included, is valid only until the next one is requested.
 *
 * The rows come from one pass of storage's `readDayLines` over all the symbols (its read buffers
 * reused from one symbol to the next): each day file as the canonical lines of the CSV export, every
 * row's slot already parsed, the lines trimmed to the range. Only the three needed fields of a line
 * are found, and its decimals are read from the bytes: no string per row, no object per row.
 */
export async function* readSeriesDays(options: ReadSeriesDaysOptions): AsyncGenerator<SymbolSeriesDay> {
  const { series } = options;
  const capacity = DAY_MS / SERIES_SLOT_MS[series];
  const names = new SourceNames();
  // One set of columns per header (a COIN-M symbol's files add two columns at the end).
  const byHeader = new Map<string, { columns: DayColumns; sourceColumn: number }>();
  for await (const day of readDayLines({
    dataDir: options.dataDir,
    symbols: options.symbols,
    series,
    range: options.range,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  })) {
    const header = day.columns.join(',');
    let reader = byHeader.get(header);
    if (reader === undefined) {
      const oiColumn = day.columns.indexOf('openInterest');
      const valueColumn = day.columns.indexOf('sumOpenInterestValue');
      // Both headers put openInterest, then sumOpenInterestValue, then source in that order, which
      // is what lets a line be walked once. 1m rows are all live; a 5m row names its source.
      const sourceColumn = series === '5m' ? day.columns.indexOf('source') : -1;
      const unitColumns = [day.columns.indexOf('contractSize'), day.columns.indexOf('valueAsset')] as const;
      reader = { columns: new DayColumns(capacity, oiColumn, valueColumn, unitColumns), sourceColumn };
      byHeader.set(header, reader);
    }
    reader.columns.fill(day, reader.sourceColumn, names);
    yield reader.columns;
  }
}
