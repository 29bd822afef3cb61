import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { parseJson, useTemporaryDirectory } from '../../test-support/e2e.ts';

const directory = useTemporaryDirectory('oi-demo-');

describe('oi demo', () => {
  it('runs end to end on the virtual clock in well under a minute', async () => {
    const started = performance.now();
    const run = await runOi(['demo', '--minutes', '3', '--days', '1', '--data-dir', 'demo', '--json'], {
      cwd: directory.path,
    });
    const realMs = performance.now() - started;
    expect(run.code).toBe(0);
    const result = parseJson(run.stdout) as {
      collector: { ticks: number; rows: number; missedSlots: number };
    };
    expect(result.collector).toMatchObject({ ticks: 3, rows: 15, missedSlots: 0 });
    expect(realMs).toBeLessThan(60_000);
    const oneMinuteFiles = await readdir(join(directory.path, 'demo/open_interest/BTCUSDT/1m'));
    expect(oneMinuteFiles).toEqual(['BTCUSDT-oi-2026-01-15.csv']);
    expect((await stat(join(directory.path, 'demo/logs'))).isDirectory()).toBe(true);
  });
});
