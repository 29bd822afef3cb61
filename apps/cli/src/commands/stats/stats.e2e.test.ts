import { describe, expect, it } from 'vitest';
import { parseJson, useE2eWorld } from '../../test-support/e2e.ts';

// `oi stats` as a child process, over a data directory holding yesterday's 5m rows of two symbols.

const world = useE2eWorld({ seedYesterday: true });

describe('oi stats', () => {
  it('counts the files and rows written, also in the old --stats form', async () => {
    const run = await world.oi(['stats', '--data-dir', 'data', '--json']);
    expect(run.code).toBe(0);
    const result = parseJson(run.stdout) as { total: { rows: number; files: number } };
    expect(result.total).toMatchObject({ rows: 576, files: 2 });
    const text = await world.oi(['--stats', '--data-dir', 'data']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^BTCUSDT\s+5m\s+1\s+288\s/m);
  });
});
