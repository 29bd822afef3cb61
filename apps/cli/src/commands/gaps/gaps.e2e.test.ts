import { describe, expect, it } from 'vitest';
import { parseJson, useE2eWorld, yesterdayFlags } from '../../test-support/e2e.ts';

// `oi gaps` as a child process, over a data directory holding yesterday's 5m rows of two symbols.

const world = useE2eWorld({ seedYesterday: true });

describe('oi gaps', () => {
  it('reports coverage per symbol and series', async () => {
    const run = await world.oi([
      'gaps',
      '--series',
      '5m',
      ...yesterdayFlags(),
      '--data-dir',
      'data',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const result = parseJson(run.stdout) as {
      reports: { symbol: string; coveragePercent: number; expectedSlots: number }[];
    };
    expect(result.reports.map((r) => [r.symbol, r.expectedSlots, r.coveragePercent])).toEqual([
      ['BTCUSDT', 288, 100],
      ['ETHUSDT', 288, 100],
    ]);
    const text = await world.oi(['gaps', '-S', 'BTCUSDT', ...yesterdayFlags(), '--data-dir', 'data']);
    expect(text.stdout).toMatch(/BTCUSDT\s+1m\s+1440\s+0\s+0\.00%\s+0\s+1440/);
    expect(text.stdout).toMatch(/cannot be recovered \(live-only\)/);
  });
});
