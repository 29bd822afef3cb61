import { type BackfillResult, type HistorySource, historyListingsFrom, type TaskRecord } from '@oi/recovery';
import type { Series } from '@oi/storage';
import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { integerFlag } from '../../cli/flag-coercers.ts';
import { checkRangeOrder, rangeFlags, type TimeRangeMs } from '../../cli/range-flags.ts';
import { combineBackfills } from '../../engine/combine-results.ts';
import { budgetNote, budgetReport, mergeListings, openEngineSessions } from '../../engine/engine-session.ts';
import { type EngineRun, resumeTask, runMarketBackfills, withEngineRun } from '../../engine/engine-tasks.ts';
import { formatGapReasons, totalGapReasons } from '../../engine/gap-reasons.ts';
import { formatGapReports, scanRange, totalGaps } from '../../engine/gap-summary.ts';
import type { TaskDecision } from '../../engine/recovery-menu.ts';
import { feedingRun, withCommandSink } from '../../engine/sink-run.ts';
import { UsageError } from '../../errors/exit-error.ts';
import type { CommonOptions } from '../common/index.ts';
import { sourceFlags } from '../common/source-flag.ts';
import { sinkFlags, sinkUrlOf } from '../sink/sink-flag.ts';

const FIVE_MINUTES_MS = 300_000;
// Binance publishes the 5m row of slot T about 6 s after T; the engine counts it as published 15 s
// after T (the history source's publish delay in @oi/recovery), and so does a range that ends now.
const PUBLISH_DELAY_MS = 15_000;

/** The end (exclusive) of the 5m slots published at `nowMs`: "to now" includes the newest one. */
export function publishedEndMs(nowMs: number): number {
  return Math.floor((nowMs - PUBLISH_DELAY_MS) / FIVE_MINUTES_MS) * FIVE_MINUTES_MS + FIVE_MINUTES_MS;
}

const range = rangeFlags(true);

/** The flags of `oi backfill`. */
export const backfillFlags = {
  from: range.from,
  // Without --to the range runs up to now: the newest 5m slot Binance has published.
  to: {
    ...range.to,
    description: `${range.to.description}; default: now`,
    demandOption: false,
  },
  // A one-shot backfill has no live ticks to leave room for, and the client's budgets keep any
  // concurrency inside Binance's limits; 16 pages in flight keep the budget busy (4 left it idle half
  // the time in `pnpm bench`).
  concurrency: {
    ...integerFlag('concurrency', 'History pages in flight at once (the rate budgets still apply)', 1, 32),
    default: 16,
  },
  ...sourceFlags,
  ...sinkFlags,
} as const;

/** Options of `oi backfill`. */
export interface BackfillOptions {
  /** Up to `+Infinity` without `--to`: then the run ends at the newest published slot. */
  readonly range: TimeRangeMs;
  /** History pages in flight at once. */
  readonly concurrency: number;
  /** Where 5m history comes from: `auto` (the archive for finished days, the API for the rest), `api`, `archive`. */
  readonly source: HistorySource;
  /** `--sink`; `OI_SINK_URL` when absent. */
  readonly sinkUrl?: string;
}

/** Declares the flags and examples of `oi backfill`. */
export function buildBackfill(yargs: Argv) {
  return yargs
    .options(backfillFlags)
    .check(checkRangeOrder)
    .example('$0 backfill --from 2024-01-01 --to 2024-01-07', 'one week, configured symbols')
    .example('$0 backfill -S BTCUSDT --from 2024-01-01 --to 2024-01-01 --json', 'CI')
    .example('$0 backfill -S BTCUSDT --from 2020-09-01', 'the whole history, from the public archive');
}

/**
 * `oi backfill --from [--to]`: fill the 5m history of a range once, then report what is still missing.
 * Exit code 3 when gaps remain (e.g. beyond the API's 30 days, or a failed page). Questions are asked
 * and incomplete tasks decided on before the writer lock is taken, from read-only scans.
 */
export async function runBackfillCommand(
  options: BackfillOptions,
  common: CommonOptions,
  context: CommandContext,
): Promise<CommandResult> {
  const { dataDir } = common.config;
  const sinkUrl = await sinkUrlOf(options.sinkUrl, common);
  const sessions = await openEngineSessions(common, context);
  const symbols = sessions.active.flatMap((session) => session.symbols);
  const listings = historyListingsFrom(mergeListings(sessions.active));
  const nowMs = sessions.clock.now();
  const range = {
    startMs: options.range.startMs,
    endMs: Math.min(options.range.endMs, publishedEndMs(nowMs)),
  };
  if (range.startMs >= range.endMs) {
    throw new UsageError(
      `invalid range: expected --from before now, found ${new Date(options.range.startMs).toISOString()} (nothing to fetch yet)`,
    );
  }
  const scan = (series: Series[]) =>
    scanRange({
      dataDir,
      symbols,
      series,
      range,
      nowMs: sessions.clock.now(),
      listings,
      source: options.source,
    });

  if (context.prompter !== undefined && !common.yes) {
    const preview = await scan(['5m', '1m']);
    const fillable = totalGaps(preview, '5m').recoverableSlots;
    const lost = totalGaps(preview, '1m').unrecoverableSlots;
    const answer = await context.prompter.confirm(
      `${fillable} 5m slots can be backfilled, ${lost} 1m slots cannot be recovered. Backfill?`,
      false,
    );
    if (!answer)
      return {
        exitCode: 0,
        data: { declined: true, fillableSlots: fillable, lostSlots: lost },
        text: 'nothing done',
      };
  }

  // The sink gets the range's 5m rows, those already in the files too; a sink left behind is exit 3.
  const sinkOptions = {
    url: sinkUrl,
    dataDir,
    clock: sessions.clock,
    context,
    catchUp: [{ series: '5m' as const, symbols, range }],
  };
  return withCommandSink(sinkOptions, true, (feed) =>
    withEngineRun(common, context, sessions, 'Start the new backfill', (engineRun, chosen, decision) =>
      backfillWithRun(feedingRun(engineRun, feed), chosen, decision),
    ),
  );

  async function backfillWithRun(
    run: EngineRun,
    chosen: readonly TaskRecord[],
    decision: TaskDecision,
  ): Promise<CommandResult> {
    for (const task of chosen) {
      context.logger.info(`resuming ${task.type} task ${task.id}`);
      await resumeTask(run, task);
    }
    if (!decision.startNew) return { exitCode: 0, data: { resumed: decision.resumeIds }, text: 'resumed' };
    const results = await runMarketBackfills(run, sessions.active, {
      range,
      concurrency: options.concurrency,
      source: options.source,
    });
    const result = combineBackfills(results);
    const after = await scan(['5m']);
    const remaining = totalGaps(after, '5m');
    const gapReasons = totalGapReasons(after);
    const data = {
      taskId: result.taskId,
      taskIds: result.taskIds,
      markets: sessions.active.map((session) => session.market),
      symbols,
      range,
      source: result.source,
      requests: result.requests,
      slotsTotal: result.slotsTotal,
      slotsWritten: result.slotsWritten,
      slotsWrittenBySource: result.slotsWrittenBySource,
      archive: result.archive,
      conflicts: result.conflicts,
      slotsNotServed: result.slotsNotServed,
      failedSymbols: result.failedSymbols,
      interrupted: result.interrupted,
      durationMs: result.durationMs,
      budget: budgetReport(sessions),
      remaining,
      gapReasons,
      reports: after,
    };
    const summary = `backfill ${result.interrupted ? 'interrupted' : 'finished'}: ${describeWritten(result)}; ${remaining.missingSlots} 5m slots still missing (${remaining.recoverableSlots} recoverable, ${remaining.unrecoverableSlots} not)`;
    const reasons =
      gapReasons.length === 0 ? '' : `\nstill missing, by reason:\n${formatGapReasons(gapReasons)}`;
    const limits = budgetNote(sessions);
    return {
      exitCode: remaining.missingSlots > 0 ? 3 : 0,
      data,
      text: `${formatGapReports(after)}\n${summary}${reasons}${limits === undefined ? '' : `\nrate limits: ${limits}`}`,
    };
  }
}

/** `12672 of 12960 fillable 5m slots written (archive 12384 from 43 files, api 288 in 2 requests)`. */
function describeWritten(result: BackfillResult): string {
  const { archive, api } = result.slotsWrittenBySource;
  const archiveFiles =
    result.archive.days > 0 ? `archive ${archive} from ${result.archive.stored} files, ` : '';
  const conflicts =
    result.conflicts.length > 0 ? `, ${result.conflicts.length} conflicting slots kept as stored` : '';
  return `${result.slotsWritten} of ${result.slotsTotal} fillable 5m slots written (${archiveFiles}api ${api} in ${result.requests} requests)${conflicts}`;
}

/** `oi backfill`. */
export const backfillCommand = defineCommand({
  name: 'backfill',
  describe: 'Fill 5m history for a range once, print a summary (exit 3 if gaps remain)',
  builder: buildBackfill,
  options: (args): BackfillOptions => ({
    range: { startMs: args.from.ms, endMs: args.to?.ms ?? Number.POSITIVE_INFINITY },
    concurrency: args.concurrency,
    source: args.source,
    ...(args.sink === undefined ? {} : { sinkUrl: args.sink }),
  }),
  handler: runBackfillCommand,
  writesData: true,
});
