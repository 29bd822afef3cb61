import {
  ALL_SERIES,
  assertSymbol,
  type DayLines,
  InvalidSeriesError,
  isCoinMSymbol,
  listSymbols,
  readDayLines,
  type Series,
  type TimeRange,
} from '@oi/storage';
import { encodeRowGroup } from './column-chunk.ts';
import { COMPRESSIONS, type Compression, codecOf } from './compression.ts';
import { InvalidExportOptionsError } from './errors.ts';
import { prepareOutput } from './output-target.ts';
import { parquetColumns } from './parquet-columns.ts';
import { ParquetFileWriter } from './parquet-file-writer.ts';
import { RowGroupBuffer } from './row-group-buffer.ts';

/** How a partitioned export splits its rows into hive-style folders. */
export type PartitionBy = 'symbol' | 'day';

/** Options of exportParquet. */
export interface ExportParquetOptions {
  readonly dataDir: string;
  /**
   * Symbols in output order; repeats are exported once.
   * @default every symbol with a folder in the data directory, sorted
   */
  readonly symbols?: readonly string[];
  readonly series: Series;
  /**
   * Rows whose slot starts inside `[startMs, endMs)`.
   * @default every stored row
   */
  readonly range?: TimeRange;
  /** The Parquet file, or with `partitionBy` the dataset's folder (absent or empty). */
  readonly out: string;
  /**
   * One file per symbol (`symbol=BTCUSDT/part-0.parquet`, without a symbol column) or per UTC day
   * (`day=2026-11-20/part-0.parquet`); one file when absent.
   */
  readonly partitionBy?: PartitionBy;
  /**
   * Page compression.
   * @default 'zstd'
   */
  readonly compression?: Compression;
  /**
   * Rows per row group (the last one of a file may hold fewer).
   * @default 131072
   */
  readonly rowGroupRows?: number;
  /** Stops the export between day files; nothing is left at `out` or beside it. */
  readonly signal?: AbortSignal;
  /** Called with the running row count after each day file. */
  readonly onProgress?: (rows: number) => void;
}

/** One Parquet file an export wrote. */
export interface ExportedParquetFile {
  /** Where the file is now, after the export's rename. */
  readonly path: string;
  /** The hive partition folder (`symbol=BTCUSDT`, `day=2026-11-20`); undefined for a single file. */
  readonly partition: string | undefined;
  readonly rows: number;
  readonly rowGroups: number;
  readonly bytes: number;
}

/** Result of exportParquet. */
export interface ParquetExportResult {
  readonly rows: number;
  /** Day files that contributed rows. */
  readonly dayFiles: number;
  /** In the order written; empty for a partitioned export without rows. */
  readonly files: readonly ExportedParquetFile[];
}

/** Rows per row group unless told otherwise: about DuckDB's (122 880), 12 MB of buffers for 1m rows. */
export const DEFAULT_ROW_GROUP_ROWS = 131_072;
const MAX_ROW_GROUP_ROWS = 4_194_304;
// Pages of at most 1 MiB for the widest column (16-byte decimals).
const PAGE_ROWS = 65_536;

function checkOptions(options: ExportParquetOptions): { compression: Compression; rowGroupRows: number } {
  if (!ALL_SERIES.includes(options.series)) throw new InvalidSeriesError(options.series);
  const partitionBy: unknown = options.partitionBy;
  if (partitionBy !== undefined && partitionBy !== 'symbol' && partitionBy !== 'day') {
    throw new InvalidExportOptionsError(
      'partitionBy',
      `${JSON.stringify(partitionBy)}: expected 'symbol' or 'day'`,
    );
  }
  const compression = options.compression ?? 'zstd';
  if (!COMPRESSIONS.includes(compression)) {
    throw new InvalidExportOptionsError(
      'compression',
      `${JSON.stringify(compression)}: expected 'zstd' or 'snappy'`,
    );
  }
  const rowGroupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS;
  if (!Number.isSafeInteger(rowGroupRows) || rowGroupRows < 1 || rowGroupRows > MAX_ROW_GROUP_ROWS) {
    throw new InvalidExportOptionsError(
      'rowGroupRows',
      `${rowGroupRows}: expected a whole number from 1 to ${MAX_ROW_GROUP_ROWS}`,
    );
  }
  options.symbols?.forEach(assertSymbol);
  return { compression, rowGroupRows };
}

function partitionOf(partitionBy: PartitionBy | undefined, day: DayLines): string | undefined {
  if (partitionBy === 'symbol') return `symbol=${day.symbol}`;
  if (partitionBy === 'day') return `day=${day.dayKey}`;
  return undefined;
}

/**
 * Exports stored rows to Parquet in bounded memory: day file after day file (symbol-major, or
 * day-major when partitioned by day), each row converted from the day file's bytes into fixed
 * column buffers; a full row group is encoded and compressed, and written while the next one
 * fills. Everything is written under a temporary name beside `out` and renamed into place at the
 * end; on failure or abort the temporary output is removed and the error thrown.
 */
export async function exportParquet(options: ExportParquetOptions): Promise<ParquetExportResult> {
  const { compression, rowGroupRows } = checkOptions(options);
  const { series, partitionBy, signal } = options;
  signal?.throwIfAborted();
  const symbols = options.symbols ?? (await listSymbols(options.dataDir));
  // Decided once for the whole export, so every file of a dataset has the same schema; an export of
  // USDⓈ-M symbols alone keeps the columns it always had, as the CSV export's header does.
  const columns = parquetColumns(series, {
    withSymbol: partitionBy !== 'symbol',
    withUnits: symbols.some(isCoinMSymbol),
  });
  const codec = codecOf(compression);
  const output = await prepareOutput(options.out, partitionBy !== undefined);
  const buffer = new RowGroupBuffer(columns, rowGroupRows);
  const pageRows = Math.min(PAGE_ROWS, rowGroupRows);
  const files: ExportedParquetFile[] = [];
  let writer: ParquetFileWriter | undefined;
  let partition: string | undefined;
  // The row group being written while the next one fills; at most one is in flight.
  let writing: Promise<void> = Promise.resolve();
  let rows = 0;
  let dayFiles = 0;

  const openFile = async (key: string | undefined): Promise<ParquetFileWriter> => {
    partition = key;
    const path = await output.fileFor(key);
    writer = await ParquetFileWriter.create(path, { columns, codec, keyValues: { 'oi.series': series } });
    return writer;
  };
  const flush = async (target: ParquetFileWriter): Promise<void> => {
    if (buffer.rows === 0) return;
    // At most one row group is in flight: its pages are written while the buffer refills.
    await writing;
    const chunks = encodeRowGroup(buffer, pageRows, codec);
    buffer.clear();
    writing = target.writeRowGroup(chunks);
    // Awaited before the next flush or the close; marked handled so a failure waits for that.
    writing.catch(() => undefined);
  };
  const closeFile = async (target: ParquetFileWriter): Promise<void> => {
    await flush(target);
    await writing;
    writer = undefined;
    const written = await target.close();
    files.push({ path: output.finalPathOf(partition), partition, ...written });
  };

  try {
    const days = readDayLines({
      dataDir: options.dataDir,
      symbols,
      series,
      ...(options.range === undefined ? {} : { range: options.range }),
      order: partitionBy === 'day' ? 'day' : 'symbol',
    });
    for await (const day of days) {
      signal?.throwIfAborted();
      const key = partitionOf(partitionBy, day);
      if (writer !== undefined && key !== partition) await closeFile(writer);
      const target = writer ?? (await openFile(key));
      for (let row = 0; row < day.rows; ) {
        row = buffer.append(day, row);
        if (buffer.full) await flush(target);
      }
      rows += day.rows;
      dayFiles++;
      options.onProgress?.(rows);
    }
    // A single file is written even without rows: a valid Parquet file with the schema and no row group.
    const last = writer ?? (partitionBy === undefined ? await openFile(undefined) : undefined);
    if (last !== undefined) await closeFile(last);
    signal?.throwIfAborted();
    await output.commit();
  } catch (error) {
    await writing.catch(() => undefined);
    await writer?.abandon();
    await output.discard();
    throw error;
  }
  return { rows, dayFiles, files };
}
