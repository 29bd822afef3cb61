import type { Clock } from '@oi/retry';
import { classifyFailure } from '@oi/retry';
import type { TimeRange } from '@oi/storage';
import pLimit from 'p-limit';
import type { BackfillWindow } from '../gaps/plan-backfill.ts';
import { countSlots } from '../grid/slot-grid.ts';
import { intersectRanges, mergeRanges, subtractRanges } from '../grid/time-range.ts';
import type { TaskHandle } from '../journal/task-journal.ts';
import { type SlotConflict, toSlotConflicts } from './backfill-report.ts';
import type { CollectorEventHandler } from './collector-event.ts';
import { toHistoryPoints } from './history-points.ts';
import type { ListedSymbol } from './listings.ts';
import { liveTicksRunning } from './live-priority.ts';
import type { CollectorClient, CollectorStore, HistoryPageResult } from './ports.ts';
import type { SymbolRoster } from './symbol-roster.ts';

/** Input of {@link runApiHistoryPhase}. */
export interface ApiPhaseInput {
  readonly client: Pick<CollectorClient, 'openInterestHistoryPages'>;
  readonly store: Pick<CollectorStore, 'merge'>;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly roster: SymbolRoster;
  readonly listings: ReadonlyMap<string, ListedSymbol>;
  readonly task?: TaskHandle | undefined;
  readonly onEvent?: CollectorEventHandler | undefined;
  /** The history pages to ask for. */
  readonly windows: readonly BackfillWindow[];
  /** Per symbol, the missing slots the API is asked for (the windows also span stored ones). */
  readonly apiGaps: ReadonlyMap<string, readonly TimeRange[]>;
  /** Slots before this are recorded as settled in the task; younger ones may still be published. */
  readonly settledEndMs: number;
  /** Pages in flight at once. */
  readonly concurrency: number;
  /** Missing slots the whole backfill may fill, and those already filled (by the archive), for progress. */
  readonly slotsTotal: number;
  readonly slotsDoneBefore: number;
  /** When the backfill began, for the request rate. */
  readonly startedAtMs: number;
}

/** What the API phase did. */
export interface ApiPhaseResult {
  /** Requests made (pages received, including beyond-retention answers). */
  readonly requests: number;
  /** Missing slots written. */
  readonly slotsWritten: number;
  /** Missing slots inside answered pages that Binance did not return (or that had no canonical form). */
  readonly slotsNotServed: number;
  /** Per symbol, the slots the pages returned and were merged. */
  readonly returned: ReadonlyMap<string, readonly TimeRange[]>;
  readonly conflicts: readonly SlotConflict[];
  readonly failedSymbols: ReadonlySet<string>;
  readonly interrupted: boolean;
}

/**
 * Runs history windows with bounded concurrency inside the client's history budget (priority
 * history). Each page is merged as it arrives and its range recorded in the task, so a resumed task
 * asks for nothing already stored or settled.
 */
export async function runApiHistoryPhase(input: ApiPhaseInput): Promise<ApiPhaseResult> {
  const { client, store, clock, signal, roster, listings, task, onEvent, windows, settledEndMs } = input;
  const taskId = task?.id ?? null;
  const returned = new Map<string, TimeRange[]>();
  const conflicts: SlotConflict[] = [];
  const failed = new Set<string>();
  let requests = 0;
  let slotsWritten = 0;
  let slotsNotServed = 0;
  let windowsDone = 0;
  let interrupted = false;
  // A ban longer than the client waits out stops the run: every further request would fail the same
  // way, and the journal keeps what was settled for `oi resume`.
  let banned: { readonly error: unknown } | undefined;

  const progress = (symbol: string, range: TimeRange): void => {
    const slotsDone = input.slotsDoneBefore + slotsWritten;
    task?.setProgress({ slotsDone, slotsTotal: input.slotsTotal, requests });
    const elapsedMs = clock.now() - input.startedAtMs;
    onEvent?.({
      type: 'backfill-progress',
      taskId,
      symbol,
      range,
      slotsDone,
      slotsTotal: input.slotsTotal,
      requests,
      windowsDone,
      windowsTotal: windows.length,
      requestsPerMinute: elapsedMs > 0 ? Math.round((requests * 60_000 * 10) / elapsedMs) / 10 : 0,
    });
  };

  const settle = (symbol: string, range: TimeRange): void => {
    const settled = intersectRanges([range], [{ startMs: range.startMs, endMs: settledEndMs }]);
    for (const r of settled) task?.recordWindow(symbol, r);
  };

  const reportUnavailable = (
    symbol: string,
    ranges: readonly TimeRange[],
    reason: 'not-served' | 'precision-exceeded',
  ) => {
    for (const range of ranges) {
      onEvent?.({ type: 'history-unavailable', symbol, range, slots: countSlots([range], '5m'), reason });
    }
  };

  const handlePage = async (window: BackfillWindow, page: HistoryPageResult): Promise<void> => {
    const { symbol } = window;
    const missing = intersectRanges(input.apiGaps.get(symbol) ?? [], [page.range]);
    if (page.kind !== 'rows') {
      if (page.kind === 'beyond-retention') requests += 1;
      const slots = countSlots(missing, '5m');
      onEvent?.({ type: 'history-unavailable', symbol, range: page.range, slots, reason: page.kind });
      settle(symbol, page.range);
      progress(symbol, page.range);
      return;
    }
    requests += 1;
    const { points, refusedSlots } = toHistoryPoints(page.rows, page.range);
    if (points.length > 0) {
      // A live tick's rows go to disk first (the file system's thread pool is shared).
      await liveTicksRunning();
      const release = clock.hold();
      try {
        const outcome = await store.merge(symbol, '5m', points);
        if (outcome.conflicts.length > 0) {
          const found = toSlotConflicts(symbol, 'api', outcome.conflicts);
          conflicts.push(...found);
          onEvent?.({ type: 'conflicts', symbol, conflicts: found });
        }
      } finally {
        release();
      }
    }
    const returnedRuns = mergeRanges(points.map((p) => ({ startMs: p.slotMs, endMs: p.slotMs + 300_000 })));
    returned.set(symbol, mergeRanges([...(returned.get(symbol) ?? []), ...returnedRuns]));
    slotsWritten += countSlots(intersectRanges(missing, returnedRuns), '5m');
    const refused = intersectRanges(
      missing,
      refusedSlots.map((slotMs) => ({ startMs: slotMs, endMs: slotMs + 300_000 })),
    );
    const notServed = subtractRanges(
      intersectRanges(missing, [{ startMs: page.range.startMs, endMs: settledEndMs }]),
      [...returnedRuns, ...refused],
    );
    slotsNotServed += countSlots(notServed, '5m') + countSlots(refused, '5m');
    reportUnavailable(symbol, notServed, 'not-served');
    reportUnavailable(symbol, refused, 'precision-exceeded');
    settle(symbol, page.range);
    progress(symbol, page.range);
  };

  const runWindow = async (window: BackfillWindow): Promise<void> => {
    const { symbol } = window;
    if (signal.aborted) {
      interrupted = true;
      return;
    }
    if (banned !== undefined || !roster.isActive(symbol)) return;
    const listing = listings.get(symbol);
    const query = {
      symbol,
      period: '5m' as const,
      startMs: window.range.startMs,
      endMs: window.range.endMs,
      ...(listing === undefined ? {} : { listedAtMs: listing.onboardDateMs }),
    };
    try {
      const pages = client.openInterestHistoryPages(query, { priority: 'history', signal });
      for await (const page of pages) await handlePage(window, page);
      windowsDone += 1;
    } catch (error) {
      const failure = classifyFailure(error);
      if (signal.aborted || failure.reason === 'aborted') {
        interrupted = true;
        return;
      }
      if (failure.reason === 'ip-banned') {
        banned ??= { error };
        return;
      }
      if (failure.reason === 'invalid-symbol' || failure.reason === 'not-tradable') {
        roster.drop(symbol, failure.reason, error instanceof Error ? error.message : String(error));
      }
      failed.add(symbol);
      onEvent?.({
        type: 'backfill-window-failed',
        symbol,
        range: window.range,
        reason: failure.reason,
        error,
      });
    }
  };

  const limit = pLimit(Math.max(1, input.concurrency));
  await Promise.all(windows.map((window) => limit(() => runWindow(window))));
  // Thrown once every window in flight has ended, so no page is merged after the caller moves on.
  if (banned !== undefined) throw banned.error;
  return {
    requests,
    slotsWritten,
    slotsNotServed,
    returned,
    conflicts,
    failedSymbols: failed,
    interrupted: interrupted || signal.aborted,
  };
}
