import { listIncompleteTasks, markTaskDone, openTaskJournal } from '@oi/recovery';
import { openStore } from '@oi/storage';
import type { CommandContext, CommandResult } from '../command-context.ts';
import type { EngineSession } from '../engine-session.ts';
import type { CommonOptions } from '../invocation.ts';
import { describeCollectorResult, startCollector } from './collect.ts';
import { type EngineRun, resumeTask } from './engine-tasks.ts';
import { decideIncompleteTasks, describeTask } from './recovery-menu.ts';

/**
 * `oi resume`: lists incomplete tasks; in a terminal, the recovery menu decides; `--resume` resumes
 * them all; otherwise (and with `--no-resume`) it only lists them. `openSession` is called only when
 * something will run, so listing needs no network.
 */
export async function runResumeCommand(
  common: CommonOptions,
  openSession: () => Promise<EngineSession>,
  context: CommandContext,
): Promise<CommandResult> {
  const { config } = common;
  const incomplete = await listIncompleteTasks(config.dataDir);
  const listed = incomplete.map((task) => ({ ...task, description: describeTask(task) }));
  if (incomplete.length === 0)
    return { exitCode: 0, data: { tasks: [], resumed: [] }, text: 'no incomplete tasks' };
  if (common.resume !== 'resume' && context.prompter === undefined) {
    const hint = common.resume === 'ask' ? '\nrun "oi resume --resume" to resume them all' : '';
    return {
      exitCode: 0,
      data: { tasks: listed, resumed: [] },
      text: `${incomplete.length} incomplete task(s):\n${listed.map((t) => `  ${t.description}`).join('\n')}${hint}`,
    };
  }
  const decision = await decideIncompleteTasks(incomplete, {
    resume: common.resume === 'resume' ? 'resume' : 'ask',
    ...(context.prompter === undefined ? {} : { prompter: context.prompter }),
    logger: context.logger,
    newTaskLabel: 'Start a new collect task',
  });
  for (const id of decision.markDoneIds) await markTaskDone(config.dataDir, id);
  const chosen = incomplete.filter((task) => decision.resumeIds.includes(task.id));
  const startNew = decision.startNew && decision.resumeIds.length === 0;
  if (chosen.length === 0 && !startNew) {
    return {
      exitCode: 0,
      data: { tasks: listed, resumed: [], markedDone: decision.markDoneIds },
      text:
        decision.markDoneIds.length > 0
          ? `marked done: ${decision.markDoneIds.join(', ')}`
          : 'nothing resumed',
    };
  }
  const session = await openSession();
  const store = await openStore({ dataDir: config.dataDir, now: () => session.clock.now() });
  try {
    const journal = await openTaskJournal({ dataDir: config.dataDir, nowMs: () => session.clock.now() });
    const run: EngineRun = { session, store, journal, dataDir: config.dataDir, context };
    const ordered = [
      ...chosen.filter((t) => t.type !== 'collect'),
      ...chosen.filter((t) => t.type === 'collect'),
    ];
    const results: unknown[] = [];
    for (const task of ordered) {
      context.logger.info(`resuming ${describeTask(task)}`);
      results.push(await resumeTask(run, task));
    }
    if (startNew) {
      results.push(
        describeCollectorResult(await startCollector(run, config.symbols, { historyOnly: false })),
      );
    }
    return {
      exitCode: 0,
      data: {
        tasks: listed,
        resumed: ordered.map((task) => task.id),
        markedDone: decision.markDoneIds,
        results,
      },
      text: `resumed ${ordered.length} task(s)${startNew ? ' and ran a new collect task' : ''}`,
    };
  } finally {
    await store.close();
  }
}
