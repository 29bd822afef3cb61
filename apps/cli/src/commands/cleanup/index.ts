import { cleanup } from '@oi/storage';
import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { integerFlag } from '../../cli/flag-coercers.ts';
import { withWriterLock } from '../../engine/data-dir-writer.ts';
import type { Logger } from '../../logging.ts';
import { formatBytes } from '../../terminal/format-bytes.ts';
import type { CommonOptions } from '../common/index.ts';

/** The flags of `oi cleanup` (the old `--cleanup N` form stands for `--days N`). */
export const cleanupFlags = {
  days: { ...integerFlag('days', 'Keep this many days', 0), demandOption: true },
  'dry-run': { type: 'boolean', default: false, description: 'Only list what would be deleted' },
} as const;

/** Options of `oi cleanup`. */
export interface CleanupOptions {
  readonly days: number;
  readonly dryRun: boolean;
}

/** Declares the flags and examples of `oi cleanup`. */
export function buildCleanup(yargs: Argv) {
  return yargs
    .options(cleanupFlags)
    .example('$0 cleanup --days 90 --dry-run', 'see what would go')
    .example('$0 cleanup --days 90', 'delete files older than 90 days');
}

/** Inputs of {@link runCleanup} besides the command options. */
export interface CleanupInput {
  readonly dataDir: string;
  readonly nowMs: number;
  readonly logger: Logger;
}

/**
 * Deletes (with `dryRun`: lists) the day files older than `days` days. Deleting holds the data
 * directory's writer lock, so it never runs under a collector (StoreLockedError, exit 1); a dry run
 * only reads.
 */
export async function runCleanup(options: CleanupOptions, input: CleanupInput): Promise<CommandResult> {
  const clean = () =>
    cleanup(input.dataDir, { olderThanDays: options.days, nowMs: input.nowMs, dryRun: options.dryRun });
  const result = options.dryRun
    ? await clean()
    : await withWriterLock(input.dataDir, () => input.nowMs, clean);
  const verb = result.dryRun ? 'would delete' : 'deleted';
  for (const file of result.files) input.logger.debug(`${verb} ${file.path}`);
  const lines = [
    ...(result.dryRun ? result.files.map((file) => `would delete ${file.path}`) : []),
    `${verb} ${result.files.length} day files (${formatBytes(result.bytes)}) dated before ${result.keepFromDayKey}`,
  ];
  return { exitCode: 0, data: result, text: lines.join('\n') };
}

/** `oi cleanup`. */
export const cleanupCommand = defineCommand({
  name: 'cleanup',
  describe: 'Delete day files older than N days',
  builder: buildCleanup,
  options: (args) => ({ days: args.days, dryRun: args.dryRun }),
  handler: (options: CleanupOptions, common: CommonOptions, context: CommandContext) =>
    runCleanup(options, { dataDir: common.config.dataDir, nowMs: Date.now(), logger: context.logger }),
  writesData: (options) => !options.dryRun,
});
