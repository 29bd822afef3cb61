import { checkSink, openSink, type Sink, type SinkDifference, syncSink } from '@oi/sink';
import type { Series, TimeRange } from '@oi/storage';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { assertDataDirExists } from '../../cli/existing-data-dir.ts';
import { closedRange, type TimeRangeMs } from '../../cli/range-flags.ts';
import { createProgressReporter } from '../../terminal/progress.ts';

/** What `oi sink sync` and `oi sink check` work on. */
export interface SinkScopeOptions {
  /** The sink URL, credentials included. */
  readonly url: string;
  readonly dataDir: string;
  /** Every symbol when absent. */
  readonly symbols?: readonly string[];
  /** Every slot when absent. */
  readonly range?: TimeRangeMs;
  readonly series: readonly Series[];
}

const MAX_CONFLICT_SAMPLES = 20;

const iso = (ms: number): string => new Date(ms).toISOString();

/** The sink's scope: an open end is every stored slot from the start on. */
function scopeOf(options: SinkScopeOptions): {
  dataDir: string;
  series: readonly Series[];
  symbols?: readonly string[];
  range?: TimeRange;
} {
  const range = options.range;
  return {
    dataDir: options.dataDir,
    series: options.series,
    ...(options.symbols === undefined ? {} : { symbols: options.symbols }),
    ...(range === undefined ? {} : { range: closedRange(range, Date.now()) }),
  };
}

async function withSink<T>(url: string, work: (sink: Sink) => Promise<T>): Promise<T> {
  const sink = await openSink(url);
  try {
    return await work(sink);
  } finally {
    await sink.close();
  }
}

/**
 * `oi sink sync`: every row of the scope's day files into the sink, exactly once (batches that were
 * committed before come back unchanged). The files are read without the writer lock; nothing under
 * the data directory is written. Exit 3 when the sink holds values that differ (kept as stored).
 */
export async function runSinkSync(
  options: SinkScopeOptions,
  context: CommandContext,
): Promise<CommandResult> {
  await assertDataDirExists(options.dataDir);
  const progress = createProgressReporter({
    label: 'sink sync',
    unit: 'rows',
    bars: context.progressBars,
    logger: context.logger,
  });
  let url = '';
  const result = await withSink(options.url, async (sink) => {
    url = sink.displayUrl;
    context.logger.info(`syncing ${url} from ${options.dataDir} (${sink.loadMethod})`);
    try {
      return await syncSink({
        sink,
        ...scopeOf(options),
        onProgress: (done) => progress.update({ done: done.rows }),
        signal: context.signal,
      });
    } finally {
      progress.stop();
    }
  });
  const { conflicts, ...counts } = result;
  const samples = conflicts.slice(0, MAX_CONFLICT_SAMPLES);
  const lines = [
    `synced ${result.rows} rows into ${url}: ${result.inserted} inserted, ${result.unchanged} unchanged, ${result.filled} filled, ${conflicts.length} conflicts (${result.batches} batches)`,
    ...samples.map(
      (c) =>
        `  conflict ${c.symbol} ${c.series} ${iso(c.timestamp)} ${c.column}: sink ${c.stored}, files ${c.incoming}`,
    ),
  ];
  if (conflicts.length > 0) lines.push('the sink keeps its values; oi sink check lists every difference');
  return {
    exitCode: conflicts.length > 0 ? 3 : 0,
    data: {
      url,
      dataDir: options.dataDir,
      series: options.series,
      ...counts,
      conflicts: conflicts.length,
      conflictSamples: samples,
    },
    text: lines.join('\n'),
  };
}

function describeDifference(difference: SinkDifference): string {
  const where = `${difference.symbol} ${difference.series} ${iso(difference.timestamp)}`;
  if (difference.kind !== 'different') {
    return `  missing in the ${difference.kind === 'missing-in-sink' ? 'sink ' : 'files'}  ${where}`;
  }
  const columns = difference.columns
    .map((c) => `${c.column}: files ${c.files ?? '(empty)'}, sink ${c.sink ?? 'NULL'}`)
    .join('; ');
  return `  different             ${where} ${columns}`;
}

/**
 * `oi sink check`: compares the sink with the day files and lists rows missing on either side or
 * different (numerically). Changes nothing. Exit 0 when in sync, 3 when they differ.
 */
export async function runSinkCheck(
  options: SinkScopeOptions & { readonly maxListed: number },
): Promise<CommandResult> {
  await assertDataDirExists(options.dataDir);
  let url = '';
  const result = await withSink(options.url, (sink) => {
    url = sink.displayUrl;
    return checkSink({ sink, ...scopeOf(options), maxListed: options.maxListed });
  });
  const total = result.missingInSink + result.missingInFiles + result.different;
  const head = `files ${result.rowsInFiles} rows, sink ${url} ${result.rowsInSink} rows: ${
    result.inSync
      ? 'in sync'
      : `${result.missingInSink} missing in the sink, ${result.missingInFiles} missing in the files, ${result.different} different`
  }`;
  const lines = [head, ...result.differences.map(describeDifference)];
  if (total > result.differences.length) lines.push(`  ... and ${total - result.differences.length} more`);
  return {
    exitCode: result.inSync ? 0 : 3,
    data: { url, dataDir: options.dataDir, series: options.series, ...result },
    text: lines.join('\n'),
  };
}
