import { listIncompleteTasks, markTaskDone, openTaskJournal } from '@oi/recovery';
import { openStore } from '@oi/storage';
import type { CommandContext, CommandResult } from '../command-context.ts';
import type { EngineSession } from '../engine-session.ts';
import { createUsageError } from '../exit-error.ts';
import type { BackfillOptions, CommonOptions } from '../invocation.ts';
import { type EngineRun, resumeTask, runBackfillTask } from './engine-tasks.ts';
import { formatGapReports, scanRange, totalGaps } from './gap-summary.ts';
import { decideIncompleteTasks } from './recovery-menu.ts';

const FIVE_MINUTES_MS = 300_000;

/**
 * `oi backfill --from --to`: fill the 5m history of a range once, then report what is still missing.
 * Exit code 3 when gaps remain (e.g. beyond the API's 30 days, or a failed page).
 */
export async function runBackfillCommand(
  options: BackfillOptions,
  common: CommonOptions,
  session: EngineSession,
  context: CommandContext,
): Promise<CommandResult> {
  const { config } = common;
  const nowMs = session.clock.now();
  const range = {
    startMs: options.range.startMs,
    endMs: Math.min(options.range.endMs, Math.floor(nowMs / FIVE_MINUTES_MS) * FIVE_MINUTES_MS),
  };
  if (range.startMs >= range.endMs) {
    throw createUsageError(
      `invalid range: expected --from before now, found ${new Date(options.range.startMs).toISOString()} (nothing to fetch yet)`,
    );
  }
  const scan = (series: ('1m' | '5m')[]) =>
    scanRange({
      dataDir: config.dataDir,
      symbols: config.symbols,
      series,
      range,
      nowMs: session.clock.now(),
      listings: session.listings,
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

  const incomplete = await listIncompleteTasks(config.dataDir);
  const decision = await decideIncompleteTasks(incomplete, {
    resume: common.resume,
    ...(context.prompter === undefined ? {} : { prompter: context.prompter }),
    logger: context.logger,
    newTaskLabel: 'Start the new backfill',
  });
  for (const id of decision.markDoneIds) await markTaskDone(config.dataDir, id);

  const store = await openStore({ dataDir: config.dataDir, now: () => session.clock.now() });
  try {
    const journal = await openTaskJournal({ dataDir: config.dataDir, nowMs: () => session.clock.now() });
    const run: EngineRun = { session, store, journal, dataDir: config.dataDir, context };
    for (const task of incomplete.filter((t) => decision.resumeIds.includes(t.id))) {
      context.logger.info(`resuming ${task.type} task ${task.id}`);
      await resumeTask(run, task);
    }
    if (!decision.startNew) return { exitCode: 0, data: { resumed: decision.resumeIds }, text: 'resumed' };
    const result = await runBackfillTask(run, {
      symbols: config.symbols,
      range,
      concurrency: options.concurrency,
    });
    const after = await scan(['5m']);
    const remaining = totalGaps(after, '5m');
    const data = {
      taskId: result.taskId,
      symbols: config.symbols,
      range,
      requests: result.requests,
      slotsTotal: result.slotsTotal,
      slotsWritten: result.slotsWritten,
      slotsNotServed: result.slotsNotServed,
      failedSymbols: result.failedSymbols,
      interrupted: result.interrupted,
      durationMs: result.durationMs,
      remaining,
      reports: after,
    };
    const summary = `backfill ${result.interrupted ? 'interrupted' : 'finished'}: ${result.slotsWritten} of ${result.slotsTotal} fetchable 5m slots written in ${result.requests} requests; ${remaining.missingSlots} 5m slots still missing (${remaining.recoverableSlots} recoverable, ${remaining.unrecoverableSlots} not)`;
    return {
      exitCode: remaining.missingSlots > 0 ? 3 : 0,
      data,
      text: `${formatGapReports(after)}\n${summary}`,
    };
  } finally {
    await store.close();
  }
}
