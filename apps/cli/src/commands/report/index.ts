import { resolve } from 'node:path';
import type { ReportSeries, writeReport } from '@oi/report';
import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { assertDataDirExists } from '../../cli/existing-data-dir.ts';
import { checkOutputTarget } from '../../cli/output-target.ts';
import { checkRangeOrder, rangeFlags, rangeOf, type TimeRangeMs } from '../../cli/range-flags.ts';
import { EXIT_CODES, ExitError, UsageError } from '../../errors/exit-error.ts';
import { formatBytes } from '../../terminal/format-bytes.ts';
import { createProgressReporter } from '../../terminal/progress.ts';
import { type CommonOptions, symbolsNamedOnCommandLine } from '../common/index.ts';
import { resolveReportRange } from './report-range.ts';

/** The flags of `oi report`. */
export const reportFlags = {
  ...rangeFlags(false),
  out: {
    type: 'string',
    default: 'report.html',
    // One value, taken even when it is `-`, which yargs would otherwise read as a word.
    nargs: 1,
    description:
      'The HTML file to write (relative to the working directory): a new path or a regular file, not inside the data directory',
  },
  series: {
    choices: ['1m', '5m', 'both'] as const,
    default: 'both',
    description: 'Series to show: one, or both side by side',
  },
} as const;

/** Options of `oi report`. */
export interface ReportCommandOptions {
  /** Absolute path of the HTML file. */
  readonly outPath: string;
  readonly series: ReportSeries;
  /** The last 30 days when absent. */
  readonly range?: TimeRangeMs;
}

/** Inputs of {@link runReport} besides the command options. */
export interface ReportInput {
  readonly dataDir: string;
  /** Only these symbols, in this order; every symbol in the data directory when absent. */
  readonly symbols?: readonly string[];
  readonly nowMs: number;
}

/** Declares the flags and examples of `oi report`. */
export function buildReport(yargs: Argv) {
  return yargs
    .options(reportFlags)
    .check(checkRangeOrder)
    .example('$0 report', 'every symbol, the last 30 days, both series, to ./report.html')
    .example(
      '$0 report -S BTCUSDT ETHUSDT --series 5m --from 2024-01-01 --to 2024-01-31 --out jan.html',
      'two symbols, 5m, January 2024',
    );
}

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/**
 * Writes the self-contained HTML report of the data directory (coverage map, summary, charts) to
 * `--out`. Reads only, so it takes no lock; it never writes inside the data directory, and a stop by
 * SIGINT/SIGTERM leaves no file behind (an existing report stays as it was).
 */
export async function runReport(
  options: ReportCommandOptions,
  input: ReportInput,
  context: CommandContext,
): Promise<CommandResult> {
  const range = resolveReportRange(options.range, input.nowMs);
  await assertDataDirExists(input.dataDir);
  // The --out rules every command that writes a file shares: a new path or a regular file (a link to
  // one is followed), never a device, FIFO, socket or directory, never inside the data directory.
  const outPath = await checkOutputTarget(options.outPath, { dataDir: input.dataDir });
  const who = input.symbols === undefined ? 'every symbol' : `${input.symbols.length} symbols`;
  context.logger.info(
    `report: reading ${who} of ${input.dataDir}, ${options.series}, ${iso(range.startMs)} .. ${iso(range.endMs)} UTC`,
  );
  const progress = createProgressReporter({
    label: 'report',
    unit: 'symbols',
    bars: context.progressBars,
    logger: context.logger,
  });
  let result: Awaited<ReturnType<typeof writeReport>>;
  try {
    // Loaded here, not with the command line: the page's renderer is the largest module.
    const { writeReport } = await import('@oi/report');
    result = await writeReport({
      dataDir: input.dataDir,
      outputPath: outPath,
      range,
      series: options.series,
      nowMs: input.nowMs,
      generatedAt: `${iso(input.nowMs)} UTC`,
      ...(input.symbols === undefined ? {} : { symbols: input.symbols }),
      signal: context.signal,
      onProgress: ({ symbolsDone, symbols }) => progress.update({ done: symbolsDone, total: symbols }),
    });
  } catch (error) {
    if (context.signal.aborted) {
      const why = context.signal.reason instanceof Error ? context.signal.reason.message : 'stopped';
      const message = `report stopped (${why}): nothing written to ${outPath}`;
      throw new ExitError(EXIT_CODES.failure, message, { cause: error });
    }
    throw error;
  } finally {
    progress.stop();
  }
  const data = { ...result, series: options.series, range };
  const text =
    `report of ${result.symbols} symbols x ${result.days} days (${options.series}) written to ${result.path} ` +
    `(${formatBytes(result.bytes)}); missing slots: ${result.fillableSlots} fillable, ${result.lostSlots} lost`;
  return { exitCode: 0, data, text };
}

/** `oi report`. */
export const reportCommand = defineCommand({
  name: 'report',
  describe: 'One self-contained HTML page: coverage map, OI charts, summary',
  builder: buildReport,
  options: (args, context): ReportCommandOptions => {
    if (args.out.trim() === '') throw new UsageError('invalid --out: expected a file name, found ""');
    // A report is one file written whole and renamed into place; `-` is not stdout here.
    if (args.out === '-') {
      throw new UsageError(
        'invalid --out: expected a file name, found - (a report is written to a file, not to stdout)',
      );
    }
    const range = rangeOf(args);
    return {
      // Relative to where the user ran `oi`.
      outPath: resolve(context.cwd, args.out),
      series: args.series,
      ...(range === undefined ? {} : { range }),
    };
  },
  handler: (options: ReportCommandOptions, common: CommonOptions, context: CommandContext) =>
    runReport(
      options,
      { dataDir: common.config.dataDir, nowMs: Date.now(), ...symbolsNamedOnCommandLine(common) },
      context,
    ),
  writesData: false,
});
