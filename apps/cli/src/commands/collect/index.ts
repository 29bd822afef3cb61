import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { coerceDurationMs } from '../../cli/flag-coercers.ts';
import { openEngineSession } from '../../engine/engine-session.ts';
import {
  collectorSpecOf,
  describeCollectorResult,
  isCollectorTask,
  resumeTask,
  runCollectorTask,
  withEngineRun,
} from '../../engine/engine-tasks.ts';
import type { CommonOptions } from '../common/index.ts';

/** The flags of `oi collect` (the old top-level form accepts them too). */
export const collectFlags = {
  hours: {
    alias: 'c',
    type: 'string',
    description: 'Stop after N hours (or 90m, 1d); without it, run until stopped',
    coerce: coerceDurationMs('--hours'),
  },
  'history-only': {
    type: 'boolean',
    default: false,
    description: 'Only the 5m history patrol, no live ticks',
  },
} as const;

/** Options of `oi collect`. */
export interface CollectOptions {
  /** Stop after this long; run until stopped when absent. */
  readonly durationMs?: number;
  readonly historyOnly: boolean;
}

/** Declares the flags and examples of `oi collect`. */
export function buildCollect(yargs: Argv) {
  return yargs
    .options(collectFlags)
    .example('$0 collect', 'collect the configured symbols until stopped')
    .example('$0 collect -S BTCUSDT,ETHUSDT --hours 24', 'two symbols for one day')
    .example('$0 collect --history-only', 'keep the 5m history complete, no 1m ticks');
}

/**
 * `oi collect`: the daemon. Runs until `--hours` elapse (task done) or SIGINT/SIGTERM (task
 * interrupted, journal saved). Missed live minutes are logged and recorded as gaps, never invented.
 * Incomplete tasks are decided on from a read-only listing; the journal changes only under the lock.
 */
export async function runCollect(
  options: CollectOptions,
  common: CommonOptions,
  context: CommandContext,
): Promise<CommandResult> {
  const session = await openEngineSession(common, context);
  return withEngineRun(
    common,
    context,
    session,
    'Start collecting (a new task)',
    async (run, chosen, decision) => {
      // Finite tasks first: a resumed collector runs until stopped, and so does a new one.
      for (const task of chosen.filter((t) => !isCollectorTask(t))) await resumeTask(run, task);
      const collectors = chosen.filter(isCollectorTask);
      for (const task of collectors.slice(0, -1)) await run.writer.journal.markDone(task.id);
      const lastCollector = collectors.at(-1);
      const result =
        lastCollector !== undefined
          ? await runCollectorTask(run, collectorSpecOf(lastCollector), lastCollector.id)
          : decision.startNew
            ? await runCollectorTask(run, { symbols: common.config.symbols, ...options })
            : undefined;
      if (result === undefined)
        return { exitCode: 0, data: { resumed: decision.resumeIds }, text: 'resumed' };
      const text = `collector ${result.stopReason === 'duration' ? 'finished' : 'stopped'}: ${result.ticks} ticks, ${result.rows} 1m rows, ${result.missedSlots} missed symbol-minutes, ${result.patrolRounds} patrol rounds, ${result.slotsWritten} 5m slots written`;
      return { exitCode: 0, data: describeCollectorResult(result), text };
    },
  );
}

/** `oi collect`. */
export const collectCommand = defineCommand({
  name: 'collect',
  describe: 'Run the collector: live 1m ticks on whole minutes and the 5m history patrol',
  builder: buildCollect,
  options: (args): CollectOptions => ({
    ...(args.hours === undefined ? {} : { durationMs: args.hours }),
    historyOnly: args.historyOnly,
  }),
  handler: runCollect,
  writesData: true,
});
