import type { OiPoint } from './oi-point.ts';
import type { Series } from './series.ts';

/** A slot whose stored values differ from an incoming point; the stored values were kept. */
export interface Conflict {
  readonly symbol: string;
  readonly series: Series;
  readonly slotMs: number;
  readonly stored: OiPoint;
  readonly incoming: OiPoint;
}

/**
 * Outcome of a merge: every incoming point is counted once, in `inserted`, `unchanged` or
 * `conflicts`. `filled` counts the unchanged points that supplied values the stored row lacked.
 */
export interface MergeResult {
  readonly inserted: number;
  readonly unchanged: number;
  readonly filled: number;
  readonly conflicts: readonly Conflict[];
}

/** Adds two merge results. */
export function addMergeResults(a: MergeResult, b: MergeResult): MergeResult {
  return {
    inserted: a.inserted + b.inserted,
    unchanged: a.unchanged + b.unchanged,
    filled: a.filled + b.filled,
    conflicts: [...a.conflicts, ...b.conflicts],
  };
}

/** A merge that changed nothing. */
export const EMPTY_MERGE_RESULT: MergeResult = { inserted: 0, unchanged: 0, filled: 0, conflicts: [] };
