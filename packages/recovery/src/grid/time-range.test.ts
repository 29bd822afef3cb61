import type { TimeRange } from '@oi/storage';
import { describe, expect, it } from 'vitest';
import { intersectRanges, mergeRanges, subtractRanges } from './time-range.ts';

const r = (startMs: number, endMs: number): TimeRange => ({ startMs, endMs });

describe('mergeRanges', () => {
  it.each([
    { name: 'empty', input: [], out: [] },
    { name: 'drops empty ranges', input: [r(5, 5), r(1, 2)], out: [r(1, 2)] },
    { name: 'sorts and merges touching', input: [r(3, 4), r(1, 3)], out: [r(1, 4)] },
    { name: 'merges overlap, keeps the far end', input: [r(1, 10), r(2, 3)], out: [r(1, 10)] },
    { name: 'keeps disjoint apart', input: [r(5, 6), r(1, 2)], out: [r(1, 2), r(5, 6)] },
  ])('$name', ({ input, out }) => {
    expect(mergeRanges(input)).toEqual(out);
  });
});

describe('subtractRanges', () => {
  it.each([
    { name: 'nothing removed', from: [r(0, 10)], remove: [], out: [r(0, 10)] },
    { name: 'hole in the middle', from: [r(0, 10)], remove: [r(3, 5)], out: [r(0, 3), r(5, 10)] },
    { name: 'covers the start', from: [r(0, 10)], remove: [r(-5, 2)], out: [r(2, 10)] },
    { name: 'covers the end', from: [r(0, 10)], remove: [r(8, 20)], out: [r(0, 8)] },
    { name: 'covers all', from: [r(0, 10)], remove: [r(0, 10)], out: [] },
    {
      name: 'several holes over several ranges',
      from: [r(0, 10), r(20, 30)],
      remove: [r(2, 3), r(9, 21), r(25, 26)],
      out: [r(0, 2), r(3, 9), r(21, 25), r(26, 30)],
    },
  ])('$name', ({ from, remove, out }) => {
    expect(subtractRanges(from, remove)).toEqual(out);
  });
});

describe('intersectRanges', () => {
  it.each([
    { name: 'disjoint', a: [r(0, 5)], b: [r(5, 9)], out: [] },
    { name: 'overlap', a: [r(0, 5)], b: [r(3, 9)], out: [r(3, 5)] },
    { name: 'many', a: [r(0, 10), r(20, 30)], b: [r(5, 25)], out: [r(5, 10), r(20, 25)] },
  ])('$name', ({ a, b, out }) => {
    expect(intersectRanges(a, b)).toEqual(out);
    expect(intersectRanges(b, a)).toEqual(out);
  });
});
