import {
  type BackfillResult,
  runBackfill,
  runCollector,
  type TaskJournal,
  type TaskRecord,
} from '@oi/recovery';
import type { Store } from '@oi/storage';
import type { CommandContext } from '../command-context.ts';
import { createEngineEventHandler } from '../engine-events.ts';
import type { EngineSession } from '../engine-session.ts';
import { budgetUse } from '../exchange.ts';
import type { TimeRangeMs } from '../invocation.ts';
import { createProgressReporter } from '../progress.ts';

/** Everything a backfill or collector run needs, opened by the command. */
export interface EngineRun {
  readonly session: EngineSession;
  readonly store: Store;
  readonly journal: TaskJournal;
  readonly dataDir: string;
  readonly context: CommandContext;
}

/** Runs (or, with `resumeTaskId`, takes up) a backfill task with progress; the task ends done or interrupted. */
export async function runBackfillTask(
  run: EngineRun,
  spec: { readonly symbols: readonly string[]; readonly range: TimeRangeMs; readonly concurrency?: number },
  resumeTaskId?: string,
): Promise<BackfillResult & { readonly taskId: string }> {
  const { session, context } = run;
  const task =
    resumeTaskId === undefined
      ? await run.journal.begin({ type: 'backfill', symbols: spec.symbols, range: spec.range })
      : await run.journal.resume(resumeTaskId);
  const progress = createProgressReporter({
    label: 'backfill',
    unit: 'slots',
    bars: context.progressBars,
    logger: context.logger,
  });
  try {
    const result = await runBackfill({
      client: session.client,
      store: run.store,
      dataDir: run.dataDir,
      symbols: spec.symbols,
      range: spec.range,
      clock: session.clock,
      signal: context.signal,
      listings: session.listings,
      task,
      ...(spec.concurrency === undefined ? {} : { concurrency: spec.concurrency }),
      onEvent: createEngineEventHandler(context.logger, {
        progress,
        budgetUse: () => budgetUse(session.client),
      }),
    });
    await task.finish(result.interrupted ? 'interrupted' : 'done');
    return { ...result, taskId: task.id };
  } catch (error) {
    await task.finish('interrupted').catch(() => {});
    throw error;
  } finally {
    progress.stop();
    await run.journal.flush();
  }
}

/** Resumes one journal task of any kind: backfills (and patrols) over their range, collectors as collectors. */
export async function resumeTask(run: EngineRun, task: TaskRecord): Promise<unknown> {
  if (task.type === 'collect') {
    const durationMs =
      typeof task.options['durationMs'] === 'number' ? task.options['durationMs'] : undefined;
    return runCollector({
      client: run.session.client,
      store: run.store,
      dataDir: run.dataDir,
      symbols: task.symbols,
      clock: run.session.clock,
      signal: run.context.signal,
      journal: run.journal,
      resumeTaskId: task.id,
      historyOnly: task.options['historyOnly'] === true,
      ...(durationMs === undefined ? {} : { durationMs }),
      onEvent: createEngineEventHandler(run.context.logger),
    });
  }
  if (task.range === null) {
    await run.journal.markDone(task.id);
    return { taskId: task.id, skipped: 'no range' };
  }
  return runBackfillTask(run, { symbols: task.symbols, range: task.range }, task.id);
}
