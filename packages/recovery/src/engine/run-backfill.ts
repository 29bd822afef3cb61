import { classifyFailure } from '@oi/retry';
import type { TimeRange } from '@oi/storage';
import { SERIES_SLOT_MS, coverage as storageCoverage } from '@oi/storage';
import pLimit from 'p-limit';
import { findGaps, type Gap } from '../gaps/find-gaps.ts';
import {
  type ApiHistorySourceOptions,
  apiHistoryWindow,
  createApiHistorySource,
} from '../gaps/gap-source.ts';
import { type BackfillWindow, planBackfill } from '../gaps/plan-backfill.ts';
import { countSlots, expectedSlots } from '../grid/slot-grid.ts';
import { intersectRanges, mergeRanges, subtractRanges } from '../grid/time-range.ts';
import type { TaskHandle } from '../journal/task-journal.ts';
import type { EngineOptions } from './engine-options.ts';
import { dropByListings, type ListedSymbol } from './listings.ts';
import type { CollectorClient, CollectorStore, HistoryPageResult, HistoryRow, StorePoint } from './ports.ts';
import { createSymbolRoster, type SymbolRoster } from './symbol-roster.ts';

/** Slots younger than this are never marked settled, so a row published late is asked for again. */
const SETTLE_MS = 10 * 60_000;

/**
 * Options of {@link runBackfill}: the client pages history (priority history) and the store merges
 * each 5m page as it arrives. Events: `backfill-start`, `backfill-progress`, `history-unavailable`,
 * `backfill-window-failed`, `backfill-done`, `symbol-dropped`.
 */
export interface RunBackfillOptions
  extends EngineOptions<Pick<CollectorClient, 'openInterestHistoryPages'>, Pick<CollectorStore, 'merge'>> {
  /**
   * The exchange's listings (`listingsFrom`): symbols they lack are dropped as `invalid-symbol`
   * before any request, and a symbol's 5m history is expected from its onboard to its delivery date.
   */
  readonly listings: ReadonlyMap<string, ListedSymbol>;
  /** The 5m slots wanted; parts the API cannot serve are reported, not requested. */
  readonly range: TimeRange;
  /** History pages in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Journal entry that records completed windows; windows already recorded there are skipped. */
  readonly task?: TaskHandle;
  /** The exchange's time, which decides the retention window. @default clock.now() */
  readonly nowMs?: number;
  /** Retention, old-edge margin and publish delay of the history API. */
  readonly api?: ApiHistorySourceOptions;
}

/** What a backfill did. */
export interface BackfillResult {
  /** Planned history page requests. */
  readonly windows: number;
  /** Requests made (pages received, including beyond-retention answers). */
  readonly requests: number;
  /** Missing slots the API could fill when the run began. */
  readonly slotsTotal: number;
  /** Of those, slots now written. */
  readonly slotsWritten: number;
  /** Slots inside answered pages that Binance did not return. */
  readonly slotsNotServed: number;
  /** Gaps no source can fill (recorded, never invented). */
  readonly unrecoverable: readonly Gap[];
  /** Symbols with at least one failed window. */
  readonly failedSymbols: readonly string[];
  /** Whether the stop signal cut the run short. */
  readonly interrupted: boolean;
  /** Clock time the run took. */
  readonly durationMs: number;
}

/**
 * Fills the API-fillable 5m gaps of `range`: coverage -> gaps -> the fewest 500-slot windows, run with
 * bounded concurrency inside the client's history budget. Each page is merged into the store as it
 * arrives and recorded in the task journal, so a resumed task asks for nothing already stored or settled.
 */
export function runBackfill(options: RunBackfillOptions): Promise<BackfillResult> {
  return runBackfillOnRoster(createSymbolRoster(options.symbols, options.onEvent), options);
}

/** {@link runBackfill} over a roster other runners share: a symbol one of them drops, all leave out. */
export async function runBackfillOnRoster(
  roster: SymbolRoster,
  options: Omit<RunBackfillOptions, 'symbols'>,
): Promise<BackfillResult> {
  const { client, store, dataDir, clock, signal, task, listings, onEvent } = options;
  const readCoverage = options.coverage ?? storageCoverage;
  const startedAtMs = clock.now();
  const nowMs = options.nowMs ?? startedAtMs;
  dropByListings(roster, listings, false);
  const apiWindow = apiHistoryWindow(nowMs, options.api);
  const settledEndMs = Math.min(apiWindow.endMs, nowMs - SETTLE_MS);
  const taskId = task?.id ?? null;

  const apiGaps = new Map<string, TimeRange[]>();
  const unrecoverable: Gap[] = [];
  const allGaps: Gap[] = [];
  const planning = clock.hold();
  try {
    for (const symbol of roster.active()) {
      const listing = listings.get(symbol);
      const expected = expectedSlots('5m', options.range, listing);
      if (expected.length === 0) continue;
      const present = await readCoverage(dataDir, symbol, '5m', expected[0]!);
      const settled = task?.completedRanges(symbol) ?? [];
      const gaps = findGaps({
        symbol,
        series: '5m',
        expected,
        present: [...present, ...settled],
        sources: [createApiHistorySource(options.api)],
        nowMs,
      });
      for (const gap of gaps) {
        allGaps.push(gap);
        if (gap.fillableBy === 'api') apiGaps.set(symbol, [...(apiGaps.get(symbol) ?? []), gap.range]);
        else unrecoverable.push(gap);
      }
    }
  } finally {
    planning();
  }

  const windows = planBackfill(allGaps);
  const slotsTotal = windows.reduce((sum, w) => sum + w.missingSlots, 0);
  onEvent?.({
    type: 'backfill-start',
    taskId,
    symbols: roster.active().length,
    windows: windows.length,
    slotsTotal,
    unrecoverable,
  });

  let requests = 0;
  let slotsWritten = 0;
  let slotsNotServed = 0;
  let windowsDone = 0;
  let interrupted = false;
  const failed = new Set<string>();

  const progress = (symbol: string, range: TimeRange): void => {
    task?.setProgress({ slotsDone: slotsWritten, slotsTotal, requests });
    const elapsedMs = clock.now() - startedAtMs;
    onEvent?.({
      type: 'backfill-progress',
      taskId,
      symbol,
      range,
      slotsDone: slotsWritten,
      slotsTotal,
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

  const handlePage = async (window: BackfillWindow, page: HistoryPageResult): Promise<void> => {
    const { symbol } = window;
    const missing = intersectRanges(apiGaps.get(symbol) ?? [], [page.range]);
    if (page.kind !== 'rows') {
      if (page.kind === 'beyond-retention') requests += 1;
      onEvent?.({
        type: 'history-unavailable',
        symbol,
        range: page.range,
        slots: countSlots(missing, '5m'),
        reason: page.kind,
      });
      settle(symbol, page.range);
      progress(symbol, page.range);
      return;
    }
    requests += 1;
    const points = toPoints(page.rows, page.range);
    if (points.length > 0) {
      const release = clock.hold();
      try {
        await store.merge(symbol, '5m', points);
      } finally {
        release();
      }
    }
    const written = points.filter((p) => missing.some((r) => p.slotMs >= r.startMs && p.slotMs < r.endMs));
    slotsWritten += written.length;
    const returned = mergeRanges(
      points.map((p) => ({ startMs: p.slotMs, endMs: p.slotMs + SERIES_SLOT_MS['5m'] })),
    );
    const notServed = subtractRanges(
      intersectRanges(missing, [{ startMs: page.range.startMs, endMs: settledEndMs }]),
      returned,
    );
    const notServedSlots = countSlots(notServed, '5m');
    if (notServedSlots > 0) {
      slotsNotServed += notServedSlots;
      for (const range of notServed) {
        onEvent?.({
          type: 'history-unavailable',
          symbol,
          range,
          slots: countSlots([range], '5m'),
          reason: 'not-served',
        });
      }
    }
    settle(symbol, page.range);
    progress(symbol, page.range);
  };

  const runWindow = async (window: BackfillWindow): Promise<void> => {
    const { symbol } = window;
    if (signal.aborted) {
      interrupted = true;
      return;
    }
    if (!roster.isActive(symbol)) return;
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
      if (failure.reason === 'invalid-symbol' || failure.reason === 'not-tradable') {
        roster.drop(symbol, failure.reason, describe(error));
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

  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  await Promise.all(windows.map((window) => limit(() => runWindow(window))));
  if (signal.aborted) interrupted = true;
  // Held while the journal and the summary are written, so a virtual clock does not move meanwhile.
  const finishing = clock.hold();
  const durationMs = clock.now() - startedAtMs;
  const failedSymbols = [...failed];
  try {
    await task?.save().catch(() => {});
    onEvent?.({
      type: 'backfill-done',
      taskId,
      requests,
      slotsWritten,
      slotsTotal,
      failedSymbols,
      durationMs,
      interrupted,
    });
    if (options.batchSummary !== undefined) {
      const symbols = new Set(windows.map((w) => w.symbol)).size;
      await options.batchSummary
        .append({
          timeMs: startedAtMs,
          durationMs,
          symbols,
          succeeded: symbols - failedSymbols.length,
          failed: failedSymbols.length,
          failedSymbols,
          weightUsed: null,
          interrupted,
        })
        .catch((error: unknown) => onEvent?.({ type: 'batch-summary-failed', error }));
    }
  } finally {
    finishing();
  }
  return {
    windows: windows.length,
    requests,
    slotsTotal,
    slotsWritten,
    slotsNotServed,
    unrecoverable,
    failedSymbols,
    interrupted,
    durationMs,
  };
}

/** History rows as 5m store points: only rows on the grid inside the page's range, the values as sent. */
function toPoints(rows: readonly HistoryRow[], range: TimeRange): StorePoint[] {
  const bySlot = new Map<number, StorePoint>();
  for (const row of rows) {
    const slotMs = row.timestampMs;
    if (slotMs % SERIES_SLOT_MS['5m'] !== 0 || slotMs < range.startMs || slotMs >= range.endMs) continue;
    bySlot.set(slotMs, {
      slotMs,
      openInterest: row.sumOpenInterest,
      openInterestValue: row.sumOpenInterestValue,
      extra: { CMCCirculatingSupply: row.cmcCirculatingSupply ?? '', source: 'api' },
    });
  }
  return [...bySlot.values()].sort((a, b) => a.slotMs - b.slotMs);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
