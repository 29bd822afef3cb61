import { describe, expect, it } from 'vitest';
import { ceilToSlot, countSlots, expectedSlots, floorToSlot } from './slot-grid.ts';

const DAY = Date.UTC(2026, 8, 1);
const M = 60_000;

describe('slot rounding', () => {
  it.each([
    { ms: DAY, series: '1m' as const, floor: DAY, ceil: DAY },
    { ms: DAY + 1, series: '1m' as const, floor: DAY, ceil: DAY + M },
    { ms: DAY + 4 * M + 59_999, series: '5m' as const, floor: DAY, ceil: DAY + 5 * M },
    { ms: DAY - 1, series: '5m' as const, floor: DAY - 5 * M, ceil: DAY },
  ])('$ms on $series', ({ ms, series, floor, ceil }) => {
    expect(floorToSlot(ms, series)).toBe(floor);
    expect(ceilToSlot(ms, series)).toBe(ceil);
  });
});

describe('expectedSlots', () => {
  const range = { startMs: DAY, endMs: DAY + 60 * M };
  it.each([
    { name: 'no listing: the whole range', series: '5m' as const, listing: undefined, out: [range] },
    {
      name: 'unaligned range rounds inward to slot instants',
      series: '5m' as const,
      range: { startMs: DAY + 1, endMs: DAY + 10 * M + 1 },
      listing: undefined,
      out: [{ startMs: DAY + 5 * M, endMs: DAY + 15 * M }],
    },
    {
      name: 'listed mid-range: starts at the first slot at or after onboardDate',
      series: '5m' as const,
      listing: { onboardDateMs: DAY + 7 * M },
      out: [{ startMs: DAY + 10 * M, endMs: DAY + 60 * M }],
    },
    {
      name: 'delisted mid-range: stops before the delivery time',
      series: '1m' as const,
      listing: { onboardDateMs: 0, deliveryDateMs: DAY + 30 * M + 1 },
      out: [{ startMs: DAY, endMs: DAY + 31 * M }],
    },
    {
      name: 'delivery exactly on a slot excludes that slot',
      series: '1m' as const,
      listing: { onboardDateMs: 0, deliveryDateMs: DAY + 30 * M },
      out: [{ startMs: DAY, endMs: DAY + 30 * M }],
    },
    {
      name: 'listed after the range: nothing',
      series: '1m' as const,
      listing: { onboardDateMs: DAY + 61 * M },
      out: [],
    },
  ])('$name', ({ series, listing, out, ...rest }) => {
    expect(expectedSlots(series, rest.range ?? range, listing)).toEqual(out);
  });

  it('counts slots', () => {
    const grid = expectedSlots('5m', range);
    expect(countSlots(grid, '5m')).toBe(12);
    expect(countSlots(expectedSlots('1m', range), '1m')).toBe(60);
  });
});
