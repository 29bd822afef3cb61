import type { ArchiveCounts, BackfillResult, CollectorResult } from '@oi/recovery';
import { describeCollectorResult } from './engine-tasks.ts';

type Counted = BackfillResult & { readonly taskId: string };

/** Adds up counts key by key (the archive's counts of two markets). */
function sumCounts(counts: readonly ArchiveCounts[]): ArchiveCounts {
  const total: Record<string, number> = {};
  for (const each of counts) {
    for (const [key, value] of Object.entries(each)) total[key] = (total[key] ?? 0) + value;
  }
  return total as unknown as ArchiveCounts;
}

/**
 * One result for the backfills of several markets (`--market all`): counts added up, lists joined,
 * interrupted when any was. Nothing of one market is mixed into another's rows: only the report is one.
 */
export function combineBackfills(results: readonly Counted[]): Counted & { readonly taskIds: string[] } {
  const [first] = results;
  if (first === undefined) throw new RangeError('combineBackfills needs at least one result');
  const sum = (pick: (result: Counted) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  return {
    ...first,
    taskIds: results.map((result) => result.taskId),
    windows: sum((r) => r.windows),
    requests: sum((r) => r.requests),
    slotsTotal: sum((r) => r.slotsTotal),
    slotsWritten: sum((r) => r.slotsWritten),
    slotsWrittenBySource: {
      api: sum((r) => r.slotsWrittenBySource.api),
      archive: sum((r) => r.slotsWrittenBySource.archive),
    },
    slotsNotServed: sum((r) => r.slotsNotServed),
    archive: sumCounts(results.map((result) => result.archive)),
    conflicts: results.flatMap((result) => result.conflicts),
    remaining: results.flatMap((result) => result.remaining),
    unrecoverable: results.flatMap((result) => result.unrecoverable),
    gapsRemain: results.some((result) => result.gapsRemain),
    failedSymbols: results.flatMap((result) => result.failedSymbols),
    interrupted: results.some((result) => result.interrupted),
    durationMs: sum((r) => r.durationMs),
  };
}

/** Collector counts added up over markets, and each market's own. */
export interface CombinedCollectors {
  readonly taskId: string | undefined;
  readonly stopReason: CollectorResult['stopReason'] | undefined;
  readonly ticks: number;
  readonly rows: number;
  readonly missedSlots: number;
  readonly patrolRounds: number;
  readonly slotsWritten: number;
  readonly droppedSymbols: Readonly<Record<string, string>>;
  readonly markets: readonly ({ readonly market: string } & Record<string, unknown>)[];
}

/** The collectors of several markets (`--market all`) as one result: counts added up, each market's own kept. */
export function combineCollectors(
  results: readonly (CollectorResult & { readonly market: string })[],
): CombinedCollectors {
  const sum = (pick: (result: CollectorResult) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  const [first] = results;
  return {
    taskId: first?.taskId,
    stopReason: first?.stopReason,
    ticks: sum((r) => r.ticks),
    rows: sum((r) => r.rows),
    missedSlots: sum((r) => r.missedSlots),
    patrolRounds: sum((r) => r.patrolRounds),
    slotsWritten: sum((r) => r.slotsWritten),
    droppedSymbols: Object.fromEntries(results.flatMap((result) => [...result.droppedSymbols])),
    markets: results.map((result) => ({ market: result.market, ...describeCollectorResult(result) })),
  };
}
