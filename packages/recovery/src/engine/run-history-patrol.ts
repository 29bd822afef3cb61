import { SERIES_SLOT_MS } from '@oi/storage';
import { apiHistoryWindow, DEFAULT_PUBLISH_DELAY_MS } from '../gaps/gap-source.ts';
import { type RunBackfillOptions, runBackfillOnRoster } from './run-backfill.ts';
import type { RunLiveTicksOptions } from './run-live-ticks.ts';
import type { SymbolRoster } from './symbol-roster.ts';

/**
 * Options of {@link runHistoryPatrol}: those of each round's backfill less what a round decides (its
 * range and time), plus the patrol's own. The task records settled windows across rounds and
 * restarts; `onEvent` also receives `patrol-start` and `patrol-done`.
 */
export interface RunHistoryPatrolOptions
  extends Omit<RunBackfillOptions, 'symbols' | 'range' | 'nowMs'>,
    Required<Pick<RunLiveTicksOptions, 'serverTime'>> {
  /** Time between rounds. @default 300_000 (5 min) */
  readonly intervalMs?: number;
}

/** How long a day's archive check stands before a patrol round asks again. */
const PATROL_RECHECK_MS = 60 * 60_000;

/** What the patrol did. */
export interface HistoryPatrolResult {
  /** Rounds run. */
  readonly rounds: number;
  /** 5m slots written. */
  readonly slotsWritten: number;
  /** History requests made. */
  readonly requests: number;
}

/**
 * At start and then every 5 minutes (just after each 5m row is published), fills every 5m gap of the
 * last 30 days less the 1 h margin at the old edge, for every symbol of the roster, with the backfill
 * machinery and its plan: with an archive, finished days from the archive (a day asked within the
 * last hour keeps its recorded answer), the API for the rest. The roster is the one the live ticks
 * use, so a symbol either drops is left out by both.
 */
export async function runHistoryPatrol(
  roster: SymbolRoster,
  options: RunHistoryPatrolOptions,
): Promise<HistoryPatrolResult> {
  const { clock, signal, serverTime, onEvent } = options;
  const intervalMs = options.intervalMs ?? 300_000;
  const publishDelayMs = options.api?.publishDelayMs ?? DEFAULT_PUBLISH_DELAY_MS;
  // A day the archive was asked about in the last hour is not asked again every round.
  const archive =
    options.archive === undefined
      ? {}
      : {
          archive: {
            ...options.archive,
            recheckAfterMs: options.archive.recheckAfterMs ?? PATROL_RECHECK_MS,
          },
        };
  let rounds = 0;
  let slotsWritten = 0;
  let requests = 0;

  while (!signal.aborted) {
    const nowMs = serverTime.nowMs();
    const range = apiHistoryWindow(nowMs, options.api);
    rounds += 1;
    onEvent?.({ type: 'patrol-start', round: rounds, range });
    options.task?.pruneBefore(range.startMs);
    const result = await runBackfillOnRoster(roster, { ...options, ...archive, range, nowMs }).catch(
      (error: unknown) => {
        if (signal.aborted) return undefined;
        throw error;
      },
    );
    if (result === undefined) break;
    slotsWritten += result.slotsWritten;
    requests += result.requests;
    onEvent?.({
      type: 'patrol-done',
      round: rounds,
      gapSlots: result.slotsTotal,
      slotsWritten: result.slotsWritten,
      requests: result.requests,
      durationMs: result.durationMs,
      interrupted: result.interrupted,
    });
    // Next round just after the next 5m row is published (or after `intervalMs` when that is longer).
    const nextMs =
      Math.floor((nowMs + Math.max(intervalMs, 1) - publishDelayMs) / SERIES_SLOT_MS['5m']) *
        SERIES_SLOT_MS['5m'] +
      publishDelayMs;
    const waitMs = Math.max(nextMs, nowMs + 1000) - serverTime.nowMs();
    try {
      await clock.sleep(Math.max(0, waitMs), signal);
    } catch {
      break;
    }
  }
  return { rounds, slotsWritten, requests };
}
