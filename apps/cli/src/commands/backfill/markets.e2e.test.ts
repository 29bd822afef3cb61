import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readRows } from '@oi/storage';
import { runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  dayKey,
  parseJson,
  simulatorUrls,
  useSimulator,
  useTemporaryDirectory,
  yesterdayStartMs,
} from '../../test-support/e2e.ts';

// `oi backfill` over both markets: COIN-M contracts beside USDⓈ-M symbols, each market's rows from
// its own API and archive, in its own units, and a missing COIN-M archive day reported as a gap.

const FROM_MS = yesterdayStartMs() - 34 * DAY_MS;
const MISSING_MS = yesterdayStartMs() - 32 * DAY_MS;
const MISSING_DAY = dayKey(MISSING_MS);
const simulator = useSimulator({
  seed: 8,
  archiveDefects: [{ market: 'cm', symbol: 'ETHUSD_PERP', day: MISSING_DAY, kind: 'missing' }],
});
const work = useTemporaryDirectory('oi-markets-');
const oi = (args: readonly string[]) =>
  runOi([...args, ...simulatorUrls(simulator.sim.url), '--yes'], { cwd: work.path, timeoutMs: 240_000 });
const range = ['--from', dayKey(FROM_MS), '--to', dayKey(yesterdayStartMs())];

describe('oi backfill --market', () => {
  it('all: 35 days of USDⓈ-M and COIN-M, every servable slot exact in its own units, the missing COIN-M day a gap', async () => {
    const symbols = 'BTCUSDT,BTCUSD_PERP,ETHUSD_PERP';
    const run = await oi([
      'backfill',
      '--market',
      'all',
      '-S',
      symbols,
      ...range,
      '--data-dir',
      'all',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(3);
    const result = parseJson(run.stdout);
    expect(result).toMatchObject({ markets: ['um', 'cm'], symbols: symbols.split(',') });
    expect(result['taskIds']).toHaveLength(2);

    const dataDir = join(work.path, 'all');
    const endMs = yesterdayStartMs() + DAY_MS;
    const { sim } = simulator;
    for (const symbol of ['BTCUSD_PERP', 'ETHUSD_PERP']) {
      const rows = await readRows(dataDir, symbol, '5m', { startMs: FROM_MS, endMs });
      const missing = symbol === 'ETHUSD_PERP' ? 288 : 0;
      expect(rows).toHaveLength(35 * 288 - missing);
      for (const row of rows) {
        const truth = sim.truth.coinMHistoryValuesAt(symbol, row.slotMs);
        expect({ symbol, slot: row.slotMs, oi: row.openInterest, value: row.openInterestValue }).toEqual({
          symbol,
          slot: row.slotMs,
          oi: truth.sumOpenInterest,
          value: truth.sumOpenInterestValue,
        });
        expect(row.extra).toMatchObject({ contractSize: symbol === 'BTCUSD_PERP' ? '100' : '10' });
      }
      // COIN-M files are labelled at the start of each period: day D's file holds the snapshots of
      // D 00:05 up to D+1 00:00, and those are the slots its absence leaves empty.
      const lost = (slotMs: number) => slotMs > MISSING_MS && slotMs <= MISSING_MS + DAY_MS;
      expect(rows.filter((row) => lost(row.slotMs)).length).toBe(missing > 0 ? 0 : 288);
    }
    const header = (
      await readFile(join(dataDir, 'open_interest/BTCUSDT/5m', `BTCUSDT-oi-5m-${MISSING_DAY}.csv`), 'utf8')
    ).split('\n')[0];
    expect(header).toBe(
      'timestamp,datetime_utc,openInterest,sumOpenInterestValue,CMCCirculatingSupply,source',
    );
    expect(await readRows(dataDir, 'BTCUSDT', '5m', { startMs: FROM_MS, endMs })).toHaveLength(35 * 288);

    // The gap is the COIN-M day alone, named with why nothing can fill it.
    const gaps = await oi(['gaps', '-S', symbols, '--series', '5m', ...range, '--data-dir', 'all', '--json']);
    const reports = parseJson(gaps.stdout)['reports'] as {
      symbol: string;
      gaps: unknown[];
    }[];
    const withGaps = reports.filter((report) => report.gaps.length > 0);
    expect(withGaps.map((report) => report.symbol)).toEqual(['ETHUSD_PERP']);
    expect(withGaps[0]?.gaps).toEqual([
      expect.objectContaining({
        range: { startMs: MISSING_MS + 300_000, endMs: MISSING_MS + DAY_MS + 300_000 },
        fillableBy: 'none',
        detail: 'beyond-api-retention and archive file missing',
      }),
    ]);

    // Each market's task is recorded with its market, so `oi resume` sends it to the right API.
    const journal = JSON.parse(await readFile(join(dataDir, 'state/running_tasks.json'), 'utf8')) as {
      tasks: { symbols: string[]; options: Record<string, unknown> }[];
    };
    expect(journal.tasks.map((task) => [task.symbols, task.options['market'] ?? 'um'])).toEqual([
      [['BTCUSDT'], 'um'],
      [['BTCUSD_PERP', 'ETHUSD_PERP'], 'cm'],
    ]);
  }, 300_000);

  it('cm with --symbols all takes every trading COIN-M perpetual, and a USDⓈ-M symbol under --market cm is unknown', async () => {
    const day = ['--from', dayKey(yesterdayStartMs()), '--to', dayKey(yesterdayStartMs())];
    const run = await oi(['backfill', '--market', 'cm', '-S', 'all', ...day, '--data-dir', 'cm', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const listed = simulator.sim.truth
      .listedSymbolsAt('cm', Date.now())
      .filter(
        (symbol) =>
          symbol.endsWith('_PERP') &&
          simulator.sim.truth.symbolStateAt(symbol, Date.now()).status === 'TRADING',
      );
    expect(parseJson(run.stdout)['symbols']).toEqual(listed);

    const wrong = await oi(['backfill', '--market', 'cm', '-S', 'BTCUSDT', ...day, '--data-dir', 'cm']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /unknown symbol BTCUSDT: expected symbols listed by .*\/dapi\/v1\/exchangeInfo/,
    );
  }, 300_000);
});
