import { type DayLines, readDayLines, SERIES_COLUMNS, type Series, type TimeRange } from '@oi/storage';
import type { SeriesRow } from './series-accumulator.ts';

/** The source every 1m row has: the live endpoint is the only one that gives minutes. */
export const LIVE_SOURCE = 'live';
/** The source of a 5m row whose `source` column is empty (files of the replaced tool). */
export const UNKNOWN_SOURCE = 'unknown';

const COMMA = ',';

/** The position of a day's text where column `column` of the line starting at `lineStart` begins. */
function columnStart(text: string, lineStart: number, column: number): number {
  let at = lineStart;
  for (let passed = 0; passed < column; passed++) at = text.indexOf(COMMA, at) + 1;
  return at;
}

/**
 * The names of the sources as read from the `source` column. The day's text is decoded as latin1 so
 * its positions are storage's byte offsets; a name is decoded as UTF-8 once, when first seen, and the
 * same string is handed out for every row after, so the accumulator's maps see few distinct strings.
 */
class SourceNames {
  private readonly names = new Map<string, string>();
  private lastRaw = '';
  private lastName = UNKNOWN_SOURCE;

  of(raw: string): string {
    if (raw === this.lastRaw) return this.lastName;
    let name = this.names.get(raw);
    if (name === undefined) {
      name = raw === '' ? UNKNOWN_SOURCE : Buffer.from(raw, 'latin1').toString('utf8');
      this.names.set(raw, name);
    }
    this.lastRaw = raw;
    this.lastName = name;
    return name;
  }
}

/**
 * Calls `visit` with every stored row of one symbol's series in `range`, in slot order. The row
 * object is reused: it is valid only during the call.
 *
 * The rows come from storage's `readDayLines`: each day file as the canonical lines of the CSV export
 * (columns in `SERIES_COLUMNS` order, `\n` endings, no quoting), with every row's slot already parsed
 * and the lines trimmed to the range. Only the three needed fields of a line are cut out of the day's
 * text, which is decoded once: no export stream, no per-line strings, no parsing of the slot or the
 * time, which is what keeps a report of 500 symbols x 30 days within seconds.
 */
export async function readSeriesRows(
  dataDir: string,
  symbol: string,
  series: Series,
  range: TimeRange,
  visit: (row: SeriesRow) => void,
): Promise<void> {
  const columns = SERIES_COLUMNS[series];
  const oiColumn = columns.indexOf('openInterest');
  const valueColumn = columns.indexOf('sumOpenInterestValue');
  // The source is the last column of a 5m line; 1m rows are all live.
  const readsSource = series === '5m';
  const sources = new SourceNames();
  const row = { slotMs: 0, openInterest: '', openInterestValue: '', source: LIVE_SOURCE };
  for await (const day of readDayLines({ dataDir, symbols: [symbol], series, range })) {
    const text = dayText(day);
    const { lineStarts, slotsMs } = day;
    for (let index = 0; index < day.rows; index++) {
      const lineStart = (lineStarts[index] as number) - (lineStarts[0] as number);
      // The line's `\n` is the byte before the next line's start.
      const lineEnd = (lineStarts[index + 1] as number) - (lineStarts[0] as number) - 1;
      const oiStart = columnStart(text, lineStart, oiColumn);
      const oiEnd = text.indexOf(COMMA, oiStart);
      const valueStart = columnStart(text, oiEnd + 1, valueColumn - oiColumn - 1);
      const valueEnd = text.indexOf(COMMA, valueStart);
      row.slotMs = slotsMs[index] as number;
      row.openInterest = text.slice(oiStart, oiEnd);
      row.openInterestValue = text.slice(
        valueStart,
        valueEnd === -1 || valueEnd > lineEnd ? lineEnd : valueEnd,
      );
      if (readsSource) row.source = sources.of(text.slice(text.lastIndexOf(COMMA, lineEnd) + 1, lineEnd));
      visit(row);
    }
  }
}

/** The day's lines in range as one latin1 string, so string positions are byte offsets. */
function dayText(day: DayLines): string {
  const first = day.lineStarts[0] as number;
  const end = day.lineStarts[day.rows] as number;
  return Buffer.from(day.bytes.buffer, day.bytes.byteOffset + first, end - first).toString('latin1');
}
