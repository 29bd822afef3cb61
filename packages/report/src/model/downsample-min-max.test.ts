import { seededRandom } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { type BucketGrid, bucketWidthMs, downsampleMinMax } from './downsample-min-max.ts';

const MIN = 60_000;
const grid = (buckets: number, slots = 60): BucketGrid => {
  const range = { startMs: 0, endMs: slots * MIN };
  return { range, slotMs: MIN, bucketMs: bucketWidthMs(range, MIN, buckets) };
};

/** Slots 0..count-1 minus `missing`, with `value(slot index)`. */
function series(count: number, missing: readonly number[], value: (index: number) => number) {
  const slots: number[] = [];
  const values: number[] = [];
  for (let index = 0; index < count; index += 1) {
    if (missing.includes(index)) continue;
    slots.push(index * MIN);
    values.push(value(index));
  }
  return { slots, values };
}

describe('bucketWidthMs', () => {
  it.each([
    { slots: 60, buckets: 6, width: 10 * MIN },
    { slots: 60, buckets: 7, width: 9 * MIN },
    { slots: 60, buckets: 600, width: MIN },
    { slots: 43_200, buckets: 600, width: 72 * MIN },
  ])('$slots slots into $buckets buckets: $width ms', ({ slots, buckets, width }) => {
    expect(bucketWidthMs({ startMs: 0, endMs: slots * MIN }, MIN, buckets)).toBe(width);
  });
});

describe('downsampleMinMax', () => {
  it('keeps every point, in order, when there are fewer slots than buckets', () => {
    const { slots, values } = series(5, [], (i) => i * 10);
    expect(downsampleMinMax(slots, values, grid(100, 5))).toEqual({ xs: slots, ys: values });
  });

  it('keeps the lowest and highest point of each bucket in time order', () => {
    // Bucket 0 (slots 0-9): max at 2, min at 7. Bucket 1 (slots 10-19): min at 11, max at 18.
    const values = [5, 6, 9, 5, 5, 5, 5, 1, 5, 5, 5, 0, 5, 5, 5, 5, 5, 5, 8, 5];
    const { slots } = series(20, [], () => 0);
    const line = downsampleMinMax(slots, values, grid(2, 20));
    expect(line.xs).toEqual([2 * MIN, 7 * MIN, 11 * MIN, 18 * MIN]);
    expect(line.ys).toEqual([9, 1, 0, 8]);
  });

  it('puts a break on the first missing slot between kept points, so a gap is never joined', () => {
    const { slots, values } = series(8, [3, 4], (i) => i);
    expect(downsampleMinMax(slots, values, grid(100, 8))).toEqual({
      xs: [0, MIN, 2 * MIN, 3 * MIN, 5 * MIN, 6 * MIN, 7 * MIN],
      ys: [0, 1, 2, Number.NaN, 5, 6, 7],
    });
  });

  it('breaks the line for a gap hidden inside a bucket, between its lowest and highest point', () => {
    // One bucket of 10 slots: min at slot 1, max at slot 8, slot 5 missing between them.
    const { slots, values } = series(10, [5], (i) => (i === 1 ? -1 : i === 8 ? 99 : 3));
    expect(downsampleMinMax(slots, values, grid(1, 10))).toEqual({
      xs: [MIN, 5 * MIN, 8 * MIN],
      ys: [-1, Number.NaN, 99],
    });
  });

  it('breaks the line for a gap between buckets', () => {
    // Buckets of 10 slots; slots 9 and 10 (the end of bucket 0 and the start of bucket 1) missing.
    const { slots, values } = series(20, [9, 10], (i) => i % 7);
    const line = downsampleMinMax(slots, values, grid(2, 20));
    expect(line.ys.filter(Number.isNaN)).toHaveLength(1);
    expect(line.xs[line.ys.findIndex(Number.isNaN)]).toBe(9 * MIN);
  });

  it('never joins two drawn points across a missing slot, and emits at most four entries per bucket', () => {
    const random = seededRandom(7);
    for (let round = 0; round < 40; round += 1) {
      const count = 200 + Math.floor(random() * 800);
      const missing = Array.from({ length: Math.floor(random() * 60) }, () => Math.floor(random() * count));
      const { slots, values } = series(count, missing, () => Math.round(random() * 1000));
      const buckets = 5 + Math.floor(random() * 60);
      const line = downsampleMinMax(slots, values, grid(buckets, count));
      const present = new Set(slots);
      expect(line.xs.length).toBeLessThanOrEqual(4 * buckets);
      for (let index = 1; index < line.xs.length; index += 1) {
        const [x0, x1] = [line.xs[index - 1]!, line.xs[index]!];
        expect(x1).toBeGreaterThan(x0);
        if (Number.isNaN(line.ys[index - 1]) || Number.isNaN(line.ys[index])) continue;
        for (let slot = x0 + MIN; slot < x1; slot += MIN) expect(present.has(slot)).toBe(true);
      }
      for (const [index, y] of line.ys.entries())
        if (Number.isNaN(y)) expect(present.has(line.xs[index]!)).toBe(false);
      // Every bucket's extremes survive.
      expect(Math.max(...line.ys.filter((y) => !Number.isNaN(y)))).toBe(Math.max(...values));
      expect(Math.min(...line.ys.filter((y) => !Number.isNaN(y)))).toBe(Math.min(...values));
    }
  });

  it('samples point by point exactly as a pass over the whole series would', () => {
    // The whole-series reference: each bucket's extremes in time order, a break on the first missing
    // slot between two kept points.
    const reference = (slots: number[], values: number[], g: BucketGrid) => {
      const kept: number[] = [];
      for (let start = 0; start < slots.length; ) {
        const bucket = Math.floor((slots[start]! - g.range.startMs) / g.bucketMs);
        let [min, max, end] = [start, start, start + 1];
        for (
          ;
          end < slots.length && Math.floor((slots[end]! - g.range.startMs) / g.bucketMs) === bucket;
          end++
        ) {
          if (values[end]! < values[min]!) min = end;
          if (values[end]! > values[max]!) max = end;
        }
        kept.push(Math.min(min, max));
        if (min !== max) kept.push(Math.max(min, max));
        start = end;
      }
      const xs: number[] = [];
      const ys: number[] = [];
      kept.forEach((index, at) => {
        const from = kept[at - 1];
        if (from !== undefined) {
          const hole = slots
            .slice(from, index)
            .findIndex((slot, k) => slots[from + k + 1]! - slot > g.slotMs);
          if (hole !== -1) {
            xs.push(slots[from + hole]! + g.slotMs);
            ys.push(Number.NaN);
          }
        }
        xs.push(slots[index]!);
        ys.push(values[index]!);
      });
      return { xs, ys };
    };
    const random = seededRandom(19);
    for (let round = 0; round < 200; round += 1) {
      const count = 1 + Math.floor(random() * 400);
      const missing = Array.from({ length: Math.floor(random() * count) }, () =>
        Math.floor(random() * count),
      );
      // Few distinct values, so ties between extremes are common.
      const { slots, values } = series(count, missing, () => Math.floor(random() * 5));
      const g = grid(1 + Math.floor(random() * 80), count);
      expect(downsampleMinMax(slots, values, g)).toEqual(reference(slots, values, g));
    }
  });

  it('draws nothing for nothing', () => {
    expect(downsampleMinMax([], [], grid(10))).toEqual({ xs: [], ys: [] });
  });
});
