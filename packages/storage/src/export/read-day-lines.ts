import { type DayLineIndex, indexCanonicalDayLines, linesInRange } from '../format/day-line-index.ts';
import type { DayRow } from '../format/day-row.ts';
import { formatDayRow } from '../format/format-day-file.ts';
import { parseDayFile } from '../format/parse-day-file.ts';
import { dayKeysInRange } from '../model/day-key.ts';
import { assertSeries, type Series, seriesColumnsOf } from '../model/series.ts';
import { assertSymbol } from '../model/symbol.ts';
import { assertTimeRange, type TimeRange } from '../model/time-range.ts';
import { readDayFilesAhead } from './read-ahead.ts';

/**
 * One day file's rows as canonical CSV lines: the bytes exportRange writes after `SYMBOL,` (the
 * symbol's series columns, `\n` endings, no quoting, slots strictly increasing, unknown values empty).
 */
export interface DayLines {
  readonly symbol: string;
  /** The columns of each line: `seriesColumnsOf(symbol, series)` (a COIN-M symbol's add contractSize, valueAsset). */
  readonly columns: readonly string[];
  readonly dayKey: string;
  /** Rows inside the range; never 0 (days without such rows are not yielded). */
  readonly rows: number;
  /** Slot of each row, epoch ms. */
  readonly slotsMs: Float64Array;
  /** Where each row starts in `bytes`; entry `rows` is the end of the last row (after its `\n`). */
  readonly lineStarts: Uint32Array;
  /** Valid only until the next day is requested: its buffer is then reused. */
  readonly bytes: Uint8Array;
}

/** Options of readDayLines. */
export interface ReadDayLinesOptions {
  readonly dataDir: string;
  /** Symbols in output order; repeats are read once. */
  readonly symbols: readonly string[];
  readonly series: Series;
  /** Rows whose slot starts inside this range; every stored row when absent. */
  readonly range?: TimeRange;
  /** `symbol` (default): each symbol's days in turn; `day`: each day's symbols in turn. */
  readonly order?: 'symbol' | 'day';
  /** Stops the reading before the next day file: the generator then throws the signal's reason. */
  readonly signal?: AbortSignal;
}

// Day files read while the current one is used, as in exportRange.
const READ_AHEAD_FILES = 4;

/**
 * Streams the stored rows day file by day file, in constant memory, as the exact lines a CSV export
 * writes: a file already in its canonical form is indexed in place, any other (the replaced tool's,
 * CRLF, unsorted, duplicate or invalid rows) is parsed and rendered into that form first. For
 * writers of other formats that need every row without an object per row.
 */
export async function* readDayLines(options: ReadDayLinesOptions): AsyncGenerator<DayLines> {
  const series = assertSeries(options.series);
  const range = options.range === undefined ? undefined : assertTimeRange(options.range);
  const symbols = [...new Set(options.symbols.map(assertSymbol))];
  const dayFiles = readDayFilesAhead({
    dataDir: options.dataDir,
    symbols,
    series,
    ...(range === undefined ? {} : { dayKeys: new Set(dayKeysInRange(range)) }),
    depth: READ_AHEAD_FILES,
    ...(options.order === undefined ? {} : { order: options.order }),
  });
  for await (const { symbol, dayKey, snapshot } of dayFiles) {
    options.signal?.throwIfAborted();
    let bytes: Uint8Array = snapshot.bytes;
    const columns = seriesColumnsOf(symbol, series);
    let lines = indexCanonicalDayLines(bytes, series, dayKey, columns);
    if (lines === undefined) {
      const parsed = parseDayFile(snapshot.bytes.toString('utf8'), series, dayKey, columns);
      ({ bytes, lines } = renderDayLines(columns, parsed.rows));
    }
    const { first, last } =
      range === undefined ? { first: 0, last: lines.count } : linesInRange(lines, range);
    if (first === last) continue;
    yield {
      symbol,
      columns,
      dayKey,
      rows: last - first,
      slotsMs: lines.slotsMs.subarray(first, last),
      lineStarts: lines.lineStarts.subarray(first, last + 1),
      bytes,
    };
  }
}

/** The canonical lines of parsed rows, sorted by slot, with their index. */
function renderDayLines(
  columns: readonly string[],
  rows: readonly DayRow[],
): { bytes: Uint8Array; lines: DayLineIndex } {
  const sorted = [...rows].sort((a, b) => a.slotMs - b.slotMs);
  const texts = sorted.map((row) => formatDayRow(columns, row));
  const slotsMs = new Float64Array(sorted.length);
  const lineStarts = new Uint32Array(sorted.length + 1);
  let offset = 0;
  texts.forEach((text, index) => {
    slotsMs[index] = (sorted[index] as DayRow).slotMs;
    lineStarts[index] = offset;
    offset += Buffer.byteLength(text);
  });
  lineStarts[sorted.length] = offset;
  return { bytes: Buffer.from(texts.join('')), lines: { count: sorted.length, slotsMs, lineStarts } };
}
