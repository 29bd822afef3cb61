import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { parseJson, useTemporaryDirectory } from '../../test-support/e2e.ts';

const directory = useTemporaryDirectory('oi-demo-');

describe('oi demo', () => {
  it('runs both markets end to end on the virtual clock, deep history included', async () => {
    const run = await runOi(['demo', '--minutes', '3', '--days', '60', '--data-dir', 'demo', '--json'], {
      cwd: directory.path,
    });
    expect(run.code).toBe(0);
    const result = parseJson(run.stdout) as {
      collector: { ticks: number; rows: number; missedSlots: number; markets: { market: string }[] };
      backfill: { slotsWrittenBySource: { api: number; archive: number }; archive: { stored: number } };
      gaps: { history: { reports: { symbol: string; gaps: { fillableBy: string; detail: string }[] }[] } };
    };
    // 3 ticks of each market: 5 USDⓈ-M symbols and 2 COIN-M contracts.
    expect(result.collector).toMatchObject({ ticks: 6, rows: 21, missedSlots: 0 });
    expect(result.collector.markets.map((each) => each.market)).toEqual(['um', 'cm']);
    // 60 finished days of 7 symbols from the archive but three files (the demo's defects); the API
    // gives today and the missing file inside its 30 days; the older missing or rejected ones stay gaps.
    expect(result.backfill.archive.stored).toBe(7 * 60 - 3);
    expect(result.backfill.slotsWrittenBySource.archive).toBeGreaterThan(7 * 57 * 288);
    expect(result.backfill.slotsWrittenBySource.api).toBeGreaterThan(288);
    const gaps = result.gaps.history.reports.flatMap((report) =>
      report.gaps.map((gap) => [report.symbol, gap.fillableBy, gap.detail]),
    );
    expect(gaps).toEqual([
      ['ETHUSDT', 'none', 'beyond-api-retention and archive checksum mismatch'],
      ['ETHUSD_PERP', 'none', 'beyond-api-retention and archive file missing'],
    ]);
    const oneMinuteFiles = await readdir(join(directory.path, 'demo/open_interest/BTCUSDT/1m'));
    expect(oneMinuteFiles).toEqual(['BTCUSDT-oi-2026-01-15.csv']);
    const coinM = await readdir(join(directory.path, 'demo/open_interest/BTCUSD_PERP/1m'));
    expect(coinM).toEqual(['BTCUSD_PERP-oi-2026-01-15.csv']);
    expect((await stat(join(directory.path, 'demo/logs'))).isDirectory()).toBe(true);
  });
});
