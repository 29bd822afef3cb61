import type { Series } from '@oi/storage';
import type { Argv } from 'yargs';
import type { CommandContext } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { integerFlag } from '../../cli/flag-coercers.ts';
import { checkRangeOrder, rangeFlags, rangeOf, type TimeRangeMs } from '../../cli/range-flags.ts';
import { type CommonOptions, symbolsNamedOnCommandLine } from '../common/index.ts';
// The commands themselves are loaded when run: the database drivers would slow every command's start.
import type { SinkScopeOptions } from './run-sink-commands.ts';
import { requireSinkUrl, sinkFlags } from './sink-flag.ts';

const SERIES_CHOICES = ['1m', '5m', 'both'] as const;

/** The flags `oi sink sync` and `oi sink check` share: the sink and what to compare. */
export const sinkScopeFlags = {
  ...sinkFlags,
  ...rangeFlags(false),
  series: { choices: SERIES_CHOICES, default: 'both', description: 'Series: 1m, 5m or both' },
} as const;

/** Options of `oi sink sync` and `oi sink check`. */
export interface SinkCommandOptions {
  /** `--sink`; `OI_SINK_URL` when absent. */
  readonly sinkUrl?: string;
  readonly range?: TimeRangeMs;
  readonly series: readonly Series[];
}

/** Options of `oi sink check`. */
export interface SinkCheckOptions extends SinkCommandOptions {
  /** How many differences to list (all are counted). */
  readonly maxListed: number;
}

function sinkCommandOptions(args: {
  readonly sink?: string | undefined;
  readonly series: (typeof SERIES_CHOICES)[number];
  readonly from?: { ms: number; text: string } | undefined;
  readonly to?: { ms: number; text: string } | undefined;
}): SinkCommandOptions {
  const range = rangeOf(args);
  return {
    ...(args.sink === undefined ? {} : { sinkUrl: args.sink }),
    ...(range === undefined ? {} : { range }),
    series: args.series === 'both' ? ['1m', '5m'] : [args.series],
  };
}

async function scopeOf(
  options: SinkCommandOptions,
  common: CommonOptions,
  command: string,
): Promise<SinkScopeOptions> {
  return {
    url: await requireSinkUrl(options.sinkUrl, common, command),
    dataDir: common.config.dataDir,
    // Named on the command line, else every symbol of the files (and, for a check, of the sink).
    ...symbolsNamedOnCommandLine(common),
    ...(options.range === undefined ? {} : { range: options.range }),
    series: options.series,
  };
}

/** Declares the flags and examples of `oi sink sync`. */
export function buildSinkSync(yargs: Argv) {
  return yargs
    .options(sinkScopeFlags)
    .check(checkRangeOrder)
    .example('$0 sink sync --sink mysql://oi:secret@127.0.0.1:3306/oi', 'every row of the files')
    .example('$0 sink sync -S BTCUSDT --from 2024-01-01 --series 5m --json', 'one symbol since a day');
}

/** Declares the flags and examples of `oi sink check`. */
export function buildSinkCheck(yargs: Argv) {
  return yargs
    .options({
      ...sinkScopeFlags,
      'max-listed': { ...integerFlag('max-listed', 'Differences to list (all are counted)', 0), default: 20 },
    })
    .check(checkRangeOrder)
    .example('$0 sink check --sink postgres://oi:secret@127.0.0.1:5432/oi', 'exit 0 in sync, 3 if not');
}

/** `oi sink sync`: brings a sink up to date from the day files (exit 3 when conflicts remain). */
export const sinkSyncCommand = defineCommand({
  name: 'sink sync',
  groupDescribe: 'Feed or compare a database sink (MySQL/MariaDB/TiDB, PostgreSQL/TimescaleDB)',
  describe: 'Bring a database sink up to date from the day files',
  builder: buildSinkSync,
  options: sinkCommandOptions,
  handler: async (options: SinkCommandOptions, common: CommonOptions, context: CommandContext) => {
    const scope = await scopeOf(options, common, 'oi sink sync');
    const { runSinkSync } = await import('./run-sink-commands.ts');
    return runSinkSync(scope, context);
  },
  // It writes to the database only: the data directory is read without its writer lock.
  writesData: false,
});

/** `oi sink check`: rows missing or different on either side (exit 0 in sync, 3 when they differ). */
export const sinkCheckCommand = defineCommand({
  name: 'sink check',
  describe: 'Compare a database sink with the day files: rows missing or different on either side',
  builder: buildSinkCheck,
  options: (args): SinkCheckOptions => ({ ...sinkCommandOptions(args), maxListed: args.maxListed }),
  handler: async (options: SinkCheckOptions, common: CommonOptions) => {
    const scope = await scopeOf(options, common, 'oi sink check');
    const { runSinkCheck } = await import('./run-sink-commands.ts');
    return runSinkCheck({ ...scope, maxListed: options.maxListed });
  },
  writesData: false,
});
