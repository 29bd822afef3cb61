import type { TimeRange } from '@oi/storage';
import type { SampledLine } from './report-model.ts';

/** How a line is cut into buckets. */
export interface BucketGrid {
  /** The charted period; bucket 0 starts at `range.startMs`. */
  readonly range: TimeRange;
  /** The series' slot length. */
  readonly slotMs: number;
  /** Bucket length, a multiple of `slotMs` (see {@link bucketWidthMs}). */
  readonly bucketMs: number;
}

/** The bucket length that cuts `range` into at most `buckets` buckets of whole slots. */
export function bucketWidthMs(range: TimeRange, slotMs: number, buckets: number): number {
  const perBucketMs = (range.endMs - range.startMs) / Math.max(1, buckets);
  return Math.max(slotMs, Math.ceil(perBucketMs / slotMs) * slotMs);
}

/** The index of the bucket that holds `slotMs`. */
export function bucketIndex(grid: BucketGrid, slotMs: number): number {
  return Math.floor((slotMs - grid.range.startMs) / grid.bucketMs);
}

/**
 * Keeps the lowest and the highest point of each bucket (in time order), so the drawn envelope is
 * the true one, and puts a null on the first missing slot between any two kept points that a gap
 * separates: a chart library then breaks the line there instead of joining across the hole. At most
 * two points and two nulls per bucket come out, however many rows go in.
 *
 * `slots` must be ascending and distinct, on the grid; `values[i]` belongs to `slots[i]`. A slot
 * without a value (no row, or an empty column) is simply not passed.
 */
export function downsampleMinMax(
  slots: readonly number[],
  values: readonly number[],
  grid: BucketGrid,
): SampledLine {
  const kept = keptIndices(slots, values, grid);
  const xs: number[] = [];
  const ys: (number | null)[] = [];
  let previous: number | undefined;
  for (const index of kept) {
    if (previous !== undefined) {
      const missingSlotMs = firstMissingSlot(slots, previous, index, grid.slotMs);
      if (missingSlotMs !== undefined) {
        xs.push(missingSlotMs);
        ys.push(null);
      }
    }
    xs.push(slots[index]!);
    ys.push(values[index]!);
    previous = index;
  }
  return { xs, ys };
}

/** Indices of each bucket's lowest and highest value, ascending. */
function keptIndices(slots: readonly number[], values: readonly number[], grid: BucketGrid): number[] {
  const kept: number[] = [];
  let start = 0;
  while (start < slots.length) {
    const bucket = bucketIndex(grid, slots[start]!);
    let minIndex = start;
    let maxIndex = start;
    let end = start + 1;
    while (end < slots.length && bucketIndex(grid, slots[end]!) === bucket) {
      if (values[end]! < values[minIndex]!) minIndex = end;
      if (values[end]! > values[maxIndex]!) maxIndex = end;
      end += 1;
    }
    kept.push(Math.min(minIndex, maxIndex));
    if (maxIndex !== minIndex) kept.push(Math.max(minIndex, maxIndex));
    start = end;
  }
  return kept;
}

/** The first slot missing between `slots[from]` and `slots[to]`, or undefined when none is. */
function firstMissingSlot(
  slots: readonly number[],
  from: number,
  to: number,
  slotMs: number,
): number | undefined {
  // Slots are distinct and on the grid, so a hole exists exactly when the span holds more slots
  // than the rows between the two points; only then is the span walked.
  if ((slots[to]! - slots[from]!) / slotMs === to - from) return undefined;
  for (let index = from; index < to; index += 1) {
    if (slots[index + 1]! - slots[index]! > slotMs) return slots[index]! + slotMs;
  }
  return undefined;
}
