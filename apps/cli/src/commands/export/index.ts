import { resolve } from 'node:path';
import {
  coverage,
  exportRange,
  listQuarantine,
  listSymbols,
  type QuarantineReport,
  SERIES_SLOT_MS,
  type Series,
  type TimeRange,
} from '@oi/storage';
import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { assertDataDirExists } from '../../cli/existing-data-dir.ts';
import { openOutputFile } from '../../cli/output-file.ts';
import { checkOutputTarget } from '../../cli/output-target.ts';
import { checkRangeOrder, rangeFlags, rangeOf, type TimeRangeMs } from '../../cli/range-flags.ts';
import { createProgressReporter } from '../../terminal/progress.ts';
import { logQuarantine, quarantineNote } from '../../terminal/quarantine-note.ts';
import { type CommonOptions, symbolsNamedOnCommandLine } from '../common/index.ts';
import {
  type ParquetExportOptions,
  parquetFlags,
  parquetSettingsOf,
  runParquetExport,
} from './export-parquet.ts';

/** The flags of `oi export` (the old `--export` form accepts them too). */
export const exportFlags = {
  ...rangeFlags(false),
  format: { choices: ['csv', 'jsonl', 'parquet'] as const, default: 'csv', description: 'Output format' },
  out: {
    type: 'string',
    // One value, taken even when it is `-` (stdout), which yargs would otherwise read as a word.
    nargs: 1,
    description: 'Output file (a folder with --partition-by); stdout when absent or - (not for parquet)',
  },
  series: { choices: ['1m', '5m'] as const, default: '5m', description: 'Series to export' },
  ...parquetFlags,
} as const;

/** Options of `oi export`. */
export interface ExportOptions {
  readonly format: 'csv' | 'jsonl';
  /** Absolute output path; stdout when absent. */
  readonly outPath?: string;
  readonly series: Series;
  readonly range?: TimeRangeMs;
}

/** Options of `oi export` as parsed: a text export, or a Parquet one. */
export type ExportCommandOptions = ExportOptions | ParquetExportOptions;

/** Declares the flags and examples of `oi export`. */
export function buildExport(yargs: Argv) {
  return yargs
    .options(exportFlags)
    .check(checkRangeOrder)
    .example('$0 export -S BTCUSDT --series 5m --from 2024-01-01 --to 2024-01-31 --out btc.csv', 'to a file')
    .example('$0 export --format jsonl > all.jsonl', 'all symbols to stdout')
    .example('$0 export --format parquet --series 1m --out oi-1m.parquet', 'one Parquet file (ZSTD)')
    .example('$0 export --format parquet --out dataset --partition-by day', 'a hive-partitioned dataset');
}

/** Inputs of {@link runExport} besides the command options. */
export interface ExportInput {
  readonly dataDir: string;
  /** Only these symbols; every symbol in the data directory when absent. */
  readonly symbols?: readonly string[];
  readonly nowMs: number;
}

const DAY_MS = 86_400_000;

/**
 * The stored rows of a range as CSV or JSON lines, to `--out` (checked first: a regular file or a new
 * path outside the data directory; written to a temporary name and renamed, so a reader never sees
 * half a file) or to stdout. With stdout the data is the output and the summary goes to the log.
 * SIGINT/SIGTERM stop it between chunks and leave no partial file.
 */
export async function runExport(
  options: ExportOptions,
  input: ExportInput,
  context: CommandContext,
): Promise<CommandResult> {
  await assertDataDirExists(input.dataDir);
  const target =
    options.outPath === undefined
      ? undefined
      : await checkOutputTarget(options.outPath, { dataDir: input.dataDir });
  // Opened before anything is read, so an unusable --out (a missing directory, a path under a file)
  // is one error line that leaves the data directory, derived caches included, as it was.
  const file = target === undefined ? undefined : await openOutputFile(target);
  const progress = createProgressReporter({
    label: 'export',
    unit: 'rows',
    bars: context.progressBars,
    logger: context.logger,
  });
  let symbols: readonly string[];
  let range: { startMs: number; endMs: number };
  let quarantine: QuarantineReport;
  let result: { rows: number; files: number };
  try {
    symbols = input.symbols ?? (await listSymbols(input.dataDir));
    const rawEndMs = options.range?.endMs ?? Number.POSITIVE_INFINITY;
    // An open end means "everything stored": the next UTC midnight after now covers today's rows.
    range = {
      startMs: options.range?.startMs ?? 0,
      endMs: Number.isFinite(rawEndMs) ? rawEndMs : (Math.floor(input.nowMs / DAY_MS) + 1) * DAY_MS,
    };
    quarantine = await listQuarantine(input.dataDir, { symbols, series: [options.series], range });
    logQuarantine(context.logger, quarantine);
    // Only a bar needs the total; counting it reads the coverage of every exported day first.
    const expectedRows = context.progressBars
      ? await countStoredRows(input.dataDir, symbols, options.series, range)
      : undefined;
    const exporting = exportRange({
      dataDir: input.dataDir,
      symbols,
      series: options.series,
      range,
      format: options.format,
      output: file?.stream ?? context.stdout,
      signal: context.signal,
      onProgress: (rows) =>
        progress.update({
          done: rows,
          ...(expectedRows === undefined ? {} : { total: Math.max(expectedRows, rows) }),
        }),
    });
    // A write error (a full disk) fails the export instead of leaving it waiting for 'drain'.
    result = await (file === undefined ? exporting : Promise.race([exporting, file.failed]));
    await file?.commit();
  } catch (error) {
    await file?.discard();
    throw error;
  } finally {
    progress.stop();
  }
  const summary = {
    rows: result.rows,
    files: result.files,
    symbols: symbols.length,
    series: options.series,
    format: options.format,
    range,
    out: target ?? null,
    quarantine,
  };
  const text = `exported ${result.rows} ${options.series} rows of ${symbols.length} symbols from ${result.files} day files`;
  if (target === undefined) {
    context.logger.info(text);
    return { exitCode: 0, data: undefined, text: '' };
  }
  return { exitCode: 0, data: summary, text: `${text} to ${target}${quarantineNote(quarantine)}` };
}

/** Rows stored for `symbols` in `range`, from the coverage summaries (cached per day file). */
async function countStoredRows(
  dataDir: string,
  symbols: readonly string[],
  series: Series,
  range: TimeRange,
): Promise<number> {
  let rows = 0;
  for (const symbol of symbols) {
    for (const run of await coverage(dataDir, symbol, series, range)) {
      rows += (run.endMs - run.startMs) / SERIES_SLOT_MS[series];
    }
  }
  return rows;
}

/** `oi export`. */
export const exportCommand = defineCommand({
  name: 'export',
  describe: 'Export a merged range as CSV, JSON lines or Parquet',
  builder: buildExport,
  options: (args, context): ExportCommandOptions => {
    const range = rangeOf(args);
    // Relative to where the user ran `oi`.
    const outPath = args.out === undefined || args.out === '-' ? undefined : resolve(context.cwd, args.out);
    const parquet = parquetSettingsOf({
      format: args.format,
      outPath,
      partitionBy: args.partitionBy,
      compression: args.compression,
    });
    const common = { series: args.series, ...(range === undefined ? {} : { range }) };
    if (parquet !== undefined) return { format: 'parquet', ...common, ...parquet };
    return {
      format: args.format === 'jsonl' ? 'jsonl' : 'csv',
      ...common,
      ...(outPath === undefined ? {} : { outPath }),
    };
  },
  handler: async (options: ExportCommandOptions, common: CommonOptions, context: CommandContext) =>
    options.format === 'parquet'
      ? runParquetExport(
          // The same --out rules for every format: a Parquet file, or the folder of a partitioned dataset.
          {
            ...options,
            outPath: await checkOutputTarget(options.outPath, {
              dataDir: common.config.dataDir,
              folder: options.partitionBy !== undefined,
            }),
          },
          { dataDir: common.config.dataDir, ...symbolsNamedOnCommandLine(common) },
          context,
        )
      : runExport(
          options,
          { dataDir: common.config.dataDir, nowMs: Date.now(), ...symbolsNamedOnCommandLine(common) },
          context,
        ),
  writesData: false,
});
