import { describe, expect, it } from 'vitest';
import { testGap } from '../test-support/test-gap.ts';
import { coalesceGaps, commonGaps } from './chart-gaps.ts';

const gap = testGap;

describe('coalesceGaps', () => {
  it('merges gaps of one kind closer than a bucket and keeps lost and fillable apart', () => {
    const gaps = [
      gap(0, 300_000, 'none'),
      gap(600_000, 900_000, 'none'),
      gap(5_000_000, 5_300_000, 'none'),
      gap(900_000, 1_200_000, 'api'),
    ];
    expect(coalesceGaps(gaps, 1_000_000)).toEqual([
      { range: { startMs: 900_000, endMs: 1_200_000 }, lost: false },
      { range: { startMs: 0, endMs: 900_000 }, lost: true },
      { range: { startMs: 5_000_000, endMs: 5_300_000 }, lost: true },
    ]);
  });
});

describe('commonGaps', () => {
  const chartGap = (startMs: number, endMs: number, lost: boolean) => ({ range: { startMs, endMs }, lost });

  it('keeps only the time every series misses, lost only where every series lost it', () => {
    const fiveMinute = [chartGap(100, 200, false), chartGap(500, 600, true)];
    const oneMinute = [chartGap(0, 1_000, true)];
    expect(commonGaps([fiveMinute, oneMinute])).toEqual([
      chartGap(100, 200, false),
      chartGap(500, 600, true),
    ]);
    expect(commonGaps([fiveMinute, [chartGap(150, 550, true)]])).toEqual([
      chartGap(150, 200, false),
      chartGap(500, 550, true),
    ]);
  });

  it('is the gaps themselves for one series, and nothing when one series has none', () => {
    const gaps = [chartGap(0, 10, true)];
    expect(commonGaps([gaps])).toEqual(gaps);
    expect(commonGaps([gaps, []])).toEqual([]);
    expect(commonGaps([])).toEqual([]);
  });
});
