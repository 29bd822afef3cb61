import { SERIES_SLOT_MS } from '@oi/storage';
import { apiHistoryWindow, DEFAULT_PUBLISH_DELAY_MS } from './gap-source.ts';
import { fetchListings, type RunBackfillOptions, runBackfill } from './run-backfill.ts';
import type { ServerTime } from './server-time.ts';
import { createSymbolRoster, type SymbolRoster } from './symbol-roster.ts';

/**
 * Options of {@link runHistoryPatrol}: those of each round's backfill, plus the patrol's own. Listings
 * are fetched once, not per round; the task records settled windows across rounds and restarts;
 * `onEvent` also receives `patrol-start` and `patrol-done`.
 */
export interface RunHistoryPatrolOptions
  extends Pick<
    RunBackfillOptions,
    | 'client'
    | 'store'
    | 'dataDir'
    | 'symbols'
    | 'clock'
    | 'listings'
    | 'task'
    | 'api'
    | 'batchSummary'
    | 'onEvent'
    | 'coverage'
  > {
  /** Stops the patrol; a round in flight keeps the pages it finished. */
  readonly signal: AbortSignal;
  /** The exchange clock; the local clock when absent. */
  readonly serverTime?: ServerTime;
  /** Time between rounds. @default 300_000 (5 min) */
  readonly intervalMs?: number;
  /** History pages in flight at once; kept low so live ticks keep their room. @default 2 */
  readonly concurrency?: number;
}

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
 * last 30 days less the 1 h margin at the old edge, for every symbol, with the backfill machinery.
 */
export async function runHistoryPatrol(options: RunHistoryPatrolOptions): Promise<HistoryPatrolResult> {
  const { clock, signal, onEvent } = options;
  const roster = Array.isArray(options.symbols)
    ? createSymbolRoster(options.symbols as readonly string[], onEvent)
    : (options.symbols as SymbolRoster);
  const serverNowMs = (): number => options.serverTime?.nowMs() ?? clock.now();
  const intervalMs = options.intervalMs ?? 300_000;
  const publishDelayMs = options.api?.publishDelayMs ?? DEFAULT_PUBLISH_DELAY_MS;
  let rounds = 0;
  let slotsWritten = 0;
  let requests = 0;
  let listings = options.listings;

  if (listings === undefined) {
    try {
      listings = await fetchListings(options.client, roster, signal);
    } catch (error) {
      if (signal.aborted) return { rounds, slotsWritten, requests };
      throw error;
    }
  }

  while (!signal.aborted) {
    const nowMs = serverNowMs();
    const range = apiHistoryWindow(nowMs, options.api);
    rounds += 1;
    onEvent?.({ type: 'patrol-start', round: rounds, range });
    options.task?.pruneBefore(range.startMs);
    const result = await runBackfill({
      client: options.client,
      store: options.store,
      dataDir: options.dataDir,
      symbols: roster,
      range,
      clock,
      signal,
      nowMs,
      concurrency: options.concurrency ?? 2,
      listings,
      ...(options.task === undefined ? {} : { task: options.task }),
      ...(options.api === undefined ? {} : { api: options.api }),
      ...(options.batchSummary === undefined ? {} : { batchSummary: options.batchSummary }),
      ...(onEvent === undefined ? {} : { onEvent }),
      ...(options.coverage === undefined ? {} : { coverage: options.coverage }),
    }).catch((error: unknown) => {
      if (signal.aborted) return undefined;
      throw error;
    });
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
    const waitMs = Math.max(nextMs, nowMs + 1000) - serverNowMs();
    try {
      await clock.sleep(Math.max(0, waitMs), signal);
    } catch {
      break;
    }
  }
  return { rounds, slotsWritten, requests };
}
