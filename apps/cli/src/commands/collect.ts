import {
  type CollectorResult,
  listIncompleteTasks,
  markTaskDone,
  openTaskJournal,
  runCollector,
} from '@oi/recovery';
import { openStore } from '@oi/storage';
import type { CommandContext, CommandResult } from '../command-context.ts';
import { createEngineEventHandler } from '../engine-events.ts';
import type { EngineSession } from '../engine-session.ts';
import type { CollectOptions, CommonOptions } from '../invocation.ts';
import { type EngineRun, resumeTask } from './engine-tasks.ts';
import { decideIncompleteTasks } from './recovery-menu.ts';

/** The JSON form of a collector run. */
export function describeCollectorResult(result: CollectorResult): Record<string, unknown> {
  return {
    taskId: result.taskId,
    stopReason: result.stopReason,
    ticks: result.ticks,
    rows: result.rows,
    missedSlots: result.missedSlots,
    patrolRounds: result.patrolRounds,
    slotsWritten: result.slotsWritten,
    droppedSymbols: Object.fromEntries(result.droppedSymbols),
  };
}

/** Starts a new collector task (live 1m ticks + 5m patrol, or the patrol alone). */
export function startCollector(
  run: EngineRun,
  symbols: readonly string[],
  options: CollectOptions,
): Promise<CollectorResult> {
  return runCollector({
    client: run.session.client,
    store: run.store,
    dataDir: run.dataDir,
    symbols,
    clock: run.session.clock,
    signal: run.context.signal,
    journal: run.journal,
    historyOnly: options.historyOnly,
    ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
    onEvent: createEngineEventHandler(run.context.logger),
  });
}

/**
 * `oi collect`: the daemon. Runs until `--hours` elapse (task done) or SIGINT/SIGTERM (task
 * interrupted, journal saved). Missed live minutes are logged and recorded as gaps, never invented.
 */
export async function runCollectCommand(
  options: CollectOptions,
  common: CommonOptions,
  session: EngineSession,
  context: CommandContext,
): Promise<CommandResult> {
  const { config } = common;
  const incomplete = await listIncompleteTasks(config.dataDir);
  const decision = await decideIncompleteTasks(incomplete, {
    resume: common.resume,
    ...(context.prompter === undefined ? {} : { prompter: context.prompter }),
    logger: context.logger,
    newTaskLabel: 'Start collecting (a new task)',
  });
  for (const id of decision.markDoneIds) await markTaskDone(config.dataDir, id);
  const store = await openStore({ dataDir: config.dataDir, now: () => session.clock.now() });
  try {
    const journal = await openTaskJournal({ dataDir: config.dataDir, nowMs: () => session.clock.now() });
    const run: EngineRun = { session, store, journal, dataDir: config.dataDir, context };
    const chosen = incomplete.filter((task) => decision.resumeIds.includes(task.id));
    // Finite tasks first: a resumed collector runs until stopped, and so does a new one.
    for (const task of chosen.filter((t) => t.type !== 'collect')) await resumeTask(run, task);
    const collectors = chosen.filter((t) => t.type === 'collect');
    for (const task of collectors.slice(0, -1)) await journal.markDone(task.id);
    const lastCollector = collectors.at(-1);
    const result =
      lastCollector !== undefined
        ? ((await resumeTask(run, lastCollector)) as CollectorResult)
        : decision.startNew
          ? await startCollector(run, config.symbols, options)
          : undefined;
    if (result === undefined) return { exitCode: 0, data: { resumed: decision.resumeIds }, text: 'resumed' };
    const text = `collector ${result.stopReason === 'duration' ? 'finished' : 'stopped'}: ${result.ticks} ticks, ${result.rows} 1m rows, ${result.missedSlots} missed symbol-minutes, ${result.patrolRounds} patrol rounds, ${result.slotsWritten} 5m slots written`;
    return { exitCode: 0, data: describeCollectorResult(result), text };
  } finally {
    await store.close();
  }
}
