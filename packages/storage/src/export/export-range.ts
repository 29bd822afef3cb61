import { formatCsvLine } from '../format/csv-line.ts';
import { indexCanonicalDayLines } from '../format/day-line-index.ts';
import { parseDayFile } from '../format/parse-day-file.ts';
import { dayKeysInRange, formatDatetimeUtc } from '../model/day-key.ts';
import { isCoinMSymbol } from '../model/market.ts';
import {
  assertSeries,
  COIN_M_SERIES_COLUMNS,
  CORE_COLUMNS,
  SERIES_COLUMNS,
  type Series,
  seriesColumnsOf,
} from '../model/series.ts';
import { assertSymbol } from '../model/symbol.ts';
import { assertTimeRange, type TimeRange } from '../model/time-range.ts';
import { ChunkedWriter, maxUtf8Bytes } from './chunked-writer.ts';
import { copyCsvLines, copyJsonLines, type JsonLineParts, jsonLineParts } from './copy-canonical-lines.ts';
import { readDayFilesAhead } from './read-ahead.ts';

/** Options of exportRange. */
export interface ExportRangeOptions {
  readonly dataDir: string;
  /** Symbols in output order; repeats are exported once. */
  readonly symbols: readonly string[];
  readonly series: Series;
  /** Rows whose slot starts inside this range. */
  readonly range: TimeRange;
  /**
   * `csv`: header `symbol,` + the series columns (the COIN-M header as soon as one symbol is COIN-M,
   * its unit columns empty for USDⓈ-M rows); `jsonl`: one object per line with the keys of its
   * symbol's header.
   */
  readonly format: 'csv' | 'jsonl';
  /** Receives the export; it is not ended, so several exports can share one stream. */
  readonly output: NodeJS.WritableStream;
  /** Called with the running row count after each day file. */
  readonly onProgress?: (rows: number) => void;
  /** Stops the export between chunks (also while waiting for the output to drain): it then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** Result of exportRange. */
export interface ExportResult {
  readonly rows: number;
  readonly files: number;
}

/** Which way an export renders day files (tests hold the two to the same bytes). */
export type ExportPath = 'copy-canonical' | 'parse-all';

// Output goes out in chunks of this size, each written only once the stream has drained, so memory
// stays bounded by about two chunks plus the files read ahead. 1 MiB chunks measured about 8%
// faster but let a slow output hold sixteen times as much.
const CHUNK_BYTES = 64 * 1024;
// Day files read while the current one is written out; reading one at a time left the process
// idle for half of an export.
const READ_AHEAD_FILES = 4;

/**
 * Streams the stored rows of several symbols, symbol after symbol, each sorted by slot, in constant
 * memory (a few day files at a time) and waiting for `drain` whenever the output asks. Rows of the
 * replaced tool's files come out in the full format: ISO `datetime_utc`, empty extra columns. In
 * JSON lines, `timestamp` is a number, decimals stay strings and unknown values are null.
 */
export async function exportRange(options: ExportRangeOptions): Promise<ExportResult> {
  return exportRangeVia(options, 'copy-canonical');
}

/**
 * exportRange, choosing how day files are rendered: `copy-canonical` renders the rows of a file that
 * is byte for byte in its canonical form (indexCanonicalDayLines) straight from its bytes and parses
 * the others; `parse-all` parses every file. Both give the same bytes.
 */
export async function exportRangeVia(options: ExportRangeOptions, path: ExportPath): Promise<ExportResult> {
  const series = assertSeries(options.series);
  const range = assertTimeRange(options.range);
  const symbols = [...new Set(options.symbols.map(assertSymbol))];
  if (options.format !== 'csv' && options.format !== 'jsonl') {
    throw new TypeError(`unknown export format ${JSON.stringify(options.format)}: expected 'csv' or 'jsonl'`);
  }
  const csv = options.format === 'csv';
  const days = new Set(dayKeysInRange(range));
  const writer = new ChunkedWriter(options.output, CHUNK_BYTES, options.signal);
  // One CSV has one header: a COIN-M symbol among the symbols brings its unit columns to all.
  const csvColumns = symbols.some(isCoinMSymbol) ? COIN_M_SERIES_COLUMNS[series] : SERIES_COLUMNS[series];
  if (csv) {
    const header = `${formatCsvLine(['symbol', ...csvColumns])}\n`;
    await writer.flush(maxUtf8Bytes(header));
    writer.appendText(header);
  }
  let rows = 0;
  let files = 0;
  let partsSymbol = '';
  let prefix = new Uint8Array(0);
  let jsonParts: JsonLineParts | undefined;
  let symbolColumns: readonly string[] = SERIES_COLUMNS[series];
  const dayFiles = readDayFilesAhead({
    dataDir: options.dataDir,
    symbols,
    series,
    dayKeys: days,
    depth: READ_AHEAD_FILES,
  });
  for await (const { symbol, dayKey, snapshot } of dayFiles) {
    options.signal?.throwIfAborted();
    files++;
    if (symbol !== partsSymbol) {
      // A symbol is `[A-Z0-9_]`, so its CSV field never needs quoting.
      prefix = new TextEncoder().encode(`${symbol},`);
      symbolColumns = seriesColumnsOf(symbol, series);
      jsonParts = jsonLineParts(symbol, symbolColumns);
      partsSymbol = symbol;
    }
    // A file's own lines fit the output only when its header is the output's.
    const copyable = path === 'copy-canonical' && (!csv || symbolColumns.length === csvColumns.length);
    const lines = copyable
      ? indexCanonicalDayLines(snapshot.bytes, series, dayKey, symbolColumns)
      : undefined;
    if (lines === undefined) {
      const text = snapshot.bytes.toString('utf8');
      const columns = { file: symbolColumns, output: csv ? csvColumns : symbolColumns };
      rows += await writeParsedRows(writer, text, symbol, series, dayKey, range, csv, columns);
    } else if (csv) {
      rows += await copyCsvLines(writer, snapshot.bytes, lines, prefix, range);
    } else {
      rows += await copyJsonLines(writer, snapshot.bytes, lines, jsonParts as JsonLineParts, range);
    }
    options.onProgress?.(rows);
  }
  await writer.flush();
  return { rows, files };
}

/**
 * Renders the valid rows of a day file (full header `columns.file`) inside `range` from
 * parseDayFile under the output's columns; returns how many.
 */
async function writeParsedRows(
  writer: ChunkedWriter,
  text: string,
  symbol: string,
  series: Series,
  dayKey: string,
  range: TimeRange,
  csv: boolean,
  columns: { readonly file: readonly string[]; readonly output: readonly string[] },
): Promise<number> {
  const extraColumns = columns.output.slice(CORE_COLUMNS.length);
  const dayRows = parseDayFile(text, series, dayKey, columns.file)
    .rows.filter((row) => row.slotMs >= range.startMs && row.slotMs < range.endMs)
    .sort((a, b) => a.slotMs - b.slotMs);
  for (const row of dayRows) {
    const datetime = formatDatetimeUtc(row.slotMs);
    const extras = extraColumns.map((column) => row.extra[column] ?? '');
    let line: string;
    if (csv) {
      line = `${formatCsvLine([symbol, String(row.slotMs), datetime, row.openInterest, row.openInterestValue, ...extras])}\n`;
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
      line = `${JSON.stringify(record)}\n`;
    }
    const size = maxUtf8Bytes(line);
    if (!writer.fits(size)) await writer.flush(size);
    writer.appendText(line);
  }
  return dayRows.length;
}
