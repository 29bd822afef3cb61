import { OiError } from '@oi/errors';
import { createBatchSummaryLog } from '../journal/batch-summary.ts';
import { openTaskJournal, type TaskHandle, type TaskJournal } from '../journal/task-journal.ts';
import type { DropReason } from './collector-event.ts';
import type { EngineOptions } from './engine-options.ts';
import { dropByListings } from './listings.ts';
import type { RunBackfillOptions } from './run-backfill.ts';
import { runHistoryPatrol } from './run-history-patrol.ts';
import { type RunLiveTicksOptions, runLiveTicksOnRoster } from './run-live-ticks.ts';
import { createServerTime } from './server-time.ts';
import { createSymbolRoster } from './symbol-roster.ts';

/**
 * Options of {@link runCollector}. The listings decide which symbols run: those they lack, or list
 * with a status other than `TRADING`, are left out of the live ticks and the patrol alike. Stopping
 * through `signal` leaves the task `interrupted`.
 */
export interface RunCollectorOptions
  extends EngineOptions,
    Pick<RunBackfillOptions, 'listings' | 'api' | 'archive' | 'source'>,
    Pick<RunLiveTicksOptions, 'weightUsed'> {
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
 * aborts. Symbols that the listings lack, or list as not trading, are reported once and left out
 * before any request for them is made. The run is a journal task, `done` after a full duration and
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
  dropByListings(roster, options.listings, true);
  let ticks = 0;
  let rows = 0;
  let missedSlots = 0;
  let patrolRounds = 0;
  let slotsWritten = 0;
  let sideFailure: { readonly error: unknown } | undefined;
  try {
    const serverTime = createServerTime({ client, clock, ...(onEvent === undefined ? {} : { onEvent }) });
    await serverTime.refreshIfDue(stop.signal);
    const shared = {
      client,
      store,
      dataDir,
      clock,
      signal: stop.signal,
      serverTime,
      batchSummary: options.batchSummary ?? createBatchSummaryLog(dataDir),
      ...(onEvent === undefined ? {} : { onEvent }),
      ...(options.coverage === undefined ? {} : { coverage: options.coverage }),
    };
    const live = historyOnly
      ? undefined
      : runLiveTicksOnRoster(roster, {
          ...shared,
          ...(options.weightUsed === undefined ? {} : { weightUsed: options.weightUsed }),
        }).then((result) => {
          ticks = result.ticks;
          rows = result.rows;
          missedSlots = result.missedSlots;
        });
    const patrol = runHistoryPatrol(roster, {
      ...shared,
      listings: options.listings,
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
