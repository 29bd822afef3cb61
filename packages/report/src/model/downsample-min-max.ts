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
 * the true one, and puts a break (NaN; null once packed for the page) on the first missing slot
 * between any two kept points that a gap separates: a chart library then breaks the line there
 * instead of joining across the hole. At most two points and two breaks per bucket come out, however
 * many rows go in. Points are added one at a time, so no series is ever held whole: only the current
 * bucket and the holes since the last kept point (rare) are remembered.
 *
 * Points must come with ascending, distinct slots on the grid. A slot without a value (no row, or an
 * empty column) is simply not added.
 */
export class MinMaxSampler {
  private readonly xs: number[] = [];
  private readonly ys: number[] = [];
  private readonly grid: BucketGrid;
  private bucketEndMs = Number.NEGATIVE_INFINITY;
  private minSlotMs = Number.NaN;
  private minValue = 0;
  private maxSlotMs = Number.NaN;
  private maxValue = 0;
  private previousSlotMs = Number.NaN;
  private lastKeptSlotMs = Number.NaN;
  // The first missing slot of each hole between added points, ascending, since the last kept point.
  private readonly holes: number[] = [];

  constructor(grid: BucketGrid) {
    this.grid = grid;
  }

  /** Adds the next point. */
  add(slotMs: number, value: number): void {
    const { slotMs: step } = this.grid;
    if (slotMs - this.previousSlotMs > step) this.holes.push(this.previousSlotMs + step);
    this.previousSlotMs = slotMs;
    if (slotMs >= this.bucketEndMs) {
      this.closeBucket();
      const bucket = bucketIndex(this.grid, slotMs);
      this.bucketEndMs = this.grid.range.startMs + (bucket + 1) * this.grid.bucketMs;
      this.minSlotMs = slotMs;
      this.minValue = value;
      this.maxSlotMs = slotMs;
      this.maxValue = value;
      return;
    }
    if (value < this.minValue) {
      this.minSlotMs = slotMs;
      this.minValue = value;
    }
    if (value > this.maxValue) {
      this.maxSlotMs = slotMs;
      this.maxValue = value;
    }
  }

  /** The line of every point added; called once, after the last point. */
  line(): SampledLine {
    this.closeBucket();
    return { xs: this.xs, ys: this.ys };
  }

  private closeBucket(): void {
    if (Number.isNaN(this.minSlotMs)) return;
    const minFirst = this.minSlotMs <= this.maxSlotMs;
    this.keep(minFirst ? this.minSlotMs : this.maxSlotMs, minFirst ? this.minValue : this.maxValue);
    if (this.minSlotMs !== this.maxSlotMs) {
      this.keep(minFirst ? this.maxSlotMs : this.minSlotMs, minFirst ? this.maxValue : this.minValue);
    }
    this.minSlotMs = Number.NaN;
    this.maxSlotMs = Number.NaN;
  }

  private keep(slotMs: number, value: number): void {
    const { holes } = this;
    // Holes before the first kept point draw nothing: there is no line yet to break.
    if (!Number.isNaN(this.lastKeptSlotMs) && holes.length > 0 && (holes[0] as number) < slotMs) {
      this.xs.push(holes[0] as number);
      this.ys.push(Number.NaN);
    }
    let passed = 0;
    while (passed < holes.length && (holes[passed] as number) < slotMs) passed += 1;
    holes.splice(0, passed);
    this.xs.push(slotMs);
    this.ys.push(value);
    this.lastKeptSlotMs = slotMs;
  }
}

/** {@link MinMaxSampler} over whole columns: `values[i]` belongs to `slots[i]`. */
export function downsampleMinMax(
  slots: ArrayLike<number>,
  values: ArrayLike<number>,
  grid: BucketGrid,
): SampledLine {
  const sampler = new MinMaxSampler(grid);
  for (let index = 0; index < slots.length; index += 1) {
    sampler.add(slots[index] as number, values[index] as number);
  }
  return sampler.line();
}
