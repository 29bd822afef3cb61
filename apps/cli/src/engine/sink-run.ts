import type { Series } from '@oi/storage';
import type { CommandContext, CommandResult } from '../cli/command-context.ts';
import type { EngineRun } from './engine-tasks.ts';
import type { SinkCatchUp, SinkFeed, SinkFeedReport } from './sink-feed.ts';
import type { SeriesLag } from './sink-pending.ts';

// A stop by signal must end within 5 s (main.ts exits then): the sink gets what is left of that.
const STOP_DEADLINE_MS = 2_500;

/** What a command with `--sink` feeds: where from, on which clock, and what it covers. */
export interface CommandSinkOptions {
  /** The sink URL; no feed when undefined. */
  readonly url: string | undefined;
  readonly dataDir: string;
  readonly clock: EngineRun['sessions']['clock'];
  readonly context: CommandContext;
  readonly catchUp: readonly SinkCatchUp[];
  readonly onLag?: (series: Series, lag: SeriesLag) => void;
}

/** Opens the feed of a command's `--sink` (none without a URL); fails only for a sink that cannot be used at all. */
export async function openCommandSink(options: CommandSinkOptions): Promise<SinkFeed | undefined> {
  if (options.url === undefined) return undefined;
  // Loaded only with a sink: its database drivers would add a second to every command's start.
  const { openSinkFeed } = await import('./sink-feed.ts');
  const feed = await openSinkFeed({
    url: options.url,
    dataDir: options.dataDir,
    clock: options.clock,
    logger: options.context.logger,
    catchUp: options.catchUp,
    ...(options.onLag === undefined ? {} : { onLag: options.onLag }),
  });
  options.context.logger.info(`feeding sink ${feed.url} from the day files`);
  return feed;
}

/** The run with its store's acknowledged writes feeding the sink. */
export function feedingRun(run: EngineRun, feed: SinkFeed | undefined): EngineRun {
  if (feed === undefined) return run;
  return { ...run, writer: { ...run.writer, store: feed.wrapStore(run.writer.store) } };
}

/** One line on how the sink fared, for a command's text result. */
export function describeSinkReport(report: SinkFeedReport): string {
  const counts = `${report.inserted} rows inserted, ${report.filled} filled, ${report.conflicts} conflicts`;
  const kept =
    report.conflicts > 0 ? ', and keeps its own values where they differ (oi sink check lists them)' : '';
  if (report.upToDate) return `sink ${report.url}: ${counts}; up to date with the files${kept}`;
  const behind = (['1m', '5m'] as const)
    .filter((series) => report.lag[series].lagMs > 0 || report.lag[series].rows > 0)
    .map(
      (series) =>
        `${series} ${report.lag[series].rows} rows (${Math.round(report.lag[series].lagMs / 1000)} s)`,
    )
    .join(', ');
  const why = report.lastError === null ? '' : ` after: ${report.lastError}`;
  return `sink ${report.url}: ${counts}; behind the files by ${behind || 'an unfinished sync'}${why}; run oi sink sync once it answers`;
}

/**
 * Closes a command's feed and adds its report to the result (`sink` in the JSON, one more line of
 * text). With `lagIsGap`, a sink left behind or holding other values makes the exit code 3, as a gap does.
 */
export async function closeCommandSink(
  feed: SinkFeed | undefined,
  result: CommandResult,
  context: CommandContext,
  lagIsGap: boolean,
): Promise<CommandResult> {
  if (feed === undefined) return result;
  const report = await feed.close(context.signal.aborted ? { deadlineMs: STOP_DEADLINE_MS } : {});
  const data =
    typeof result.data === 'object' && result.data !== null ? { ...result.data, sink: report } : result.data;
  const line = describeSinkReport(report);
  return {
    exitCode: lagIsGap && (!report.upToDate || report.conflicts > 0) ? 3 : result.exitCode,
    data,
    text: result.text === '' ? line : `${result.text}\n${line}`,
  };
}

/**
 * Runs a command's `work` with its sink feed (none without a URL), then adds the feed's report to
 * the result. A failure of `work` closes the feed without waiting long for the sink.
 */
export async function withCommandSink(
  options: CommandSinkOptions,
  lagIsGap: boolean,
  work: (feed: SinkFeed | undefined) => Promise<CommandResult>,
): Promise<CommandResult> {
  const feed = await openCommandSink(options);
  let result: CommandResult;
  try {
    result = await work(feed);
  } catch (error) {
    await feed?.close({ deadlineMs: STOP_DEADLINE_MS });
    throw error;
  }
  return closeCommandSink(feed, result, options.context, lagIsGap);
}
