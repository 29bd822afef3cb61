import type { Clock } from '@oi/retry';
import { createBatchSummaryLog } from './batch-summary.ts';
import type { CollectorEventHandler, DropReason } from './collector-event.ts';
import type { ApiHistorySourceOptions } from './gap-source.ts';
import type { CollectorClient, CollectorStore, CoverageReader } from './ports.ts';
import { runHistoryPatrol } from './run-history-patrol.ts';
import { runLiveTicks } from './run-live-ticks.ts';
import { createServerTime } from './server-time.ts';
import type { Listing } from './slot-grid.ts';
import { createSymbolRoster } from './symbol-roster.ts';
import { openTaskJournal, type TaskHandle, type TaskJournal } from './task-journal.ts';

/** Options of {@link runCollector}. */
export interface RunCollectorOptions {
  /** The Binance client (shared budgets: live before history). */
  readonly client: CollectorClient;
  /** The writer-locked store. */
  readonly store: CollectorStore;
  /** The data directory (coverage, journal, batch summary). */
  readonly dataDir: string;
  /** The symbols to collect. */
  readonly symbols: readonly string[];
  /** Local time and sleep. */
  readonly clock: Clock;
  /** Stops everything (the CLI wires SIGINT/SIGTERM to it); the task is left `interrupted`. */
  readonly signal: AbortSignal;
  /** Stops after this much clock time; the task is then `done`. */
  readonly durationMs?: number;
  /** Only the 5m patrol, no live ticks. @default false */
  readonly historyOnly?: boolean;
  /** The journal to record the task in. @default the data directory's journal */
  readonly journal?: TaskJournal;
  /** Takes up this incomplete task instead of starting a new one. */
  readonly resumeTaskId?: string;
  /** History pages in flight at once during the patrol. @default 2 */
  readonly patrolConcurrency?: number;
  /** Time between patrol rounds. @default 300_000 */
  readonly patrolIntervalMs?: number;
  /** History API retention and margins. */
  readonly api?: ApiHistorySourceOptions;
  /** The request weight used in the current minute, for the batch summary. @default from `client.budgets` */
  readonly weightUsed?: () => number | null | undefined;
  /** Receives every engine event. */
  readonly onEvent?: CollectorEventHandler;
  /** Reads stored coverage. @default `coverage` of `@oi/storage` */
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
}

/**
 * Runs live 1m ticks and the 5m history patrol together until `durationMs` elapses or `signal`
 * aborts. Symbols that exchangeInfo does not list, or lists as not trading, are reported once and left
 * out before any request for them is made. The run is a journal task, `done` after a full duration and
 * `interrupted` after a stop, so `oi resume` can take it up again.
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
        stop.abort(new Error('collector duration elapsed'));
      },
      () => {},
    );
  }

  // Held while the journal is read and written: on a virtual clock, file I/O must not let the
  // duration elapse before the run has begun.
  const settingUp = clock.hold();
  let journal: TaskJournal;
  let task: TaskHandle;
  const historyOnly = options.historyOnly ?? false;
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
            symbols: options.symbols,
            range: null,
            options: {
              historyOnly,
              ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
            },
          })
        : await journal.resume(options.resumeTaskId);
  } finally {
    settingUp();
  }
  onEvent?.({ type: 'collector-start', taskId: task.id, symbols: options.symbols, historyOnly });

  const roster = createSymbolRoster(options.symbols, onEvent);
  let ticks = 0;
  let rows = 0;
  let missedSlots = 0;
  let patrolRounds = 0;
  let slotsWritten = 0;
  let sideFailure: { readonly error: unknown } | undefined;
  try {
    const listings = new Map<string, Listing>();
    const info = await client.exchangeInfo({ priority: 'live', signal: stop.signal });
    const listed = new Map(info.symbols.map((entry) => [entry.symbol, entry]));
    for (const symbol of roster.active()) {
      const entry = listed.get(symbol);
      if (entry === undefined) {
        roster.drop(symbol, 'invalid-symbol', 'not listed by exchangeInfo');
        continue;
      }
      listings.set(symbol, { onboardDateMs: entry.onboardDateMs, deliveryDateMs: entry.deliveryDateMs });
      if (entry.status !== 'TRADING') roster.drop(symbol, 'not-tradable', `status ${entry.status}`);
    }

    const serverTime = createServerTime({ client, clock, ...(onEvent === undefined ? {} : { onEvent }) });
    await serverTime.refreshIfDue(stop.signal);
    const batchSummary = createBatchSummaryLog(dataDir);
    const shared = {
      dataDir,
      clock,
      signal: stop.signal,
      serverTime,
      batchSummary,
      ...(onEvent === undefined ? {} : { onEvent }),
      ...(options.coverage === undefined ? {} : { coverage: options.coverage }),
    };
    const live = historyOnly
      ? undefined
      : runLiveTicks({
          ...shared,
          client,
          store,
          symbols: roster,
          weightUsed: options.weightUsed ?? (() => client.budgets?.snapshot().weight.used ?? null),
        }).then((result) => {
          ticks = result.ticks;
          rows = result.rows;
          missedSlots = result.missedSlots;
        });
    const patrol = runHistoryPatrol({
      ...shared,
      client,
      store,
      symbols: roster,
      listings,
      task,
      concurrency: options.patrolConcurrency ?? 2,
      ...(options.patrolIntervalMs === undefined ? {} : { intervalMs: options.patrolIntervalMs }),
      ...(options.api === undefined ? {} : { api: options.api }),
    }).then((result) => {
      patrolRounds = result.rounds;
      slotsWritten = result.slotsWritten;
    });
    // One side failing stops the other, so the run ends as a whole.
    await Promise.all(
      [live, patrol].map((side) =>
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
  };
}
