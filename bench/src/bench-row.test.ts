import { describe, expect, it } from 'vitest';
import { budgetMinimumMs } from './backfill.ts';
import { formatTable, round } from './bench-row.ts';

describe('formatTable', () => {
  it('aligns columns and marks met, missed and untargeted rows', () => {
    const table = formatTable([
      { benchmark: 'a', size: '1', figures: {}, summary: 'fast', target: '< 1 s', met: true },
      { benchmark: 'longer', size: '22', figures: {}, summary: 'slow', target: '< 1 s', met: false },
      { benchmark: 'c', size: '3', figures: {}, summary: 'n/a', target: '', met: undefined },
    ]);
    expect(table.split('\n')).toEqual([
      'benchmark  size  result  target',
      '---------  ----  ------  ------  ------',
      'a          1     fast    < 1 s   met',
      'longer     22    slow    < 1 s   MISSED',
      'c          3     n/a',
    ]);
  });
});

describe('budgetMinimumMs', () => {
  it('is the time the budget needs to allow the requests', () => {
    // The floor: 500 symbols x 18 requests at 1000 per 5 minutes take 45 minutes.
    expect(budgetMinimumMs(9000, { requests: 1000, windowMs: 300_000 })).toBe(45 * 60_000);
    expect(budgetMinimumMs(1800)).toBe(9000);
  });
});

describe('round', () => {
  it('rounds to the given decimals', () => {
    expect(round(1.26, 1)).toBe(1.3);
    expect(round(1499.5)).toBe(1500);
  });
});
