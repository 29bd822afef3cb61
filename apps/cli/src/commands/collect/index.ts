import type { HistorySource, TaskRecord } from '@oi/recovery';
import { systemClock } from '@oi/retry';
import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { coerceDurationMs, integerFlag } from '../../cli/flag-coercers.ts';
import { combineCollectors } from '../../engine/combine-results.ts';
import {
  budgetReport,
  type EngineSessions,
  openEngineSessions,
  universeOf,
} from '../../engine/engine-session.ts';
import {
  collectorSpecOf,
  type EngineRun,
  isCollectorTask,
  marketOfTask,
  resumeTask,
  runCollectorTask,
  runMarketCollectors,
  withEngineRun,
} from '../../engine/engine-tasks.ts';
import type { Market } from '../../engine/exchange.ts';
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
    const sessions = await openEngineSessions(
      common,
      context,
      wiring === undefined ? {} : { onClientEvent: wiring.metrics.observeClientEvent },
    );
    const [first] = sessions.active;
    // The markets share one budget: any client's snapshot is the host's.
    if (first !== undefined) wiring?.useClient(first.client);
    const sinkOptions = {
      url: sinkUrl,
      dataDir: common.config.dataDir,
      clock: sessions.clock,
      context,
      catchUp: collectorCatchUp(
        sessions.active.flatMap((session) => session.symbols),
        sessions.clock.now(),
      ),
      ...(wiring === undefined ? {} : { onLag: wiring.metrics.setSinkLag }),
    };
    return withCommandSink(sinkOptions, false, (feed) =>
      collectWithRun(options, common, context, sessions, (run) => ({
        ...feedingRun(run, feed),
        ...(wiring === undefined ? {} : { observeEvent: wiring.metrics.observeCollectorEvent }),
      })),
    );
  });
}

/**
 * The collectors themselves, one per market, side by side in this process (each its own ticks and
 * patrol, all inside the one shared budget), on a run that `wire` may extend (the sink feed, the
 * metrics).
 */
function collectWithRun(
  options: CollectOptions,
  common: CommonOptions,
  context: CommandContext,
  sessions: EngineSessions,
  wire: (run: EngineRun) => EngineRun,
): Promise<CommandResult> {
  return withEngineRun(
    common,
    context,
    sessions,
    'Start collecting (a new task)',
    async (engineRun, chosen, decision) => {
      const run = wire(engineRun);
      // Finite tasks first: a resumed collector runs until stopped, and so does a new one.
      for (const task of chosen.filter((t) => !isCollectorTask(t))) await resumeTask(run, task);
      // Of the collectors chosen, the newest of each market is taken up; older ones are done.
      const resumed = new Map<Market, TaskRecord>();
      for (const task of chosen.filter(isCollectorTask)) {
        const replaced = resumed.get(marketOfTask(task));
        if (replaced !== undefined) await run.writer.journal.markDone(replaced.id);
        resumed.set(marketOfTask(task), task);
      }
      const results =
        resumed.size > 0
          ? await Promise.all(
              [...resumed].map(([market, task]) =>
                runCollectorTask(run, collectorSpecOf(task), task.id).then((result) => ({
                  ...result,
                  market,
                })),
              ),
            )
          : decision.startNew
            ? await runMarketCollectors(run, sessions.active, {
                ...universeOf(common),
                historyOnly: options.historyOnly,
                ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
                ...(options.source === undefined ? {} : { source: options.source }),
              })
            : [];
      if (results.length === 0)
        return { exitCode: 0, data: { resumed: decision.resumeIds }, text: 'resumed' };
      const combined = combineCollectors(results);
      const ended = results.every((result) => result.stopReason === 'duration');
      const text = `collector ${ended ? 'finished' : 'stopped'}: ${combined.ticks} ticks, ${combined.rows} 1m rows, ${combined.missedSlots} missed symbol-minutes, ${combined.patrolRounds} patrol rounds, ${combined.slotsWritten} 5m slots written`;
      return { exitCode: 0, data: { ...combined, budget: budgetReport(sessions) }, text };
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
