import type { ArchiveMarket, DayOutcome } from '@oi/archive';
import type { Clock } from '@oi/retry';
import { DAY_MS, dayKeyOf, dayRange, readRows as storageReadRows, type TimeRange } from '@oi/storage';
import {
  type ArchiveCounts,
  NO_ARCHIVE_COUNTS,
  type SlotConflict,
  toSlotConflicts,
} from '../engine/backfill-report.ts';
import type { CollectorEventHandler } from '../engine/collector-event.ts';
import { liveTicksRunning } from '../engine/live-priority.ts';
import type { ArchiveReader, CollectorStore, StorePoint } from '../engine/ports.ts';
import type { GapCauseRun } from '../gaps/gap-source.ts';
import { mergeRanges } from '../grid/time-range.ts';
import { archiveFileSlots } from './archive-days.ts';
import { archiveMarketOf } from './archive-market.ts';
import type { StoredRow } from './archive-points.ts';
import type { ArchiveStateBook } from './archive-state-book.ts';
import { type DayJudgement, judgeArchiveDay } from './judge-archive-day.ts';

/** One symbol's part of the archive phase. */
export interface SymbolArchivePlan {
  /** The symbol (its archive directory in its market). */
  readonly symbol: string;
  /** Slots that should be stored. */
  readonly expected: readonly TimeRange[];
  /** Slots stored when the run began; a file is compared with the API rows among them. */
  readonly present: readonly TimeRange[];
  /** Days to ask for, oldest first. */
  readonly days: readonly string[];
}

/** Input of {@link runArchivePhase}. */
export interface ArchivePhaseInput {
  readonly reader: ArchiveReader;
  /** The archive market of every symbol. @default each symbol's own (archiveMarketOf: `cm` for COIN-M contracts) */
  readonly market?: ArchiveMarket;
  readonly store: Pick<CollectorStore, 'merge'>;
  readonly dataDir: string;
  readonly book: ArchiveStateBook;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Days handled at once (downloads also obey the archive client's own limit). */
  readonly concurrency: number;
  /** The run's time, recorded as each day's check time. */
  readonly nowMs: number;
  readonly plans: readonly SymbolArchivePlan[];
  readonly taskId: string | null;
  /** Missing slots the whole backfill may fill, for the progress events. */
  readonly slotsTotal: number;
  readonly onEvent?: CollectorEventHandler;
  /** Reads stored rows. @default `readRows` of `@oi/storage` */
  readonly readRows?: (
    dataDir: string,
    symbol: string,
    series: '5m',
    range: TimeRange,
  ) => Promise<readonly StoredRow[]>;
}

/** What the archive phase did. */
export interface ArchivePhaseResult {
  /** Per symbol, the slots now stored from the archive (written or already equal). */
  readonly written: ReadonlyMap<string, readonly TimeRange[]>;
  /** Per symbol, slots of days that could not be checked this run (`download-failed`). */
  readonly unchecked: ReadonlyMap<string, readonly GapCauseRun[]>;
  readonly counts: ArchiveCounts;
  readonly conflicts: readonly SlotConflict[];
  readonly failedSymbols: ReadonlySet<string>;
  readonly interrupted: boolean;
}

type Answer = { readonly outcome: DayOutcome } | { readonly error: unknown };

const SLOT_MS = 300_000;
const nextDay = (day: string): string => dayKeyOf(dayRange(day).startMs + DAY_MS);

/**
 * Asks the archive for every planned symbol-day and stores what its files give. A symbol's days are
 * stored oldest first while downloads run ahead (`concurrency` days in flight), so each file's last
 * slot, the next day's 00:00, joins the next file's merge and each day file is written once. Every
 * answer is recorded in the archive state; a failed download is tried again by the next run.
 */
export async function runArchivePhase(input: ArchivePhaseInput): Promise<ArchivePhaseResult> {
  const { reader, market, store, dataDir, book, clock, signal, nowMs, onEvent } = input;
  const readRows = input.readRows ?? storageReadRows;
  const startedAtMs = clock.now();
  const counts: { -readonly [K in keyof ArchiveCounts]: ArchiveCounts[K] } = {
    ...NO_ARCHIVE_COUNTS,
    days: input.plans.reduce((sum, p) => sum + p.days.length, 0),
  };
  const written = new Map<string, TimeRange[]>();
  const unchecked = new Map<string, GapCauseRun[]>();
  const conflicts: SlotConflict[] = [];
  const failedSymbols = new Set<string>();
  // Per `SYMBOL day`, the slot the previous day's file gave for that day's 00:00.
  const carried = new Map<string, { symbol: string; points: StorePoint[] }>();
  let filesDone = 0;
  let interrupted = false;
  let fatal: { readonly error: unknown } | undefined;

  const recordConflicts = async (symbol: string, found: readonly SlotConflict[]): Promise<void> => {
    if (found.length === 0) return;
    const { days } = await book.state(symbol);
    for (const conflict of found) {
      const day = dayKeyOf(conflict.slotMs - SLOT_MS);
      const record = days[day];
      if (record === undefined) continue;
      const entry = {
        slotMs: conflict.slotMs,
        stored: {
          openInterest: conflict.stored.openInterest,
          openInterestValue: conflict.stored.openInterestValue,
          source: conflict.stored.extra?.['source'] ?? '',
        },
        incoming: {
          openInterest: conflict.incoming.openInterest,
          openInterestValue: conflict.incoming.openInterestValue,
        },
      };
      const others = record.conflicts.filter((c) => c.slotMs !== conflict.slotMs);
      book.record(symbol, day, { ...record, conflicts: [...others, entry] });
    }
  };

  /** Merges points; returns how many slots are new and the conflicts (to record once the day is). */
  const mergePoints = async (symbol: string, points: readonly StorePoint[]) => {
    if (points.length === 0) return { inserted: 0, conflicts: [] };
    const outcome = await store.merge(symbol, '5m', points);
    written.set(symbol, mergeRanges([...(written.get(symbol) ?? []), ...slotRuns(points)]));
    counts.slotsWritten += outcome.inserted;
    const found = toSlotConflicts(symbol, 'archive', outcome.conflicts);
    if (found.length > 0) {
      conflicts.push(...found);
      onEvent?.({ type: 'conflicts', symbol, conflicts: found });
    }
    return { inserted: outcome.inserted, conflicts: found };
  };

  const count = (symbol: string, day: string, judgement: DayJudgement): void => {
    if (judgement.kind === 'failed') {
      counts.failed += 1;
      failedSymbols.add(symbol);
      const run = { range: archiveFileSlots(day), cause: 'download-failed' };
      unchecked.set(symbol, [...(unchecked.get(symbol) ?? []), run]);
      return;
    }
    if (judgement.kind === 'missing') counts.missing += 1;
    else {
      counts.rows += judgement.rows;
      if (judgement.kind === 'stored') {
        counts.stored += 1;
        counts.defectSlots += judgement.defectSlots;
      } else {
        counts.rejected += 1;
        if (judgement.record.reason === 'disagrees-with-api') counts.disagreeing += 1;
      }
      if (judgement.replacedFile !== undefined && judgement.record.file !== undefined) {
        counts.reuploads += 1;
        onEvent?.({
          type: 'archive-reupload',
          symbol,
          day,
          previous: judgement.replacedFile,
          current: judgement.record.file,
        });
      }
    }
  };

  const handleDay = async (plan: SymbolArchivePlan, day: string, answer: Answer, hasNext: boolean) => {
    const { symbol } = plan;
    const judgement = await judgeArchiveDay(answer, {
      day,
      expected: plan.expected,
      present: plan.present,
      previous: (await book.state(symbol)).days[day],
      nowMs,
      readStored: (range) => readRows(dataDir, symbol, '5m', range),
    });
    count(symbol, day, judgement);
    const toMerge = carried.get(`${symbol} ${day}`)?.points ?? [];
    carried.delete(`${symbol} ${day}`);
    if (judgement.kind === 'stored') {
      const dayEndMs = dayRange(day).endMs;
      toMerge.push(...judgement.points.filter((p) => p.slotMs < dayEndMs));
      const last = judgement.points.filter((p) => p.slotMs >= dayEndMs);
      // The next day's 00:00 joins that day's merge when its file comes next in this run.
      if (hasNext && last.length > 0) carried.set(`${symbol} ${nextDay(day)}`, { symbol, points: last });
      else toMerge.push(...last);
    }
    const merged = await mergePoints(symbol, toMerge);
    // Recorded once its points are stored: a day whose merge failed stays unrecorded.
    if (judgement.kind !== 'failed') book.record(symbol, day, judgement.record);
    await recordConflicts(symbol, merged.conflicts);
    filesDone += 1;
    onEvent?.({
      type: 'archive-day',
      taskId: input.taskId,
      symbol,
      day,
      outcome: judgement.kind,
      ...(judgement.kind === 'failed' ? { reason: judgement.reason } : {}),
      ...(judgement.kind === 'rejected' && judgement.record.reason !== undefined
        ? { reason: judgement.record.reason }
        : {}),
      rows: judgement.kind === 'stored' || judgement.kind === 'rejected' ? judgement.rows : 0,
      slotsWritten: merged.inserted,
      defectSlots: judgement.kind === 'stored' ? judgement.defectSlots : 0,
      conflicts: merged.conflicts.length,
      filesDone,
      filesTotal: counts.days,
      rowsDone: counts.rows,
      slotsDone: counts.slotsWritten,
      slotsTotal: input.slotsTotal,
      elapsedMs: clock.now() - startedAtMs,
    });
  };

  const runDay = async (plan: SymbolArchivePlan, day: string, hasNext: boolean, previous: Promise<void>) => {
    // Downloads run ahead; handling waits for the symbol's previous day, which is what keeps the order.
    let answer: Answer | undefined;
    await liveTicksRunning();
    if (!signal.aborted && fatal === undefined) {
      try {
        const query = { market: market ?? archiveMarketOf(plan.symbol), symbol: plan.symbol, day };
        answer = { outcome: await reader.fetchDay(query, { signal }) };
      } catch (error) {
        if (!signal.aborted) answer = { error };
      }
    }
    await previous;
    // A live tick started meanwhile: its rows go to disk first.
    await liveTicksRunning();
    if (answer === undefined || signal.aborted || fatal !== undefined) {
      interrupted ||= signal.aborted;
      return;
    }
    const release = clock.hold();
    try {
      await handleDay(plan, day, answer, hasNext);
    } catch (error) {
      // A store that cannot write stops the phase: the rest would fail the same way.
      fatal ??= { error };
    } finally {
      release();
    }
  };

  // Day by day across symbols, so the days in flight are mostly different symbols' files; pulled
  // lazily by a fixed set of workers, so a backfill of years for hundreds of symbols holds only
  // the days in flight.
  function* schedule(): Generator<{ plan: SymbolArchivePlan; day: string; hasNext: boolean }> {
    const maxDays = Math.max(0, ...input.plans.map((p) => p.days.length));
    for (let index = 0; index < maxDays; index++) {
      for (const plan of input.plans) {
        const day = plan.days[index];
        if (day !== undefined) yield { plan, day, hasNext: plan.days[index + 1] === nextDay(day) };
      }
    }
  }
  const queue = schedule();
  const chains = new Map<string, Promise<void>>();
  const worker = async (): Promise<void> => {
    for (let next = queue.next(); next.done !== true; next = queue.next()) {
      const { plan, day, hasNext } = next.value;
      const task = runDay(plan, day, hasNext, chains.get(plan.symbol) ?? Promise.resolve());
      chains.set(plan.symbol, task);
      await task;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency) }, worker));
  // Slots carried to a day that was not handled (a stop) are still written.
  if (fatal === undefined) {
    const release = clock.hold();
    try {
      for (const { symbol, points } of carried.values()) {
        await recordConflicts(symbol, (await mergePoints(symbol, points)).conflicts);
      }
    } finally {
      release();
    }
  }
  if (fatal !== undefined) throw fatal.error;
  return { written, unchecked, counts, conflicts, failedSymbols, interrupted: interrupted || signal.aborted };
}

/** Sorted points' slots as runs of consecutive slots. */
function slotRuns(points: readonly StorePoint[]): TimeRange[] {
  const runs: TimeRange[] = [];
  let run: { startMs: number; endMs: number } | undefined;
  for (const { slotMs } of points) {
    if (run !== undefined && run.endMs === slotMs) run.endMs = slotMs + SLOT_MS;
    else {
      run = { startMs: slotMs, endMs: slotMs + SLOT_MS };
      runs.push(run);
    }
  }
  return runs;
}
