import {
  createVirtualClock,
  createVirtualTimeFetch,
  DEFAULT_SYMBOLS as SIM_SYMBOLS,
  startSimulator,
} from '@oi/binance-sim';
import { openTaskJournal } from '@oi/recovery';
import { openStore } from '@oi/storage';
import type { CommandContext, CommandResult } from '../command-context.ts';

import { openEngineSession } from '../engine-session.ts';
import type { CommonOptions, DemoOptions } from '../invocation.ts';
import { describeCollectorResult, startCollector } from './collect.ts';
import { type EngineRun, runBackfillTask } from './engine-tasks.ts';
import { showGaps } from './gaps.ts';
import { showStats } from './stats.ts';

/** Where the demo's virtual clock starts: a fixed instant, so every demo run is reproducible. */
export const DEMO_START_MS = Date.UTC(2026, 0, 15, 12, 0, 20);

const DAY_MS = 86_400_000;
const FIVE_MINUTES_MS = 300_000;
const STEP_MS = 1_000;
const STEP_PAUSE_REAL_MS = 2;

/**
 * `oi demo`: the simulator in-process on a fast virtual clock shared with the client and the engine,
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
  const sim = await startSimulator({ clock, seed: 7 });
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
    const session = await openEngineSession(demoCommon, context.logger, context.signal, {
      clock,
      fetch: createVirtualTimeFetch(clock),
    });
    const dataDir = common.config.dataDir;
    const store = await openStore({ dataDir, now: () => clock.now() });
    let backfill: Awaited<ReturnType<typeof runBackfillTask>>;
    let collector: Awaited<ReturnType<typeof startCollector>>;
    let liveStartMs = 0;
    const endMs = Math.floor(clock.now() / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
    const range = { startMs: endMs - options.historyDays * DAY_MS, endMs };
    try {
      const journal = await openTaskJournal({ dataDir, nowMs: () => clock.now() });
      const run: EngineRun = { session, store, journal, dataDir, context };
      context.logger.info(
        `demo: backfilling ${options.historyDays} days of 5m history for ${symbols.join(',')}`,
      );
      backfill = await runBackfillTask(run, { symbols, range });
      context.logger.info(`demo: collecting live for ${options.liveMinutes} virtual minutes`);
      liveStartMs = Math.ceil(clock.now() / 60_000) * 60_000;
      collector = await startCollector(run, symbols, {
        historyOnly: false,
        durationMs: options.liveMinutes * 60_000,
      });
    } finally {
      await store.close();
    }
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
