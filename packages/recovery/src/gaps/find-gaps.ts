import type { Series, TimeRange } from '@oi/storage';
import { countSlots } from '../grid/slot-grid.ts';
import { intersectRanges, mergeRanges, subtractRanges } from '../grid/time-range.ts';
import type { GapSource } from './gap-source.ts';

/** Why a gap is (or is not) fillable. */
export type GapReason =
  /** Inside the history API's retention window. */
  | 'api-retention'
  /** Covered by an older source such as the public archive. */
  | 'older-source'
  /** A past 1m slot: the live endpoint only ever gives "now". */
  | 'live-only'
  /** A 5m slot that no configured source can serve (beyond retention, or not yet published). */
  | 'no-source';

/** A merged run of expected slots that are not stored, with what can still fill it. */
export interface Gap {
  /** The symbol whose series has the hole. */
  readonly symbol: string;
  /** Which series. */
  readonly series: Series;
  /** The missing slots, slot-aligned and half-open. */
  readonly range: TimeRange;
  /** Number of missing slots in `range`. */
  readonly slots: number;
  /** `'api'`, the name of an older source, or `'none'` when nothing can fill it. */
  readonly fillableBy: string;
  /** Why it is fillable or not. */
  readonly reason: GapReason;
}

/** Input of {@link findGaps}. */
export interface FindGapsInput {
  /** The symbol the slots belong to. */
  readonly symbol: string;
  /** Which series. */
  readonly series: Series;
  /** Slot-aligned ranges that should be stored (see `expectedSlots`). */
  readonly expected: readonly TimeRange[];
  /** Ranges that are stored (storage `coverage`). */
  readonly present: readonly TimeRange[];
  /** Sources to try, in order of preference; only those of `series` are used. */
  readonly sources: readonly GapSource[];
  /** The time the sources are asked about. */
  readonly nowMs: number;
}

/** Missing slots as merged gaps, each assigned to the first source that can fill it, or to `'none'`. */
export function findGaps(input: FindGapsInput): Gap[] {
  const { symbol, series, nowMs } = input;
  const gaps: Gap[] = [];
  const push = (ranges: readonly TimeRange[], fillableBy: string, reason: GapReason): void => {
    for (const range of mergeRanges(ranges)) {
      gaps.push({ symbol, series, range, slots: countSlots([range], series), fillableBy, reason });
    }
  };
  for (const missing of subtractRanges(input.expected, input.present)) {
    let remaining: TimeRange[] = [missing];
    for (const source of input.sources) {
      if (source.series !== series || remaining.length === 0) continue;
      const covered = intersectRanges(remaining, source.covers(missing, nowMs));
      push(covered, source.name, source.name === 'api' ? 'api-retention' : 'older-source');
      remaining = subtractRanges(remaining, covered);
    }
    push(remaining, 'none', series === '1m' ? 'live-only' : 'no-source');
  }
  return gaps.sort((a, b) => a.range.startMs - b.range.startMs);
}
