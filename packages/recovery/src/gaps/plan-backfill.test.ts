import { describe, expect, it } from 'vitest';
import type { Gap } from './find-gaps.ts';
import { planBackfill } from './plan-backfill.ts';

const S = 300_000;
const T0 = Date.UTC(2026, 8, 1);

function gap(symbol: string, fromSlot: number, toSlot: number, fillableBy = 'api'): Gap {
  return {
    symbol,
    series: '5m',
    range: { startMs: T0 + fromSlot * S, endMs: T0 + toSlot * S },
    slots: toSlot - fromSlot,
    fillableBy,
    reason: fillableBy === 'api' ? 'api-retention' : 'beyond-api-retention',
    causes: [],
    detail: fillableBy === 'api' ? 'api can fill' : 'beyond-api-retention',
  };
}

/** Windows as [symbol, first slot index, end slot index, missing slots]. */
function plan(gaps: Gap[]): [string, number, number, number][] {
  return planBackfill(gaps).map((w) => [
    w.symbol,
    (w.range.startMs - T0) / S,
    (w.range.endMs - T0) / S,
    w.missingSlots,
  ]);
}

describe('planBackfill', () => {
  it.each([
    { name: 'no gaps, no requests', gaps: [], out: [] },
    { name: 'one small gap, one trimmed window', gaps: [gap('A', 10, 13)], out: [['A', 10, 13, 3]] },
    {
      name: 'scattered gaps within 500 slots share one request',
      gaps: [gap('A', 0, 1), gap('A', 200, 210), gap('A', 499, 500)],
      out: [['A', 0, 500, 12]],
    },
    {
      name: 'a gap starting at slot 500 needs a second window',
      gaps: [gap('A', 0, 1), gap('A', 500, 501)],
      out: [
        ['A', 0, 1, 1],
        ['A', 500, 501, 1],
      ],
    },
    {
      name: 'a long gap is cut into full windows',
      gaps: [gap('A', 0, 1201)],
      out: [
        ['A', 0, 500, 500],
        ['A', 500, 1000, 500],
        ['A', 1000, 1201, 201],
      ],
    },
    {
      name: 'a gap straddling a window edge continues in the next window at its first uncovered slot',
      gaps: [gap('A', 100, 101), gap('A', 590, 610), gap('A', 1050, 1060)],
      out: [
        ['A', 100, 600, 11],
        ['A', 600, 1060, 20],
      ],
    },
    {
      name: 'unsorted, overlapping and adjacent gaps are merged first',
      gaps: [gap('A', 20, 30), gap('A', 0, 10), gap('A', 10, 25)],
      out: [['A', 0, 30, 30]],
    },
    {
      name: 'symbols are planned separately',
      gaps: [gap('A', 0, 5), gap('B', 0, 5), gap('A', 7, 9)],
      out: [
        ['A', 0, 9, 7],
        ['B', 0, 5, 5],
      ],
    },
    {
      name: 'gaps no API can fill are left out',
      gaps: [gap('A', 0, 5, 'none'), gap('A', 10, 12, 'archive'), gap('A', 20, 21)],
      out: [['A', 20, 21, 1]],
    },
  ])('$name', ({ gaps, out }) => {
    expect(plan(gaps)).toEqual(out);
  });

  it('uses the fewest windows for a 30-day hole (8640 slots -> 18 requests)', () => {
    const windows = planBackfill([gap('A', 0, 8640)]);
    expect(windows).toHaveLength(18);
    expect(windows.every((w) => w.range.endMs - w.range.startMs <= 500 * S)).toBe(true);
  });

  it('ignores 1m gaps', () => {
    const oneMinute: Gap = { ...gap('A', 0, 5), series: '1m' };
    expect(planBackfill([oneMinute])).toEqual([]);
  });
});
