import type { Compression, ParquetExportResult, PartitionBy } from '@oi/parquet';
import { listSymbols, type Series } from '@oi/storage';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { closedRange, type TimeRangeMs } from '../../cli/range-flags.ts';
import { UsageError } from '../../errors/exit-error.ts';
import { createProgressReporter } from '../../terminal/progress.ts';

/** The flags of `oi export` that only Parquet takes. */
export const parquetFlags = {
  'partition-by': {
    choices: ['symbol', 'day'] as const,
    description:
      'Parquet only: a hive-partitioned dataset in the --out folder, one file per symbol or UTC day',
  },
  compression: {
    choices: ['zstd', 'snappy'] as const,
    description: 'Parquet only: page compression (default zstd)',
  },
} as const;

/** Options of `oi export --format parquet`. */
export interface ParquetExportOptions {
  readonly format: 'parquet';
  /** Absolute path of the file, or with `partitionBy` of the dataset's folder (absent or empty). */
  readonly outPath: string;
  readonly series: Series;
  readonly range?: TimeRangeMs;
  readonly partitionBy?: PartitionBy;
  readonly compression: Compression;
}

/** The Parquet flags as parsed, and the format and output they go with. */
export interface ParquetFlagValues {
  readonly format: string;
  readonly outPath: string | undefined;
  readonly partitionBy: PartitionBy | undefined;
  readonly compression: Compression | undefined;
}

/**
 * The Parquet settings of an export command line, or undefined for a text format. Parquet goes to a
 * file or folder (never stdout), and the Parquet flags go with Parquet only: a UsageError (exit 2) otherwise.
 */
export function parquetSettingsOf(
  flags: ParquetFlagValues,
): Pick<ParquetExportOptions, 'outPath' | 'partitionBy' | 'compression'> | undefined {
  if (flags.format !== 'parquet') {
    const given =
      flags.partitionBy !== undefined
        ? '--partition-by'
        : flags.compression !== undefined
          ? '--compression'
          : undefined;
    if (given !== undefined) {
      throw new UsageError(`${given} needs --format parquet, found --format ${flags.format}`);
    }
    return undefined;
  }
  if (flags.outPath === undefined) {
    throw new UsageError(
      '--format parquet needs --out: expected a file (or a folder with --partition-by), found stdout',
    );
  }
  return {
    outPath: flags.outPath,
    compression: flags.compression ?? 'zstd',
    ...(flags.partitionBy === undefined ? {} : { partitionBy: flags.partitionBy }),
  };
}

/** Inputs of {@link runParquetExport} besides the command options. */
export interface ParquetExportInput {
  readonly dataDir: string;
  /** Only these symbols; every symbol in the data directory when absent. */
  readonly symbols?: readonly string[];
}

/**
 * The stored rows of a range as one Parquet file or a hive-partitioned dataset (typed columns,
 * exact DECIMAL(38,18) values, ZSTD or Snappy), written in bounded memory and renamed into place, so
 * a reader never sees half of it. Reads the day files without the writer lock.
 */
export async function runParquetExport(
  options: ParquetExportOptions,
  input: ParquetExportInput,
  context: CommandContext,
): Promise<CommandResult> {
  const symbols = input.symbols ?? (await listSymbols(input.dataDir));
  const progress = createProgressReporter({
    label: 'export',
    unit: 'rows',
    bars: context.progressBars,
    logger: context.logger,
  });
  const range = options.range;
  // Loaded only for a Parquet export, so the writer and its codecs cost the other commands nothing.
  const { exportParquet } = await import('@oi/parquet');
  let result: ParquetExportResult;
  try {
    result = await exportParquet({
      dataDir: input.dataDir,
      symbols,
      series: options.series,
      ...(range === undefined ? {} : { range: closedRange(range, Date.now()) }),
      out: options.outPath,
      ...(options.partitionBy === undefined ? {} : { partitionBy: options.partitionBy }),
      compression: options.compression,
      signal: context.signal,
      onProgress: (rows) => progress.update({ done: rows }),
    });
  } finally {
    progress.stop();
  }
  const layout =
    options.partitionBy === undefined
      ? `parquet, ${options.compression}`
      : `parquet, ${options.compression}, ${result.files.length} partitions by ${options.partitionBy}`;
  return {
    exitCode: 0,
    data: {
      rows: result.rows,
      files: result.dayFiles,
      symbols: symbols.length,
      series: options.series,
      format: 'parquet',
      compression: options.compression,
      partitionBy: options.partitionBy ?? null,
      out: options.outPath,
      parquetFiles: result.files,
    },
    text: `exported ${result.rows} ${options.series} rows of ${symbols.length} symbols from ${result.dayFiles} day files to ${options.outPath} (${layout})`,
  };
}
