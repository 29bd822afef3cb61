import type { HistorySource } from '@oi/recovery';
import { systemClock } from '@oi/retry';
import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { coerceDurationMs, integerFlag } from '../../cli/flag-coercers.ts';
import { type EngineSession, openEngineSession } from '../../engine/engine-session.ts';
import {
  collectorSpecOf,
  describeCollectorResult,
  type EngineRun,
  isCollectorTask,
  resumeTask,
  runCollectorTask,
  withEngineRun,
} from '../../engine/engine-tasks.ts';
import { withCollectorMetrics } from '../../engine/metrics-wiring.ts';
import type { SinkCatchUp } from '../../engine/sink-feed.ts';
import { feedingRun, withCommandSink } from '../../engine/sink-run.ts';
import type { CommonOptions } from '../common/index.ts';
import { sourceFlags } from '../common/source-flag.ts';
import { sinkFlags, sinkUrlOf } from '../sink/sink-flag.ts';

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
  ...sourceFlags,
  ...sinkFlags,
  'metrics-port': integerFlag(
    'metrics-port',
    'Serve Prometheus /metrics and /healthz on this port (env OI_METRICS_PORT; 0 picks one)',
    0,
    65_535,
  ),
  'metrics-host': {
    type: 'string',
    description: 'Address the metrics server binds (env OI_METRICS_HOST, default 127.0.0.1)',
  },
} as const;

/** Options of `oi collect`. */
export interface CollectOptions {
  /** Stop after this long; run until stopped when absent. */
  readonly durationMs?: number;
  readonly historyOnly: boolean;
  /** Where the patrol takes 5m history from (the plan of `oi backfill --source`). @default 'auto' */
  readonly source?: HistorySource;
  /** `--sink`; `OI_SINK_URL` when absent. */
  readonly sinkUrl?: string;
  /** `--metrics-port`; `OI_METRICS_PORT` when absent. */
  readonly metricsPort?: number;
  /** `--metrics-host`; `OI_METRICS_HOST` when absent. */
  readonly metricsHost?: string;
}

const DAY_MS = 86_400_000;

/**
 * What a collector brings the sink up to date with at start, beside what it writes: the 5m rows of
 * the patrol's 30 days and the 1m rows of today and yesterday, which a stopped run may have written
 * to the files only. Older rows: `oi sink sync`.
 */
export function collectorCatchUp(symbols: readonly string[], nowMs: number): SinkCatchUp[] {
  const endMs = (Math.floor(nowMs / DAY_MS) + 1) * DAY_MS;
  return [
    { series: '5m', symbols, range: { startMs: endMs - 32 * DAY_MS, endMs } },
    { series: '1m', symbols, range: { startMs: endMs - 2 * DAY_MS, endMs } },
  ];
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
  const sinkUrl = await sinkUrlOf(options.sinkUrl, common);
  const metricsOptions = {
    port: options.metricsPort ?? common.config.metricsPort,
    host: options.metricsHost ?? common.config.metricsHost,
    // The clock openEngineSession picks: the health rules judge ticks on the engine's time.
    clock: context.testClock?.clock ?? systemClock,
    logger: context.logger,
  };
  return withCollectorMetrics(metricsOptions, async (wiring) => {
    const session = await openEngineSession(
      common,
      context,
      wiring === undefined ? {} : { onClientEvent: wiring.metrics.observeClientEvent },
    );
    wiring?.useClient(session.client);
    const sinkOptions = {
      url: sinkUrl,
      dataDir: common.config.dataDir,
      clock: session.clock,
      context,
      catchUp: collectorCatchUp(common.config.symbols, session.clock.now()),
      ...(wiring === undefined ? {} : { onLag: wiring.metrics.setSinkLag }),
    };
    return withCommandSink(sinkOptions, false, (feed) =>
      collectWithRun(options, common, context, session, (run) => ({
        ...feedingRun(run, feed),
        ...(wiring === undefined ? {} : { observeEvent: wiring.metrics.observeCollectorEvent }),
      })),
    );
  });
}

/** The collector itself, on a run that `wire` may extend (the sink feed, the metrics). */
function collectWithRun(
  options: CollectOptions,
  common: CommonOptions,
  context: CommandContext,
  session: EngineSession,
  wire: (run: EngineRun) => EngineRun,
): Promise<CommandResult> {
  return withEngineRun(
    common,
    context,
    session,
    'Start collecting (a new task)',
    async (engineRun, chosen, decision) => {
      const run = wire(engineRun);
      // Finite tasks first: a resumed collector runs until stopped, and so does a new one.
      for (const task of chosen.filter((t) => !isCollectorTask(t))) await resumeTask(run, task);
      const collectors = chosen.filter(isCollectorTask);
      for (const task of collectors.slice(0, -1)) await run.writer.journal.markDone(task.id);
      const lastCollector = collectors.at(-1);
      const result =
        lastCollector !== undefined
          ? await runCollectorTask(run, collectorSpecOf(lastCollector), lastCollector.id)
          : decision.startNew
            ? await runCollectorTask(run, {
                symbols: common.config.symbols,
                historyOnly: options.historyOnly,
                ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
                ...(options.source === undefined ? {} : { source: options.source }),
              })
            : undefined;
      if (result === undefined)
        return { exitCode: 0, data: { resumed: decision.resumeIds }, text: 'resumed' };
      const text = `collector ${result.stopReason === 'duration' ? 'finished' : 'stopped'}: ${result.ticks} ticks, ${result.rows} 1m rows, ${result.missedSlots} missed symbol-minutes, ${result.patrolRounds} patrol rounds, ${result.slotsWritten} 5m slots written`;
      return {
        exitCode: 0,
        data: { ...describeCollectorResult(result), budget: session.budgetActivity.report(session.client) },
        text,
      };
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
    source: args.source,
    ...(args.sink === undefined ? {} : { sinkUrl: args.sink }),
    ...(args.metricsPort === undefined ? {} : { metricsPort: args.metricsPort }),
    ...(args.metricsHost === undefined ? {} : { metricsHost: args.metricsHost }),
  }),
  handler: runCollect,
  writesData: true,
});
