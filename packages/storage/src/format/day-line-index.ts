import { DAY_MS } from '../model/day-key.ts';
import { SERIES_COLUMNS, SERIES_SLOT_MS, type Series } from '../model/series.ts';
import type { TimeRange } from '../model/time-range.ts';
import {
  dayStartOf,
  fullLayoutOf,
  scanRowValues,
  scanTimestamp,
  startsWith,
  type TimestampValue,
} from './day-slot-scan.ts';

// An export re-renders every row from parseDayFile's row objects: for a 1m day that is 1440 string
// splits, regex checks, luxon datetimes and CSV joins, most of the export's time. A file that is
// already exactly what a rewrite would produce (this store's full header, `\n` endings, every line a
// valid row, slots strictly increasing, datetime_utc exactly the ISO rendering of the slot) holds
// those very lines, so an export can copy its bytes. This indexer proves that with byte loops, using
// the slot scanner's value checks, and returns undefined for anything else (a legacy or foreign
// header, a BOM, CRLF, quoting, an invalid, duplicate, unsorted or mismatched row), which sends the
// file to parseDayFile. A torn tail (bytes after the last `\n`) is never a row and is left out.

const NEWLINE = 0x0a;
const COMMA = 0x2c;

/** The rows of a day file whose bytes are exactly its canonical form, by line. */
export interface DayLineIndex {
  /** Rows in the file (lines after the header). */
  readonly count: number;
  /** Slot of each row, strictly increasing. */
  readonly slotsMs: Float64Array;
  /** Byte offset where each row starts; entry `count` is the end of the last row (after its `\n`). */
  readonly lineStarts: Uint32Array;
}

// `THH:MM:SS.mmmZ` of every slot of a day, per series: comparing bytes to a table is several times
// cheaper than rendering the time of each row.
const TIME_BYTES = 'T00:00:00.000Z'.length;
const timeTables = new Map<Series, Uint8Array>();

function timeTableOf(series: Series): Uint8Array {
  let table = timeTables.get(series);
  if (table === undefined) {
    const slotMs = SERIES_SLOT_MS[series];
    const slots = DAY_MS / slotMs;
    table = new Uint8Array(slots * TIME_BYTES);
    for (let slot = 0; slot < slots; slot++) {
      // Any day works: only the time of day is kept.
      const iso = new Date(slot * slotMs).toISOString();
      table.set(new TextEncoder().encode(iso.slice(iso.indexOf('T'))), slot * TIME_BYTES);
    }
    timeTables.set(series, table);
  }
  return table;
}

/**
 * Indexes the rows of a day file of `series` for `dayKey` whose full header is `columns` when its
 * bytes are exactly what formatDayFile would write for the rows parseDayFile reads from it;
 * undefined otherwise.
 */
export function indexCanonicalDayLines(
  bytes: Uint8Array,
  series: Series,
  dayKey: string,
  columns: readonly string[] = SERIES_COLUMNS[series],
): DayLineIndex | undefined {
  const end = bytes.lastIndexOf(NEWLINE) + 1;
  const layout = fullLayoutOf(columns);
  if (end === 0 || !startsWith(bytes, layout.bytes, end)) return undefined;
  const checks = layout.checks;
  const slotMs = SERIES_SLOT_MS[series];
  const dayStartMs = dayStartOf(dayKey);
  const dayKeyBytes = new TextEncoder().encode(dayKey);
  const dayKeyLength = dayKeyBytes.length;
  const times = timeTableOf(series);
  // Strictly increasing slots of one day: at most one row per slot.
  const maxRows = DAY_MS / slotMs;
  const slotsMs = new Float64Array(maxRows);
  const lineStarts = new Uint32Array(maxRows + 1);
  let count = 0;
  let lastOffsetMs = -1;
  let index = layout.bytes.length;
  const timestamp: TimestampValue = { slotMs: 0 };
  while (index < end) {
    if (count === maxRows) return undefined;
    lineStarts[count] = index;
    index = scanTimestamp(bytes, index, timestamp);
    if (index === -1) return undefined;
    const slot = timestamp.slotMs;
    if (bytes[index] !== COMMA) return undefined;
    const offsetMs = slot - dayStartMs;
    if (offsetMs <= lastOffsetMs || offsetMs >= DAY_MS || slot % slotMs !== 0) return undefined;
    index++;
    for (let position = 0; position < dayKeyLength; position++) {
      if (bytes[index + position] !== dayKeyBytes[position]) return undefined;
    }
    index += dayKeyLength;
    const time = (offsetMs / slotMs) * TIME_BYTES;
    for (let position = 0; position < TIME_BYTES; position++) {
      if (bytes[index + position] !== times[time + position]) return undefined;
    }
    index = scanRowValues(bytes, index + TIME_BYTES, checks);
    if (index === -1) return undefined;
    slotsMs[count] = slot;
    lastOffsetMs = offsetMs;
    count++;
  }
  lineStarts[count] = end;
  return { count, slotsMs, lineStarts };
}

/** The first row of `index` whose slot is at or after `slotMs` (`count` when there is none). */
export function firstLineAtOrAfter(index: DayLineIndex, slotMs: number): number {
  let low = 0;
  let high = index.count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((index.slotsMs[middle] as number) < slotMs) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The rows of `index` whose slots lie in `range`: lines `first` up to (not including) `last`. */
export function linesInRange(index: DayLineIndex, range: TimeRange): { first: number; last: number } {
  return { first: firstLineAtOrAfter(index, range.startMs), last: firstLineAtOrAfter(index, range.endMs) };
}
