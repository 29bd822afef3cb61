import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { parseJson, useTemporaryDirectory } from '../../test-support/e2e.ts';

const directory = useTemporaryDirectory('oi-demo-');

describe('oi demo', () => {
  it('runs end to end on the virtual clock in well under a minute, deep history included', async () => {
    const started = performance.now();
    const run = await runOi(['demo', '--minutes', '3', '--days', '60', '--data-dir', 'demo', '--json'], {
      cwd: directory.path,
    });
    const realMs = performance.now() - started;
    expect(run.code).toBe(0);
    const result = parseJson(run.stdout) as {
      collector: { ticks: number; rows: number; missedSlots: number };
      backfill: { slotsWrittenBySource: { api: number; archive: number }; archive: { stored: number } };
      gaps: { history: { reports: { symbol: string; gaps: { fillableBy: string; detail: string }[] }[] } };
    };
    expect(result.collector).toMatchObject({ ticks: 3, rows: 15, missedSlots: 0 });
    // 60 finished days of 5 symbols from the archive but two files (the demo's defects); the API
    // gives today and the missing file inside its 30 days; the older rejected file stays a gap.
    expect(result.backfill.archive.stored).toBe(5 * 60 - 2);
    expect(result.backfill.slotsWrittenBySource.archive).toBeGreaterThan(5 * 58 * 288);
    expect(result.backfill.slotsWrittenBySource.api).toBeGreaterThan(288);
    const gaps = result.gaps.history.reports.flatMap((report) =>
      report.gaps.map((gap) => [report.symbol, gap.fillableBy, gap.detail]),
    );
    expect(gaps).toEqual([['ETHUSDT', 'none', 'beyond-api-retention and archive checksum mismatch']]);
    expect(realMs).toBeLessThan(60_000);
    const oneMinuteFiles = await readdir(join(directory.path, 'demo/open_interest/BTCUSDT/1m'));
    expect(oneMinuteFiles).toEqual(['BTCUSDT-oi-2026-01-15.csv']);
    expect((await stat(join(directory.path, 'demo/logs'))).isDirectory()).toBe(true);
  });
});
