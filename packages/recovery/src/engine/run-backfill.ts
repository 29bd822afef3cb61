import type { ArchiveMarket } from '@oi/archive';
import { OiError } from '@oi/errors';
import type { TimeRange } from '@oi/storage';
import { coverage as storageCoverage } from '@oi/storage';
import { ARCHIVE_FIRST_DAY, archiveDaysOf, archiveReach } from '../archive/archive-days.ts';
import { createArchiveGapSource } from '../archive/archive-gap-source.ts';
import type { ArchiveSymbolState } from '../archive/archive-state.ts';
import { openArchiveStateBook } from '../archive/archive-state-book.ts';
import { type ArchivePhaseResult, runArchivePhase } from '../archive/run-archive-phase.ts';
import { findGaps, type Gap } from '../gaps/find-gaps.ts';
import {
  type ApiHistorySourceOptions,
  apiHistoryWindow,
  createApiHistorySource,
  type GapCauseRun,
  type GapSource,
} from '../gaps/gap-source.ts';
import { planBackfill } from '../gaps/plan-backfill.ts';
import { expectedSlots } from '../grid/slot-grid.ts';
import { mergeRanges, subtractRanges } from '../grid/time-range.ts';
import type { TaskHandle } from '../journal/task-journal.ts';
import { runApiHistoryPhase } from './api-history-phase.ts';
import {
  type ArchiveCounts,
  type HistorySource,
  NO_ARCHIVE_COUNTS,
  type SlotConflict,
} from './backfill-report.ts';
import { storeWithContractUnits } from './contract-units.ts';
import type { EngineOptions } from './engine-options.ts';
import { dropByListings, type ListedSymbol } from './listings.ts';
import { liveTicksRunning } from './live-priority.ts';
import type { ArchiveReader, CollectorClient, CollectorStore } from './ports.ts';
import { createSymbolRoster, type SymbolRoster } from './symbol-roster.ts';

/** Slots younger than this are never marked settled, so a row published late is asked for again. */
const SETTLE_MS = 10 * 60_000;

/** How a backfill uses Binance's public data archive. */
export interface BackfillArchiveOptions {
  /** The archive client (`createArchiveClient` of `@oi/archive`, with its own download concurrency). */
  readonly client: ArchiveReader;
  /** The archive market the symbols' files are under. @default each symbol's own: `cm` for COIN-M contracts, `um` otherwise */
  readonly market?: ArchiveMarket;
  /** Symbol-days downloaded and stored at once (a symbol's days are stored oldest first). @default 16 */
  readonly concurrency?: number;
  /** A day checked less than this long ago is not asked again: its recorded outcome stands. @default 0 */
  readonly recheckAfterMs?: number;
  /** The archive's first day; nothing older is asked for. @default ARCHIVE_FIRST_DAY ('2020-09-01') */
  readonly firstDay?: string;
}

/**
 * Options of {@link runBackfill}. Events: `backfill-start`, `archive-day`, `archive-reupload`,
 * `conflicts`, `backfill-progress`, `history-unavailable`, `backfill-window-failed`, `backfill-done`,
 * `symbol-dropped`, `archive-state-failed`.
 */
export interface RunBackfillOptions
  extends EngineOptions<Pick<CollectorClient, 'openInterestHistoryPages'>, Pick<CollectorStore, 'merge'>> {
  /**
   * The exchange's listings (`listingsFrom`): symbols they lack are dropped as `invalid-symbol`
   * before any request, and a symbol's 5m history is expected from its onboard to its delivery date.
   */
  readonly listings: ReadonlyMap<string, ListedSymbol>;
  /** The 5m slots wanted; parts no source can serve are reported, not requested. */
  readonly range: TimeRange;
  /** History pages in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Journal entry that records completed windows; windows already recorded there are skipped. */
  readonly task?: TaskHandle;
  /** The exchange's time, which decides the retention window and the finished days. @default clock.now() */
  readonly nowMs?: number;
  /** Retention, old-edge margin and publish delay of the history API. */
  readonly api?: ApiHistorySourceOptions;
  /** The public archive; without it the backfill uses the history API only. */
  readonly archive?: BackfillArchiveOptions;
  /**
   * `auto`: every finished day from the archive, the API for what the archive does not have (yet)
   * within its 30 days; `api` or `archive`: that source only. `archive` needs `archive`.
   * @default 'auto' with an archive, 'api' without
   */
  readonly source?: HistorySource;
}

/** What a backfill did. */
export interface BackfillResult {
  /** The sources used. */
  readonly source: HistorySource;
  /** History API page requests planned. */
  readonly windows: number;
  /** History API requests made (pages received, including beyond-retention answers). */
  readonly requests: number;
  /** Missing slots some source could fill when the run began. */
  readonly slotsTotal: number;
  /** Of those, slots now written, from any source. */
  readonly slotsWritten: number;
  /** Slots written from each source. */
  readonly slotsWrittenBySource: { readonly api: number; readonly archive: number };
  /** Slots inside answered API pages that Binance did not return. */
  readonly slotsNotServed: number;
  /** What the archive part did (all zero without the archive). */
  readonly archive: ArchiveCounts;
  /** Stored slots a source disagreed with; the stored values were kept. */
  readonly conflicts: readonly SlotConflict[];
  /** Expected slots still missing after the run, each with who can still fill it and why. */
  readonly remaining: readonly Gap[];
  /** Of those, the gaps no source can fill (recorded, never invented). */
  readonly unrecoverable: readonly Gap[];
  /** Whether expected slots are still missing (what `oi backfill` exits 3 for). */
  readonly gapsRemain: boolean;
  /** Symbols with at least one failed API window or archive download. */
  readonly failedSymbols: readonly string[];
  /** Whether the stop signal cut the run short. */
  readonly interrupted: boolean;
  /** Clock time the run took. */
  readonly durationMs: number;
}

/**
 * Fills the missing 5m slots of `range`. With the archive (`source` `auto` or `archive`), every
 * finished day with missing slots is asked of the archive first (its downloads draw on no API
 * budget); then the fewest 500-slot API windows cover what is still missing inside the API's 30 days
 * (today, a day whose file is not published yet, a missing or rejected file, defect slots). Each
 * page and day file is merged as it arrives; API windows are recorded in the task journal, so a
 * resumed task asks for nothing already stored or settled.
 */
export function runBackfill(options: RunBackfillOptions): Promise<BackfillResult> {
  return runBackfillOnRoster(createSymbolRoster(options.symbols, options.onEvent), options);
}

interface SymbolPlan {
  readonly symbol: string;
  readonly expected: readonly TimeRange[];
  readonly present: readonly TimeRange[];
  /** Expected slots neither stored nor settled in the task. */
  readonly missing: readonly TimeRange[];
  readonly days: readonly string[];
}

/** {@link runBackfill} over a roster other runners share: a symbol one of them drops, all leave out. */
export async function runBackfillOnRoster(
  roster: SymbolRoster,
  options: Omit<RunBackfillOptions, 'symbols'>,
): Promise<BackfillResult> {
  const { client, dataDir, clock, signal, task, listings, onEvent } = options;
  // A COIN-M contract's 5m rows, from the API and the archive alike, carry its unit columns.
  const store = storeWithContractUnits(options.store, listings);
  const readCoverage = options.coverage ?? storageCoverage;
  const startedAtMs = clock.now();
  const nowMs = options.nowMs ?? startedAtMs;
  const source = options.source ?? (options.archive === undefined ? 'api' : 'auto');
  const archive = source === 'api' ? undefined : options.archive;
  if (source === 'archive' && archive === undefined) {
    throw new OiError('ARCHIVE_CLIENT_REQUIRED', "source 'archive' needs the archive option");
  }
  // `auto` without an archive is the API alone, as before the archive joined.
  const effective: HistorySource = archive === undefined ? 'api' : source;
  const firstDay = archive?.firstDay ?? ARCHIVE_FIRST_DAY;
  const book = archive === undefined ? undefined : openArchiveStateBook(dataDir, archive.market);
  const apiSource = effective === 'archive' ? undefined : createApiHistorySource(options.api);
  dropByListings(roster, listings, false);
  const settledEndMs = Math.min(apiHistoryWindow(nowMs, options.api).endMs, nowMs - SETTLE_MS);
  const taskId = task?.id ?? null;

  const states = new Map<string, ArchiveSymbolState>();
  const sourcesOf = (symbol: string, unchecked?: readonly GapCauseRun[]): GapSource[] => {
    const archiveSource =
      book === undefined
        ? []
        : [
            createArchiveGapSource({
              state: states.get(symbol),
              firstDay,
              ...(unchecked === undefined ? {} : { unchecked }),
            }),
          ];
    return [...archiveSource, ...(apiSource === undefined ? [] : [apiSource])];
  };
  const gapsOf = (plan: SymbolPlan, present: readonly TimeRange[], unchecked?: readonly GapCauseRun[]) =>
    findGaps({
      symbol: plan.symbol,
      series: '5m',
      expected: plan.missing,
      present,
      sources: sourcesOf(plan.symbol, unchecked),
      nowMs,
    });

  const plans: SymbolPlan[] = [];
  let planning = clock.hold();
  try {
    for (const symbol of roster.active()) {
      // A coverage read of a patrol round rescans the days the last one wrote: a live tick goes first.
      const ticking = liveTicksRunning();
      if (ticking !== undefined) {
        planning();
        await ticking;
        planning = clock.hold();
      }
      const expected = expectedSlots('5m', options.range, listings.get(symbol));
      if (expected.length === 0) continue;
      const present = await readCoverage(dataDir, symbol, '5m', expected[0]!);
      const missing = subtractRanges(expected, [...present, ...(task?.completedRanges(symbol) ?? [])]);
      let days: string[] = [];
      if (book !== undefined) {
        const state = await book.state(symbol);
        states.set(symbol, state);
        days = daysToAsk(missing, state, nowMs, firstDay, archive?.recheckAfterMs ?? 0);
      }
      plans.push({ symbol, expected, present, missing, days });
    }
  } finally {
    planning();
  }

  const startGaps = plans.flatMap((plan) => gapsOf(plan, []));
  const slotsTotal = startGaps.filter((g) => g.fillableBy !== 'none').reduce((sum, g) => sum + g.slots, 0);
  onEvent?.({
    type: 'backfill-start',
    taskId,
    source: effective,
    symbols: roster.active().length,
    windows: planBackfill(startGaps).length,
    archiveDays: plans.reduce((sum, p) => sum + p.days.length, 0),
    slotsTotal,
    unrecoverable: startGaps.filter((g) => g.fillableBy === 'none'),
  });

  let archived: ArchivePhaseResult | undefined;
  if (archive !== undefined && book !== undefined && plans.some((p) => p.days.length > 0)) {
    archived = await runArchivePhase({
      reader: archive.client,
      ...(archive.market === undefined ? {} : { market: archive.market }),
      store,
      dataDir,
      book,
      clock,
      signal,
      concurrency: archive.concurrency ?? 16,
      nowMs,
      plans,
      taskId,
      slotsTotal,
      ...(onEvent === undefined ? {} : { onEvent }),
    }).catch(async (error: unknown) => {
      // What was checked before the store failed is still worth keeping.
      await book.flush().catch(() => undefined);
      throw error;
    });
  }
  const archiveWritten = (symbol: string) => archived?.written.get(symbol) ?? [];
  const unchecked = (symbol: string) => archived?.unchecked.get(symbol) ?? [];

  const apiGaps = new Map<string, TimeRange[]>();
  const apiCandidates: Gap[] = [];
  if (apiSource !== undefined && !signal.aborted) {
    for (const plan of plans) {
      for (const gap of gapsOf(plan, archiveWritten(plan.symbol), unchecked(plan.symbol))) {
        if (gap.fillableBy !== 'api') continue;
        apiCandidates.push(gap);
        apiGaps.set(plan.symbol, [...(apiGaps.get(plan.symbol) ?? []), gap.range]);
      }
    }
  }
  const windows = planBackfill(apiCandidates);
  const api = await runApiHistoryPhase({
    client,
    store,
    clock,
    signal,
    roster,
    listings,
    task,
    onEvent,
    windows,
    apiGaps,
    settledEndMs,
    concurrency: options.concurrency ?? 4,
    slotsTotal,
    slotsDoneBefore: archived?.counts.slotsWritten ?? 0,
    startedAtMs,
  });

  // Held while the states, the journal and the summary are written, so a virtual clock does not move meanwhile.
  const finishing = clock.hold();
  try {
    const remaining = plans.flatMap((plan) =>
      gapsOf(
        plan,
        mergeRanges([...archiveWritten(plan.symbol), ...(api.returned.get(plan.symbol) ?? [])]),
        unchecked(plan.symbol),
      ),
    );
    const interrupted = api.interrupted || (archived?.interrupted ?? false) || signal.aborted;
    const failedSymbols = [...new Set([...(archived?.failedSymbols ?? []), ...api.failedSymbols])];
    const slotsWrittenBySource = { api: api.slotsWritten, archive: archived?.counts.slotsWritten ?? 0 };
    const durationMs = clock.now() - startedAtMs;
    await book?.flush().catch((error: unknown) => onEvent?.({ type: 'archive-state-failed', error }));
    await task?.save().catch(() => {});
    const result: BackfillResult = {
      source: effective,
      windows: windows.length,
      requests: api.requests,
      slotsTotal,
      slotsWritten: slotsWrittenBySource.api + slotsWrittenBySource.archive,
      slotsWrittenBySource,
      slotsNotServed: api.slotsNotServed,
      archive: archived?.counts ?? NO_ARCHIVE_COUNTS,
      conflicts: [...(archived?.conflicts ?? []), ...api.conflicts],
      remaining,
      unrecoverable: remaining.filter((g) => g.fillableBy === 'none'),
      gapsRemain: remaining.length > 0,
      failedSymbols,
      interrupted,
      durationMs,
    };
    onEvent?.({
      type: 'backfill-done',
      taskId,
      requests: result.requests,
      slotsWritten: result.slotsWritten,
      slotsTotal,
      slotsWrittenBySource,
      archiveFiles: result.archive.stored,
      archiveRows: result.archive.rows,
      failedSymbols,
      durationMs,
      interrupted,
      gapsRemain: result.gapsRemain,
    });
    if (options.batchSummary !== undefined) {
      const symbols = new Set([
        ...windows.map((w) => w.symbol),
        ...plans.filter((p) => p.days.length > 0).map((p) => p.symbol),
      ]).size;
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
    return result;
  } finally {
    finishing();
  }
}

/** The finished days holding missing slots, less those checked within `recheckAfterMs` (their record stands). */
function daysToAsk(
  missing: readonly TimeRange[],
  state: ArchiveSymbolState,
  nowMs: number,
  firstDay: string,
  recheckAfterMs: number,
): string[] {
  return archiveDaysOf(missing, archiveReach(nowMs, firstDay)).filter((day) => {
    const record = state.days[day];
    return record === undefined || recheckAfterMs <= 0 || record.checkedAtMs <= nowMs - recheckAfterMs;
  });
}
