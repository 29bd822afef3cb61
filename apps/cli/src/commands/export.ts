import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { collectStats, exportRange, listSymbols } from '@oi/storage';
import type { CommandContext, CommandResult } from '../command-context.ts';
import type { ExportOptions } from '../invocation.ts';
import { createProgressReporter } from '../progress.ts';

/** Inputs of {@link runExport} besides the command options. */
export interface ExportInput {
  readonly dataDir: string;
  /** Only these symbols; every symbol in the data directory when absent. */
  readonly symbols?: readonly string[];
  readonly nowMs: number;
}

const DAY_MS = 86_400_000;

/**
 * `oi export`: the stored rows of a range as CSV or JSON lines, to `--out` (written to a temporary
 * name and renamed, so a reader never sees half a file) or to stdout. With stdout the data is the
 * output and the summary goes to the log.
 */
export async function runExport(
  options: ExportOptions,
  input: ExportInput,
  context: CommandContext,
): Promise<CommandResult> {
  const symbols = input.symbols ?? (await listSymbols(input.dataDir));
  const startMs = options.range?.startMs ?? 0;
  const rawEndMs = options.range?.endMs ?? Number.POSITIVE_INFINITY;
  // An open end means "everything stored": the next UTC midnight after now covers today's rows.
  const endMs = Number.isFinite(rawEndMs) ? rawEndMs : (Math.floor(input.nowMs / DAY_MS) + 1) * DAY_MS;
  const stats = await collectStats(input.dataDir, { symbols });
  const expectedRows = stats.entries
    .filter((entry) => entry.series === options.series)
    .reduce((sum, entry) => sum + entry.rows, 0);

  const progress = createProgressReporter({
    label: 'export',
    unit: 'rows',
    bars: context.progressBars,
    logger: context.logger,
  });
  const temporary = options.outPath === undefined ? undefined : `${options.outPath}.partial`;
  const output = temporary === undefined ? context.stdout : createWriteStream(temporary);
  let result: { rows: number; files: number };
  try {
    result = await exportRange({
      dataDir: input.dataDir,
      symbols,
      series: options.series,
      range: { startMs, endMs },
      format: options.format,
      output,
      onProgress: (rows) => progress.update({ done: rows, total: Math.max(expectedRows, rows) }),
    });
    if (temporary !== undefined && options.outPath !== undefined) {
      const file = output as ReturnType<typeof createWriteStream>;
      file.end();
      await once(file, 'close');
      await rename(temporary, options.outPath);
    }
  } catch (error) {
    if (temporary !== undefined) {
      (output as ReturnType<typeof createWriteStream>).destroy();
      await rm(temporary, { force: true });
    }
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
    range: { startMs, endMs },
    out: options.outPath ?? null,
  };
  const text = `exported ${result.rows} ${options.series} rows of ${symbols.length} symbols from ${result.files} day files`;
  if (options.outPath === undefined) {
    context.logger.info(text);
    return { exitCode: 0, data: undefined, text: '' };
  }
  return { exitCode: 0, data: summary, text: `${text} to ${options.outPath}` };
}
