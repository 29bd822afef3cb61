import { once } from 'node:events';
import { formatCsvLine } from './csv-line.ts';
import { parseDayFile } from './day-file.ts';
import { readFileSnapshot } from './day-file-io.ts';
import { listDayFiles } from './day-files.ts';
import { dayKeysInRange, formatDatetimeUtc } from './day-key.ts';
import { assertSeries, SERIES_COLUMNS, SERIES_EXTRA_COLUMNS, type Series } from './series.ts';
import { assertSymbol } from './symbol.ts';
import { assertTimeRange, type TimeRange } from './time-range.ts';

/** Options of exportRange. */
export interface ExportRangeOptions {
  readonly dataDir: string;
  /** Symbols in output order; repeats are exported once. */
  readonly symbols: readonly string[];
  readonly series: Series;
  /** Rows whose slot starts inside this range. */
  readonly range: TimeRange;
  /** `csv`: header `symbol,` + the series columns; `jsonl`: one object per line with the same keys. */
  readonly format: 'csv' | 'jsonl';
  /** Receives the export; it is not ended, so several exports can share one stream. */
  readonly output: NodeJS.WritableStream;
  /** Called with the running row count after each day file. */
  readonly onProgress?: (rows: number) => void;
}

/** Result of exportRange. */
export interface ExportResult {
  readonly rows: number;
  readonly files: number;
}

// Output is written in chunks of about this many characters; a chunk is only written once the
// stream has drained, so memory stays bounded by one chunk plus one day file.
const CHUNK_CHARS = 64 * 1024;

async function writeRespectingBackpressure(output: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (output.write(chunk)) return;
  await once(output as unknown as NodeJS.EventEmitter, 'drain');
}

/**
 * Streams the stored rows of several symbols, symbol after symbol, each sorted by slot, in constant
 * memory (one day file at a time) and waiting for `drain` whenever the output asks. Rows of the
 * replaced tool's files come out in the full format: ISO `datetime_utc`, empty extra columns. In
 * JSON lines, `timestamp` is a number, decimals stay strings and unknown values are null.
 */
export async function exportRange(options: ExportRangeOptions): Promise<ExportResult> {
  const series = assertSeries(options.series);
  const range = assertTimeRange(options.range);
  const symbols = [...new Set(options.symbols.map(assertSymbol))];
  if (options.format !== 'csv' && options.format !== 'jsonl') {
    throw new TypeError(`unknown export format ${JSON.stringify(options.format)}: expected 'csv' or 'jsonl'`);
  }
  const days = new Set(dayKeysInRange(range));
  const columns = SERIES_COLUMNS[series];
  const extraColumns = SERIES_EXTRA_COLUMNS[series];
  let chunk = options.format === 'csv' ? formatCsvLine(['symbol', ...columns]) + '\n' : '';
  let rows = 0;
  let files = 0;
  for (const symbol of symbols) {
    for (const { dayKey, path } of await listDayFiles(options.dataDir, symbol, series)) {
      if (!days.has(dayKey)) continue;
      const snapshot = await readFileSnapshot(path);
      if (snapshot === undefined) continue;
      files++;
      const dayRows = parseDayFile(snapshot.text, series, dayKey)
        .rows.filter((row) => row.slotMs >= range.startMs && row.slotMs < range.endMs)
        .sort((a, b) => a.slotMs - b.slotMs);
      for (const row of dayRows) {
        const datetime = formatDatetimeUtc(row.slotMs);
        const extras = extraColumns.map((column) => row.extra[column] ?? '');
        if (options.format === 'csv') {
          chunk +=
            formatCsvLine([
              symbol,
              String(row.slotMs),
              datetime,
              row.openInterest,
              row.openInterestValue,
              ...extras,
            ]) + '\n';
        } else {
          const record: Record<string, string | number | null> = {
            symbol,
            timestamp: row.slotMs,
            datetime_utc: datetime,
            openInterest: row.openInterest,
            sumOpenInterestValue: row.openInterestValue === '' ? null : row.openInterestValue,
          };
          extraColumns.forEach((column, index) => {
            const value = extras[index] ?? '';
            record[column] = value === '' ? null : value;
          });
          chunk += JSON.stringify(record) + '\n';
        }
        rows++;
        if (chunk.length >= CHUNK_CHARS) {
          await writeRespectingBackpressure(options.output, chunk);
          chunk = '';
        }
      }
      options.onProgress?.(rows);
    }
  }
  if (chunk !== '') await writeRespectingBackpressure(options.output, chunk);
  return { rows, files };
}
