import type { ArchiveDefect } from '@oi/binance-sim';
import type { BackfillResult } from '@oi/recovery';
import type { Argv } from 'yargs';
import type { CommandContext, CommandResult } from '../../cli/command-context.ts';
import { defineCommand } from '../../cli/command-module.ts';
import { integerFlag } from '../../cli/flag-coercers.ts';
import { DEFAULT_DEMO_DATA_DIR } from '../../config/defaults.ts';
import { combineBackfills, combineCollectors } from '../../engine/combine-results.ts';
import { withDataDirWriter } from '../../engine/data-dir-writer.ts';
import { openEngineSessions } from '../../engine/engine-session.ts';
import { type EngineRun, runMarketBackfills, runMarketCollectors } from '../../engine/engine-tasks.ts';
import type { CommonOptions } from '../common/index.ts';
import { showGaps } from '../gaps/index.ts';
import { showStats } from '../stats/index.ts';

/** Where the demo's virtual clock starts: a fixed instant, so every demo run is reproducible. */
export const DEMO_START_MS = Date.UTC(2026, 0, 15, 12, 0, 20);

/**
 * Two of the archive's real defects, so the demo shows what the tool does about them: a missing
 * file inside the API's 30 days (the API fills it) and a file whose checksum does not match older
 * than that (an honest gap that names its reason). Each shows when `--days` reaches it.
 */
export const DEMO_ARCHIVE_DEFECTS: readonly ArchiveDefect[] = [
  { kind: 'missing', symbol: 'BTCUSDT', day: '2026-01-05' },
  { kind: 'checksumMismatch', symbol: 'ETHUSDT', day: '2025-11-20' },
  { kind: 'missing', market: 'cm', symbol: 'ETHUSD_PERP', day: '2025-12-01' },
];

/** The COIN-M contracts the demo collects beside the USDⓈ-M symbols (in contracts, valued in their coin). */
const DEMO_COIN_M_SYMBOLS = ['BTCUSD_PERP', 'ETHUSD_PERP'];

/** The most `--days` can ask for: back to the archive's first file, 2020-09-01. */
const MAX_HISTORY_DAYS = 1962;

const DAY_MS = 86_400_000;
const FIVE_MINUTES_MS = 300_000;
const STEP_MS = 1_000;
const STEP_PAUSE_REAL_MS = 2;

/** The flags of `oi demo`. */
export const demoFlags = {
  minutes: { ...integerFlag('minutes', 'Virtual minutes of live collection', 1, 24 * 60), default: 10 },
  days: {
    ...integerFlag(
      'days',
      'Days of 5m history to backfill: finished days from the archive, then the API',
      1,
      MAX_HISTORY_DAYS,
    ),
    default: 90,
  },
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
  // Loaded here, not with the command line: only the demo and `oi sim` need the simulator.
  const {
    createVirtualClock,
    createVirtualTimeFetch,
    DEFAULT_SYMBOLS: SIM_SYMBOLS,
    startSimulator,
  } = await import('@oi/binance-sim');
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
  const sim = await startSimulator({
    clock,
    seed: options.seed,
    archiveDefects: [...DEMO_ARCHIVE_DEFECTS],
  });
  const startedReal = performance.now();
  try {
    // Both markets unless --market or OI_MARKET says otherwise.
    const market = common.sources.market.origin === 'default' ? 'all' : common.config.market;
    const symbols =
      common.sources.symbols.origin === 'flag'
        ? common.config.symbols
        : [
            ...(market === 'cm' ? [] : SIM_SYMBOLS.slice(0, 5)),
            ...(market === 'um' ? [] : DEMO_COIN_M_SYMBOLS),
          ];
    const demoCommon: CommonOptions = {
      ...common,
      config: {
        ...common.config,
        symbols,
        market,
        fapiUrl: sim.url,
        dapiUrl: sim.url,
        archiveUrl: sim.url,
        proxy: {},
      },
    };
    context.logger.info(
      `demo: simulator at ${sim.url}, virtual clock from ${new Date(DEMO_START_MS).toISOString()}`,
    );
    const sessions = await openEngineSessions(demoCommon, context, {
      clock,
      fetch: createVirtualTimeFetch(clock),
    });
    const dataDir = common.config.dataDir;
    const endMs = Math.floor(clock.now() / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
    const range = { startMs: endMs - options.historyDays * DAY_MS, endMs };
    let liveStartMs = 0;
    let backfillRealMs = 0;
    const { backfill, collector } = await withDataDirWriter(
      dataDir,
      () => clock.now(),
      async (writer) => {
        const run: EngineRun = { sessions, writer, dataDir, context };
        context.logger.info(
          `demo: backfilling ${options.historyDays} days of 5m history for ${symbols.join(',')}: finished days from the archive, the rest from the API`,
        );
        const backfillStarted = performance.now();
        const backfills = await runMarketBackfills(run, sessions.active, { range });
        backfillRealMs = Math.round(performance.now() - backfillStarted);
        context.logger.info(`demo: collecting live for ${options.liveMinutes} virtual minutes`);
        liveStartMs = Math.ceil(clock.now() / 60_000) * 60_000;
        const collectors = await runMarketCollectors(run, sessions.active, {
          historyOnly: false,
          durationMs: options.liveMinutes * 60_000,
        });
        return { backfill: combineBackfills(backfills), collector: combineCollectors(collectors) };
      },
    );
    const nowMs = clock.now();
    const stats = await showStats({ dataDir, symbols });
    // 5m over the backfilled history, 1m over the minutes the collector was live.
    const history = await showGaps({ series: ['5m'], range }, { dataDir, symbols, nowMs });
    const live = await showGaps(
      { series: ['1m'], range: liveWindow(liveStartMs, options.liveMinutes, nowMs) },
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
        range,
        slotsWritten: backfill.slotsWritten,
        slotsTotal: backfill.slotsTotal,
        slotsWrittenBySource: backfill.slotsWrittenBySource,
        requests: backfill.requests,
        archive: backfill.archive,
        realMs: backfillRealMs,
      },
      collector,
      stats: stats.data,
      gaps: gaps.data,
    };
    const text = [
      `demo data in ${dataDir} (${symbols.length} symbols, simulator ${sim.url})`,
      ...describeBackfill(backfill, range, backfillRealMs),
      `collector: ${collector.ticks} live ticks, ${collector.rows} 1m rows, ${collector.missedSlots} missed, ${collector.patrolRounds} patrol rounds, ${collector.slotsWritten} 5m slots (${collector.markets.map((each) => each.market).join(' and ')})`,
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

/**
 * The minutes the demo's collectors were live: from the first whole minute after they started, for
 * `minutes` (they stop `minutes` after their start, before the tick of the minute that follows),
 * never past the clock's minute. The virtual clock goes on while they stop and while the stats are
 * read, by more on a slower machine, so the clock alone would call the next minute lost.
 */
export function liveWindow(
  startMs: number,
  minutes: number,
  nowMs: number,
): { startMs: number; endMs: number } {
  return {
    startMs,
    endMs: Math.min(startMs + minutes * 60_000, Math.floor(nowMs / 60_000) * 60_000 + 60_000),
  };
}

/** The backfill's lines of the demo's summary: the span, what each source gave, and why slots are missing. */
function describeBackfill(
  backfill: BackfillResult,
  range: { startMs: number; endMs: number },
  realMs: number,
): string[] {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const { archive } = backfill;
  const notUsed = archive.missing + archive.rejected;
  return [
    `backfill ${day(range.startMs)} .. ${day(range.endMs)} (${Math.round((range.endMs - range.startMs) / DAY_MS)} days): ${backfill.slotsWritten}/${backfill.slotsTotal} 5m slots in ${(realMs / 1000).toFixed(1)} s real time`,
    `  archive: ${backfill.slotsWrittenBySource.archive} slots from ${archive.stored} day files (${archive.rows} rows)${notUsed > 0 ? `; ${archive.missing} missing, ${archive.rejected} rejected` : ''}`,
    `  api: ${backfill.slotsWrittenBySource.api} slots in ${backfill.requests} requests (today, and what the archive lacks inside the API's 30 days)`,
    ...(backfill.unrecoverable.length === 0
      ? []
      : [
          `  not recoverable: ${backfill.unrecoverable.map((gap) => `${gap.symbol} ${gap.slots} slots (${gap.detail})`).join('; ')}`,
        ]),
  ];
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
