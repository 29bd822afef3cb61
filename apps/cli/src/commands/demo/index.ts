import {
  createVirtualClock,
  createVirtualTimeFetch,
  DEFAULT_SYMBOLS as SIM_SYMBOLS,
  startSimulator,
} from '@oi/binance-sim';
import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { integerFlag } from '../../cli/flag-coercers.ts';
import { DEFAULT_DEMO_DATA_DIR } from '../../config/defaults.ts';
import { withDataDirWriter } from '../../engine/data-dir-writer.ts';
import { openEngineSession } from '../../engine/engine-session.ts';
import {
  describeCollectorResult,
  type EngineRun,
  runBackfillTask,
  runCollectorTask,
} from '../../engine/engine-tasks.ts';
import type { CommonOptions } from '../common/index.ts';
import { showGaps } from '../gaps/index.ts';
import { showStats } from '../stats/index.ts';

/** Where the demo's virtual clock starts: a fixed instant, so every demo run is reproducible. */
export const DEMO_START_MS = Date.UTC(2026, 0, 15, 12, 0, 20);

const DAY_MS = 86_400_000;
const FIVE_MINUTES_MS = 300_000;
const STEP_MS = 1_000;
const STEP_PAUSE_REAL_MS = 2;

/** The flags of `oi demo`. */
export const demoFlags = {
  minutes: { ...integerFlag('minutes', 'Virtual minutes of live collection', 1, 24 * 60), default: 10 },
  days: { ...integerFlag('days', 'Days of history to backfill', 1, 30), default: 2 },
  seed: { ...integerFlag('seed', "The simulator's seed: the same seed, the same demo", 0), default: 7 },
} as const;

/** Options of `oi demo`. */
export interface DemoOptions {
  /** Virtual minutes of live collection after the backfill. */
  readonly liveMinutes: number;
  /** Days of history to backfill. */
  readonly historyDays: number;
  /** The simulator's seed: its series, and so the demo's data, follow from it. */
  readonly seed: number;
}

/** Declares the flags and examples of `oi demo`. */
export function buildDemo(yargs: Argv) {
  return yargs
    .options(demoFlags)
    .example('$0 demo', 'writes ./data-demo and prints stats and gaps')
    .example('$0 demo --data-dir /tmp/oi-demo --json', 'elsewhere, machine-readable');
}

/**
 * The simulator in-process on a fast virtual clock shared with the client and the engine,
 * a backfill of `historyDays`, `liveMinutes` of live collection, then stats and gaps. No internet;
 * everything else is the real code path.
 */
export async function runDemo(
  options: DemoOptions,
  common: CommonOptions,
  context: CommandContext,
): Promise<CommandResult> {
  // Time is driven here in 1 s steps with a short real pause between them, rather than by the clock's
  // idle detection: a pause inside the engine (disk I/O, a busy machine) can then let at most one
  // virtual second pass, never a jump to the next timer (the end of a tick's minute, or of the run).
  const clock = createVirtualClock({ startMs: DEMO_START_MS, auto: false });
  let driving = true;
  const driver = (async () => {
    while (driving) {
      await clock.advance(STEP_MS);
      await new Promise((resolve) => setTimeout(resolve, STEP_PAUSE_REAL_MS));
    }
  })();
  const sim = await startSimulator({ clock, seed: options.seed });
  const startedReal = performance.now();
  try {
    const symbols =
      common.sources.symbols.origin === 'flag' ? common.config.symbols : SIM_SYMBOLS.slice(0, 5);
    const demoCommon: CommonOptions = {
      ...common,
      config: { ...common.config, symbols, fapiUrl: sim.url, proxy: {} },
    };
    context.logger.info(
      `demo: simulator at ${sim.url}, virtual clock from ${new Date(DEMO_START_MS).toISOString()}`,
    );
    const session = await openEngineSession(demoCommon, context, {
      clock,
      fetch: createVirtualTimeFetch(clock),
    });
    const dataDir = common.config.dataDir;
    const endMs = Math.floor(clock.now() / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
    const range = { startMs: endMs - options.historyDays * DAY_MS, endMs };
    let liveStartMs = 0;
    const { backfill, collector } = await withDataDirWriter(
      dataDir,
      () => clock.now(),
      async (writer) => {
        const run: EngineRun = { session, writer, dataDir, context };
        context.logger.info(
          `demo: backfilling ${options.historyDays} days of 5m history for ${symbols.join(',')}`,
        );
        const backfill = await runBackfillTask(run, { symbols, range });
        context.logger.info(`demo: collecting live for ${options.liveMinutes} virtual minutes`);
        liveStartMs = Math.ceil(clock.now() / 60_000) * 60_000;
        const collector = await runCollectorTask(run, {
          symbols,
          historyOnly: false,
          durationMs: options.liveMinutes * 60_000,
        });
        return { backfill, collector };
      },
    );
    const nowMs = clock.now();
    const stats = await showStats({ dataDir, symbols });
    // 5m over the backfilled history, 1m over the minutes the collector was live.
    const history = await showGaps({ series: ['5m'], range }, { dataDir, symbols, nowMs });
    const live = await showGaps(
      {
        series: ['1m'],
        range: { startMs: liveStartMs, endMs: Math.floor(nowMs / 60_000) * 60_000 + 60_000 },
      },
      { dataDir, symbols, nowMs: nowMs + 60_000 },
    );
    const gaps = {
      data: { history: history.data, live: live.data },
      text: `${history.text}\n\n${live.text}`,
    };
    const realMs = Math.round(performance.now() - startedReal);
    const virtualMs = nowMs - DEMO_START_MS;
    const data = {
      simulator: sim.url,
      dataDir,
      symbols,
      virtualStart: new Date(DEMO_START_MS).toISOString(),
      virtualEnd: new Date(nowMs).toISOString(),
      virtualMs,
      realMs,
      requests: sim.counts().total,
      backfill: {
        taskId: backfill.taskId,
        slotsWritten: backfill.slotsWritten,
        slotsTotal: backfill.slotsTotal,
        requests: backfill.requests,
      },
      collector: describeCollectorResult(collector),
      stats: stats.data,
      gaps: gaps.data,
    };
    const text = [
      `demo data in ${dataDir} (${symbols.length} symbols, simulator ${sim.url})`,
      `backfill: ${backfill.slotsWritten}/${backfill.slotsTotal} 5m slots in ${backfill.requests} requests`,
      `collector: ${collector.ticks} live ticks, ${collector.rows} 1m rows, ${collector.missedSlots} missed, ${collector.patrolRounds} patrol rounds, ${collector.slotsWritten} 5m slots`,
      `${(virtualMs / 60_000).toFixed(1)} virtual minutes in ${(realMs / 1000).toFixed(1)} s real time, ${sim.counts().total} requests`,
      '',
      'stats:',
      stats.text,
      '',
      'gaps:',
      gaps.text,
    ].join('\n');
    return { exitCode: 0, data, text };
  } finally {
    driving = false;
    await driver;
    await sim.close();
  }
}

/** `oi demo`. */
export const demoCommand = defineCommand({
  name: 'demo',
  describe: 'End-to-end run against the in-process simulator on a fast virtual clock (no internet)',
  builder: buildDemo,
  options: (args): DemoOptions => ({ liveMinutes: args.minutes, historyDays: args.days, seed: args.seed }),
  handler: runDemo,
  writesData: true,
  // The demo never writes into real data: DATA_DIR is ignored, ./data-demo is its default.
  configDefaults: { defaultDataDir: DEFAULT_DEMO_DATA_DIR, ignoreEnvDataDir: true },
});
