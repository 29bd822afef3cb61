import { OiError } from '@oi/errors';
import { coverage } from '@oi/storage';
import { createBatchSummaryLog } from '../journal/batch-summary.ts';
import { openTaskJournal, type TaskHandle, type TaskJournal } from '../journal/task-journal.ts';
import type { DropReason } from './collector-event.ts';
import { type CollectorUniverse, universeSymbols } from './collector-universe.ts';
import type { EngineOptions } from './engine-options.ts';
import type { ListedSymbol } from './listings.ts';
import { readSymbolLifecycles, type SymbolLifecycle } from './listings-state.ts';
import type { CoverageReader } from './ports.ts';
import type { RunBackfillOptions } from './run-backfill.ts';
import { runHistoryPatrol } from './run-history-patrol.ts';
import { type RunLiveTicksOptions, runLiveTicksOnRoster } from './run-live-ticks.ts';
import { createServerTime } from './server-time.ts';
import { createUniverseFollower, followListings, saveListingsState } from './universe-follower.ts';

/**
 * Options of {@link runCollector}. The universe and the listings decide which symbols run: a symbol
 * that trades is collected live and patrolled; one that stops trading (or leaves the listings) is
 * ended, its history still completed up to its end; one the exchange does not know is dropped.
 * Stopping through `signal` leaves the task `interrupted`.
 */
export interface RunCollectorOptions
  extends Omit<EngineOptions, 'symbols'>,
    Pick<RunBackfillOptions, 'api' | 'archive' | 'source'>,
    Pick<RunLiveTicksOptions, 'weightUsed'> {
  /** Shorthand for `universe: { kind: 'list', symbols }`; ignored when `universe` is given. */
  readonly symbols?: readonly string[];
  /** The symbols to follow. @default `{ kind: 'list', symbols }` */
  readonly universe?: CollectorUniverse;
  /** The exchange's listings at the start (`listingsFrom` of the command's one exchangeInfo read). */
  readonly listings: ReadonlyMap<string, ListedSymbol>;
  /**
   * Reads the exchange's listings again while running (every `listingsIntervalMs`): new listings
   * join, ended symbols stop. Without it the start's listings stand for the whole run.
   */
  readonly readListings?: (signal: AbortSignal) => Promise<readonly ListedSymbol[]>;
  /** Time between two listings reads, on the engine's clock. @default 300_000 (5 min) */
  readonly listingsIntervalMs?: number;
  /** Stops after this much clock time; the task is then `done`. */
  readonly durationMs?: number;
  /** Only the 5m patrol, no live ticks. @default false */
  readonly historyOnly?: boolean;
  /** The journal to record the task in. @default the data directory's journal */
  readonly journal?: TaskJournal;
  /** Takes up this incomplete task instead of starting a new one. */
  readonly resumeTaskId?: string;
  /** More options a new task records for whoever resumes it (the CLI records the market). */
  readonly taskOptions?: Readonly<Record<string, string | number | boolean>>;
  /** History pages in flight at once during the patrol. @default 2 */
  readonly patrolConcurrency?: number;
  /** Time between patrol rounds. @default 300_000 */
  readonly patrolIntervalMs?: number;
  /** Reads stored coverage. @default `coverage` of `@oi/storage`, scanning on this thread (no worker threads) */
  readonly coverage?: CoverageReader;
}

/** How a collector run ended. */
export interface CollectorResult {
  /** The journal task id. */
  readonly taskId: string;
  /** `duration` when `durationMs` elapsed, `signal` when stopped. */
  readonly stopReason: 'duration' | 'signal';
  /** Live ticks run. */
  readonly ticks: number;
  /** 1m rows written. */
  readonly rows: number;
  /** 1m symbol-minutes recorded as gaps. */
  readonly missedSlots: number;
  /** Patrol rounds run. */
  readonly patrolRounds: number;
  /** 5m slots written by the patrol. */
  readonly slotsWritten: number;
  /** Symbols left out and why. */
  readonly droppedSymbols: ReadonlyMap<string, DropReason>;
  /** Symbols that stopped trading, and when (their history was still patrolled). */
  readonly endedSymbols: ReadonlyMap<string, number>;
  /** Symbols that joined while running (new listings, or symbols of the list listed later). */
  readonly joinedSymbols: readonly string[];
}

/**
 * The collector's coverage reads scan on this thread. Each patrol round reads again the few dozen
 * files per symbol that the round before wrote; worker threads for them would start a V8 isolate
 * (tens of MB) every round in a process that runs for months.
 */
const collectorCoverage: CoverageReader = (dataDir, symbol, series, range) =>
  coverage(dataDir, symbol, series, range, { workers: false });

/**
 * Runs live 1m ticks and the 5m history patrol together until `durationMs` elapses or `signal`
 * aborts, following the universe: with `readListings`, the listings are read again every
 * `listingsIntervalMs`; a new symbol is collected from the first whole minute after the read that
 * showed it and its history patrolled from its onboard date; a symbol that stops trading (announced
 * delivery or delisting, a status other than TRADING, gone from the listings, or refused as not
 * tradable) gets no live request from its end on, counts no failure and no missed minute, keeps
 * being patrolled up to its end and is reported once (`symbol-ended`). What was learned is kept in
 * the listings state file (`readSymbolLifecycles`). The run is a journal task, `done` after a full
 * duration and `interrupted` after a stop, so `oi resume` can take it up again.
 */
export async function runCollector(options: RunCollectorOptions): Promise<CollectorResult> {
  const { client, store, dataDir, clock, onEvent } = options;
  const stop = new AbortController();
  let stopReason = 'signal' as 'duration' | 'signal';
  const onStop = (): void => stop.abort(options.signal.reason);
  if (options.signal.aborted) onStop();
  else options.signal.addEventListener('abort', onStop, { once: true });
  const durationTimer = new AbortController();
  if (options.durationMs !== undefined) {
    clock.sleep(options.durationMs, durationTimer.signal).then(
      () => {
        stopReason = 'duration';
        stop.abort(new OiError('COLLECTOR_DURATION_ELAPSED', 'collector duration elapsed'));
      },
      () => {},
    );
  }

  // Held while the journal is read and written: on a virtual clock, file I/O must not let the
  // duration elapse before the run has begun.
  const settingUp = clock.hold();
  let journal: TaskJournal;
  let task: TaskHandle;
  let previous: ReadonlyMap<string, SymbolLifecycle>;
  const historyOnly = options.historyOnly ?? false;
  const universe = options.universe ?? { kind: 'list', symbols: options.symbols ?? [] };
  const startSymbols = universeSymbols(universe, options.listings);
  try {
    journal =
      options.journal ??
      (await openTaskJournal({
        dataDir,
        nowMs: () => clock.now(),
        ...(onEvent === undefined ? {} : { onEvent }),
      }));
    task =
      options.resumeTaskId === undefined
        ? await journal.begin({
            type: historyOnly ? 'patrol' : 'collect',
            symbols: startSymbols,
            range: null,
            options: {
              ...options.taskOptions,
              historyOnly,
              ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
              ...(universe.kind === 'all' ? { universe } : {}),
            },
          })
        : await journal.resume(options.resumeTaskId);
    previous = await readSymbolLifecycles(dataDir).catch((error: unknown) => {
      onEvent?.({ type: 'listings-state-failed', error });
      return new Map();
    });
  } finally {
    settingUp();
  }
  onEvent?.({ type: 'collector-start', taskId: task.id, symbols: startSymbols, historyOnly });

  let nowMs = (): number => clock.now();
  const follower = createUniverseFollower({
    universe,
    follows: options.readListings !== undefined,
    nowMs: () => nowMs(),
    previous,
    onEvent,
  });
  const { roster } = follower;
  let ticks = 0;
  let rows = 0;
  let missedSlots = 0;
  let patrolRounds = 0;
  let slotsWritten = 0;
  let sideFailure: { readonly error: unknown } | undefined;
  try {
    const serverTime = createServerTime({ client, clock, ...(onEvent === undefined ? {} : { onEvent }) });
    await serverTime.refreshIfDue(stop.signal);
    nowMs = () => serverTime.nowMs();
    follower.apply(options.listings.values(), serverTime.nowMs(), true);
    const saving = clock.hold();
    try {
      await saveListingsState(dataDir, follower, onEvent);
    } finally {
      saving();
    }
    const shared = {
      client,
      store,
      dataDir,
      clock,
      signal: stop.signal,
      serverTime,
      batchSummary: options.batchSummary ?? createBatchSummaryLog(dataDir),
      ...(onEvent === undefined ? {} : { onEvent }),
      coverage: options.coverage ?? collectorCoverage,
    };
    const live = historyOnly
      ? undefined
      : runLiveTicksOnRoster(roster, {
          ...shared,
          listings: follower.listings,
          ...(options.weightUsed === undefined ? {} : { weightUsed: options.weightUsed }),
        }).then((result) => {
          ticks = result.ticks;
          rows = result.rows;
          missedSlots = result.missedSlots;
        });
    const patrol = runHistoryPatrol(roster, {
      ...shared,
      listings: follower.listings,
      task,
      concurrency: options.patrolConcurrency ?? 2,
      ...(options.patrolIntervalMs === undefined ? {} : { intervalMs: options.patrolIntervalMs }),
      ...(options.api === undefined ? {} : { api: options.api }),
      ...(options.archive === undefined ? {} : { archive: options.archive }),
      ...(options.source === undefined ? {} : { source: options.source }),
    }).then((result) => {
      patrolRounds = result.rounds;
      slotsWritten = result.slotsWritten;
    });
    const listings =
      options.readListings === undefined
        ? undefined
        : followListings({
            follower,
            readListings: options.readListings,
            intervalMs: options.listingsIntervalMs ?? 300_000,
            dataDir,
            clock,
            serverTime,
            signal: stop.signal,
            onEvent,
          });
    // One side failing stops the other, so the run ends as a whole.
    await Promise.all(
      [live, patrol, listings].map((side) =>
        side?.catch((error: unknown) => {
          if (!stop.signal.aborted) sideFailure = { error };
          stop.abort(error);
          throw error;
        }),
      ),
    );
  } catch (error) {
    // Errors caused by the stop itself (aborted requests) are the normal way to end.
    if (!stop.signal.aborted || (sideFailure !== undefined && sideFailure.error === error)) {
      await task.finish('interrupted').catch(() => {});
      throw error;
    }
  } finally {
    durationTimer.abort();
    options.signal.removeEventListener('abort', onStop);
  }
  // Ends the ticks noticed after the last listings read are kept too.
  await saveListingsState(dataDir, follower, onEvent);
  await task.finish(stopReason === 'duration' ? 'done' : 'interrupted');
  await journal.flush();
  onEvent?.({ type: 'collector-stop', taskId: task.id, reason: stopReason, ticks, patrolRounds });
  return {
    taskId: task.id,
    stopReason,
    ticks,
    rows,
    missedSlots,
    patrolRounds,
    slotsWritten,
    droppedSymbols: roster.dropped(),
    endedSymbols: roster.ended(),
    joinedSymbols: follower.joined(),
  };
}
