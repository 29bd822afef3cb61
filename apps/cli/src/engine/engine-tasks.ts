import {
  type BackfillResult,
  type CollectorEvent,
  type CollectorResult,
  type CollectorUniverse,
  type HistorySource,
  historyListingsFrom,
  listIncompleteTasks,
  runBackfill,
  runCollector,
  type TaskRecord,
} from '@oi/recovery';
import type { CommandContext } from '../cli/command-context.ts';
import type { TimeRangeMs } from '../cli/range-flags.ts';
import type { CommonOptions } from '../commands/common/index.ts';
import type { Logger } from '../logging.ts';
import { createProgressReporter } from '../terminal/progress.ts';
import { contextStoppedBy, type DataDirWriter, withDataDirWriter } from './data-dir-writer.ts';
import { createEngineEventHandler } from './engine-events.ts';
import type { EngineSession, EngineSessions } from './engine-session.ts';
import { budgetUse, type Market } from './exchange.ts';
import { applyTaskDecision, decideIncompleteTasks, type TaskDecision } from './recovery-menu.ts';
import { logStoreEvents } from './store-events.ts';

/** Everything a backfill or collector run needs: the exchange sessions and the data directory's writer. */
export interface EngineRun {
  readonly sessions: EngineSessions;
  readonly writer: DataDirWriter;
  readonly dataDir: string;
  readonly context: CommandContext;
  /** Receives every engine event besides the log (e.g. the metrics of `oi collect`). */
  readonly observeEvent?: (event: CollectorEvent) => void;
}

/**
 * Runs a command's engine work: decides about the journal's incomplete tasks from a read-only
 * listing (asking in a terminal), then takes the writer lock, carries the decision out, and hands
 * `work` the run and the tasks to resume. Nothing under the data directory changes before the lock.
 */
export async function withEngineRun<T>(
  common: CommonOptions,
  context: CommandContext,
  sessions: EngineSessions,
  newTaskLabel: string,
  work: (run: EngineRun, resume: readonly TaskRecord[], decision: TaskDecision) => Promise<T>,
): Promise<T> {
  const { dataDir } = common.config;
  const decision = await decideIncompleteTasks(await listIncompleteTasks(dataDir), {
    resume: common.resume,
    context,
    newTaskLabel,
  });
  return withDataDirWriter(
    dataDir,
    () => sessions.clock.now(),
    async (writer) =>
      work(
        { sessions, writer, dataDir, context: contextStoppedBy(context, writer) },
        await applyTaskDecision(writer.journal, decision),
        decision,
      ),
    { onStoreEvent: logStoreEvents(context.logger) },
  );
}

/** What a collector task is set to do. */
export interface CollectorSpec {
  /** The market it collects. @default 'um' */
  readonly market?: Market;
  /** The symbols of an explicit list (those of the start with `universe`). */
  readonly symbols: readonly string[];
  /** `--symbols all`: every trading contract of the market, followed as listings change. */
  readonly universe?: CollectorUniverse;
  /** Only the 5m history patrol, no live ticks. */
  readonly historyOnly: boolean;
  /** Stop after this long; run until stopped when absent. */
  readonly durationMs?: number;
  /** Where the patrol takes 5m history from. @default 'auto' */
  readonly source?: HistorySource;
}

/** Runs (or, with `resumeTaskId`, takes up) a backfill task with progress; the task ends done or interrupted. */
export async function runBackfillTask(
  run: EngineRun,
  spec: {
    /** The market of the symbols (recorded in the task, so a resumed one keeps it). @default 'um' */
    readonly market?: Market;
    readonly symbols: readonly string[];
    readonly range: TimeRangeMs;
    readonly concurrency?: number;
    /** Where 5m history comes from (recorded in the task, so a resumed one keeps it). @default 'auto' */
    readonly source?: HistorySource;
  },
  resumeTaskId?: string,
): Promise<BackfillResult & { readonly taskId: string }> {
  const { context, writer } = run;
  const source = spec.source ?? 'auto';
  const market = spec.market ?? 'um';
  const session = await run.sessions.session(market);
  const task =
    resumeTaskId === undefined
      ? await writer.journal.begin({
          type: 'backfill',
          symbols: spec.symbols,
          range: spec.range,
          options: { source, ...marketOption(market) },
        })
      : await writer.journal.resume(resumeTaskId);
  const progress = createProgressReporter({
    label: 'backfill',
    unit: 'slots',
    bars: context.progressBars,
    logger: context.logger,
  });
  try {
    const result = await runBackfill({
      client: session.client,
      store: writer.store,
      dataDir: run.dataDir,
      symbols: spec.symbols,
      range: spec.range,
      clock: session.clock,
      signal: context.signal,
      // A delisted perpetual's last slot, the one at its delisting instant, is asked for too.
      listings: historyListingsFrom(session.listings),
      task,
      archive: session.archive,
      source,
      ...(spec.concurrency === undefined ? {} : { concurrency: spec.concurrency }),
      onEvent: createEngineEventHandler(marketLogger(context.logger, market), {
        progress,
        budgetUse: () => budgetUse(session.client),
        budgetNote: () => session.budgetActivity.note(session.client),
        forward: run.observeEvent,
      }),
    });
    await task.finish(result.interrupted ? 'interrupted' : 'done');
    return { ...result, taskId: task.id };
  } catch (error) {
    await task.finish('interrupted').catch(() => {});
    throw error;
  } finally {
    progress.stop();
    await writer.journal.flush();
  }
}

/** Runs a collector task: a new one, or with `resumeTaskId` an interrupted one taken up again. */
export async function runCollectorTask(
  run: EngineRun,
  spec: CollectorSpec,
  resumeTaskId?: string,
): Promise<CollectorResult> {
  const market = spec.market ?? 'um';
  const session = await run.sessions.session(market);
  return runCollector({
    client: session.client,
    store: run.writer.store,
    dataDir: run.dataDir,
    universe: spec.universe ?? { kind: 'list', symbols: spec.symbols },
    clock: session.clock,
    signal: run.context.signal,
    listings: session.listings,
    // Listings are read again every 5 minutes: new ones join, ended ones stop and are completed.
    readListings: async (signal) => (await session.client.exchangeInfo({ signal, priority: 'live' })).symbols,
    taskOptions: marketOption(market),
    journal: run.writer.journal,
    historyOnly: spec.historyOnly,
    archive: session.archive,
    source: spec.source ?? 'auto',
    ...(spec.durationMs === undefined ? {} : { durationMs: spec.durationMs }),
    ...(resumeTaskId === undefined ? {} : { resumeTaskId }),
    onEvent: createEngineEventHandler(marketLogger(run.context.logger, market), {
      forward: run.observeEvent,
    }),
  });
}

/** What {@link runMarketBackfills} and {@link runMarketCollectors} give each market's task besides its symbols. */
type MarketTaskSpec<Spec> = Omit<Spec, 'market' | 'symbols'>;

/**
 * A new backfill task per market session, one market after the other (each its own task, so a
 * resumed one keeps its market); a stop leaves the later ones unstarted.
 */
export async function runMarketBackfills(
  run: EngineRun,
  sessions: readonly EngineSession[],
  spec: MarketTaskSpec<Parameters<typeof runBackfillTask>[1]>,
): Promise<(BackfillResult & { readonly taskId: string })[]> {
  const results = [];
  for (const session of sessions) {
    const result = await runBackfillTask(run, { ...spec, market: session.market, symbols: session.symbols });
    results.push(result);
    if (result.interrupted) break;
  }
  return results;
}

/**
 * A new collector task per market session, side by side in this process: each its own ticks and
 * patrol, all inside the one shared budget. Each result says its market.
 */
export function runMarketCollectors(
  run: EngineRun,
  sessions: readonly EngineSession[],
  spec: MarketTaskSpec<CollectorSpec>,
): Promise<(CollectorResult & { readonly market: Market })[]> {
  return Promise.all(
    sessions.map((session) =>
      runCollectorTask(run, { ...spec, market: session.market, symbols: session.symbols }).then((result) => ({
        ...result,
        market: session.market,
      })),
    ),
  );
}

/**
 * Whether a journal task is a collector, which runs until stopped: `collect` (live ticks and the
 * patrol) or `patrol` (what `collect --history-only` records).
 */
export function isCollectorTask(task: TaskRecord): boolean {
  return task.type === 'collect' || task.type === 'patrol';
}

/** The collector a journal task describes, as it was started. */
export function collectorSpecOf(task: TaskRecord): CollectorSpec {
  const durationMs = task.options['durationMs'];
  const universe = universeOfTask(task);
  return {
    market: marketOfTask(task),
    symbols: task.symbols,
    ...(universe === undefined ? {} : { universe }),
    historyOnly: task.type === 'patrol' || task.options['historyOnly'] === true,
    ...(typeof durationMs === 'number' ? { durationMs } : {}),
  };
}

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

/**
 * Takes up one journal task: collectors (with or without live ticks) as collectors, backfills over
 * their range. A backfill without a range (a hand-edited journal) has nothing to take up: marked done.
 */
export async function resumeTask(run: EngineRun, task: TaskRecord): Promise<unknown> {
  if (isCollectorTask(task)) {
    return describeCollectorResult(await runCollectorTask(run, collectorSpecOf(task), task.id));
  }
  if (task.range === null) {
    await run.writer.journal.markDone(task.id);
    return { taskId: task.id, skipped: 'no range' };
  }
  return runBackfillTask(
    run,
    { market: marketOfTask(task), symbols: task.symbols, range: task.range, source: historySourceOf(task) },
    task.id,
  );
}

/** The market a journal task works on; `um` for a task recorded without one (USDⓈ-M was the only one). */
export function marketOfTask(task: TaskRecord): Market {
  return task.options['market'] === 'cm' ? 'cm' : 'um';
}

/** The universe a collector task follows when it was started with `--symbols all`. */
function universeOfTask(task: TaskRecord): CollectorUniverse | undefined {
  const universe = task.options['universe'];
  if (typeof universe !== 'object' || universe === null) return undefined;
  const contracts = (universe as Record<string, unknown>)['contracts'];
  return { kind: 'all', contracts: contracts === 'all' ? 'all' : 'perpetual' };
}

/** The engine's log lines of a COIN-M run carry `market=cm`, so two markets' lines tell apart. */
function marketLogger(logger: Logger, market: Market): Logger {
  return market === 'um' ? logger : logger.child({ market });
}

/** The task option that records a market; none for USDⓈ-M, so its tasks read as they always did. */
function marketOption(market: Market): { market?: Market } {
  return market === 'um' ? {} : { market };
}

/** The history source a journal task was started with; `auto` for a task recorded without one. */
function historySourceOf(task: TaskRecord): HistorySource {
  const source = task.options['source'];
  return source === 'api' || source === 'archive' ? source : 'auto';
}
