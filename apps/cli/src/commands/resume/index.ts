import { listIncompleteTasks } from '@oi/recovery';
import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { contextStoppedBy, withDataDirWriter } from '../../engine/data-dir-writer.ts';
import { openEngineSessions, universeOf } from '../../engine/engine-session.ts';
import {
  describeCollectorResult,
  type EngineRun,
  isCollectorTask,
  resumeTask,
  runMarketCollectors,
} from '../../engine/engine-tasks.ts';
import { applyTaskDecision, decideIncompleteTasks, describeTask } from '../../engine/recovery-menu.ts';
import { logStoreEvents } from '../../engine/store-events.ts';
import type { CommonOptions } from '../common/index.ts';

/** Declares the examples of `oi resume` (`--resume`/`--no-resume` are common flags). */
export function buildResume(yargs: Argv) {
  return yargs
    .example('$0 resume', 'interactive menu in a terminal')
    .example('$0 resume --resume', 'resume everything without asking');
}

/**
 * `oi resume`: lists incomplete tasks; in a terminal, the recovery menu decides; `--resume` resumes
 * them all; otherwise (and with `--no-resume`) it only lists them. Listing is read-only and needs no
 * network; marking a task done or resuming one takes the writer lock first.
 */
export async function runResume(common: CommonOptions, context: CommandContext): Promise<CommandResult> {
  const { dataDir } = common.config;
  const incomplete = await listIncompleteTasks(dataDir);
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
    context,
    newTaskLabel: 'Start a new collect task',
  });
  const startNew = decision.startNew && decision.resumeIds.length === 0;
  if (decision.resumeIds.length === 0 && !startNew) {
    if (decision.markDoneIds.length > 0) {
      await withDataDirWriter(dataDir, Date.now, (writer) => applyTaskDecision(writer.journal, decision));
    }
    return {
      exitCode: 0,
      data: { tasks: listed, resumed: [], markedDone: decision.markDoneIds },
      text:
        decision.markDoneIds.length > 0
          ? `marked done: ${decision.markDoneIds.join(', ')}`
          : 'nothing resumed',
    };
  }
  const sessions = await openEngineSessions(common, context, { checkSymbols: false });
  return withDataDirWriter(
    dataDir,
    () => sessions.clock.now(),
    async (writer) => {
      const run: EngineRun = { sessions, writer, dataDir, context: contextStoppedBy(context, writer) };
      const chosen = await applyTaskDecision(writer.journal, decision);
      const ordered = [...chosen.filter((t) => !isCollectorTask(t)), ...chosen.filter(isCollectorTask)];
      const results: unknown[] = [];
      for (const task of ordered) {
        context.logger.info(`resuming ${describeTask(task)}`);
        results.push(await resumeTask(run, task));
      }
      if (startNew) {
        const collectors = runMarketCollectors(run, sessions.active, {
          ...universeOf(common),
          historyOnly: false,
        });
        for (const result of await collectors) results.push(describeCollectorResult(result));
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
    },
    { onStoreEvent: logStoreEvents(context.logger) },
  );
}

/** `oi resume`. */
export const resumeCommand = defineCommand({
  name: 'resume',
  describe: 'List incomplete tasks and resume, pick one, mark done or start fresh',
  builder: buildResume,
  options: () => ({}),
  handler: (_options, common, context) => runResume(common, context),
  writesData: true,
});
