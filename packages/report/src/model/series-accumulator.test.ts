import { describe, expect, it } from 'vitest';
import { seriesDayOf } from '../test-support/series-day-of.ts';
import { SeriesAccumulator } from './series-accumulator.ts';

const FIVE = 300_000;
const D1 = Date.UTC(2026, 10, 1);
const range = { startMs: D1, endMs: D1 + 2 * 86_400_000 };

function accumulate(rows: readonly [number, string, string, string][], bucketMs = FIVE) {
  const accumulator = new SeriesAccumulator({ range, slotMs: FIVE, bucketMs });
  const testRows = rows.map(([slot, openInterest, openInterestValue, source]) => ({
    slotMs: D1 + slot * FIVE,
    openInterest,
    openInterestValue,
    source,
  }));
  // Fed in two parts, as a reader hands over one day after another.
  const half = Math.ceil(testRows.length / 2);
  accumulator.addDay(seriesDayOf(testRows.slice(0, half)));
  accumulator.addDay(seriesDayOf(testRows.slice(half)));
  return accumulator.result();
}

describe('SeriesAccumulator', () => {
  it('keeps the exact stored decimals of the lowest, highest and last values with their slots', () => {
    const result = accumulate([
      [0, '10.50', '100', 'archive'],
      [1, '9.999', '', 'archive'],
      [2, '12.0', '130.25', 'api'],
      [3, '10.5', '', 'api'],
    ]);
    expect(result.openInterest).toEqual({
      min: { value: '9.999', slotMs: D1 + FIVE },
      max: { value: '12.0', slotMs: D1 + 2 * FIVE },
      last: { value: '10.5', slotMs: D1 + 3 * FIVE },
    });
    // Empty values are unknown, not zero: they are left out of the value's figures and its line.
    expect(result.openInterestValue?.last).toEqual({ value: '130.25', slotMs: D1 + 2 * FIVE });
    expect(result.openInterestValueLine).toEqual({
      xs: [D1, D1 + FIVE, D1 + 2 * FIVE],
      ys: [100, Number.NaN, 130.25],
    });
    expect(result).toMatchObject({ rows: 4, firstSlotMs: D1, lastSlotMs: D1 + 3 * FIVE });
  });

  it('counts rows and sources per day and in total, most rows first', () => {
    const result = accumulate([
      [0, '1', '1', 'archive'],
      [1, '1', '1', 'archive'],
      [288, '1', '1', 'api'],
      [289, '1', '1', 'archive'],
      [290, '1', '1', 'api'],
    ]);
    expect(result.sources).toEqual([
      { source: 'archive', rows: 3 },
      { source: 'api', rows: 2 },
    ]);
    expect([...result.dayRows]).toEqual([
      ['2026-11-01', 2],
      ['2026-11-02', 3],
    ]);
    expect([...result.daySources]).toEqual([
      ['2026-11-01', ['archive']],
      ['2026-11-02', ['api', 'archive']],
    ]);
  });

  it('ignores a row that is not after the previous one', () => {
    const result = accumulate([
      [0, '1', '1', 'api'],
      [0, '2', '2', 'api'],
      [1, '3', '3', 'api'],
    ]);
    expect(result.rows).toBe(2);
    expect(result.openInterestLine.ys).toEqual([1, 3]);
  });

  it('runs sources over adjacent buckets, marks buckets of several sources mixed and stops at empty buckets', () => {
    const bucketMs = 4 * FIVE;
    const result = accumulate(
      [
        [0, '1', '1', 'archive'],
        [4, '1', '1', 'archive'],
        [8, '1', '1', 'archive'],
        [9, '1', '1', 'api'],
        [12, '1', '1', 'api'],
        [20, '1', '1', 'api'],
      ],
      bucketMs,
    );
    expect(result.sourceRuns).toEqual([
      { startMs: D1, endMs: D1 + 2 * bucketMs, source: 'archive' },
      { startMs: D1 + 2 * bucketMs, endMs: D1 + 3 * bucketMs, source: 'mixed' },
      { startMs: D1 + 3 * bucketMs, endMs: D1 + 4 * bucketMs, source: 'api' },
      { startMs: D1 + 5 * bucketMs, endMs: D1 + 6 * bucketMs, source: 'api' },
    ]);
  });

  it('has no figures without rows', () => {
    const result = accumulate([]);
    expect(result).toMatchObject({
      rows: 0,
      firstSlotMs: null,
      lastSlotMs: null,
      openInterest: null,
      sources: [],
    });
  });
});
