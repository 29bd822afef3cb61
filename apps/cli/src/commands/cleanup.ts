import { cleanup } from '@oi/storage';
import type { CommandResult } from '../command-context.ts';
import type { CleanupOptions } from '../invocation.ts';
import type { Logger } from '../logging.ts';
import { formatBytes } from './stats.ts';

/** Inputs of {@link runCleanup} besides the command options. */
export interface CleanupInput {
  readonly dataDir: string;
  readonly nowMs: number;
  readonly logger: Logger;
}

/** `oi cleanup --days N [--dry-run]`: delete (or list) day files older than N days. */
export async function runCleanup(options: CleanupOptions, input: CleanupInput): Promise<CommandResult> {
  const result = await cleanup(input.dataDir, {
    olderThanDays: options.days,
    nowMs: input.nowMs,
    dryRun: options.dryRun,
  });
  const verb = result.dryRun ? 'would delete' : 'deleted';
  for (const file of result.files) input.logger.debug(`${verb} ${file.path}`);
  const lines = [
    ...(result.dryRun ? result.files.map((file) => `would delete ${file.path}`) : []),
    `${verb} ${result.files.length} day files (${formatBytes(result.bytes)}) dated before ${result.keepFromDayKey}`,
  ];
  return { exitCode: 0, data: result, text: lines.join('\n') };
}
