import { readFile } from 'node:fs/promises';
import type { ArchiveDefect } from '@oi/binance-sim';
import { COIN_M_SERIES_COLUMNS, dayFilePath, readRows, type TimeRange } from '@oi/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { readArchiveState } from '../archive/archive-state.ts';
import { scanGaps } from '../gaps/scan-gaps.ts';
import { expectedSlots } from '../grid/slot-grid.ts';
import { startCoinMHarness } from '../test-support/coin-m-harness.ts';
import type { Harness, HarnessOptions } from '../test-support/harness.ts';
import { type RunBackfillOptions, runBackfill } from './run-backfill.ts';

const SLOT_MS = 300_000;
const DAY_MS = 86_400_000;
const at = (iso: string): number => Date.parse(`${iso}Z`);
const slotsOf = (range: TimeRange): number[] =>
  Array.from({ length: (range.endMs - range.startMs) / SLOT_MS }, (_, i) => range.startMs + i * SLOT_MS);

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** A COIN-M harness and a backfill with its cm client, listings and archive. */
async function startCoinM(options: HarnessOptions = {}) {
  const { h, client, listings } = await startCoinMHarness(options);
  harness = h;
  const backfill = (extra: Partial<RunBackfillOptions> & Pick<RunBackfillOptions, 'symbols' | 'range'>) =>
    runBackfill({
      client,
      store: h.store,
      dataDir: h.dataDir,
      clock: h.clock,
      listings,
      signal: new AbortController().signal,
      archive: { client: h.archive },
      ...extra,
    });
  return { h, listings, backfill };
}

/** COIN-M history requests, by the contract type and pair they asked for. */
function coinMHistoryRequests(h: Harness): string[] {
  return h.sim
    .requests()
    .filter((r) => r.path === '/futures/data/openInterestHist' && r.query['pair'] !== undefined)
    .map((r) => `${r.query['pair']} ${r.query['contractType']}`);
}

describe('runBackfill of COIN-M contracts', () => {
  it('35 days of BTCUSD_PERP and ETHUSD_PERP: every servable slot exact in contracts, a missing archive day a gap with its reason', async () => {
    const missingDay = '2025-12-12';
    const defects: ArchiveDefect[] = [
      { market: 'cm', kind: 'missing', symbol: 'ETHUSD_PERP', day: missingDay },
    ];
    const { h, listings, backfill } = await startCoinM({ archiveDefects: defects });
    const nowMs = h.clock.now();
    const todayMs = Math.floor(nowMs / DAY_MS) * DAY_MS;
    const range = { startMs: todayMs - 35 * DAY_MS, endMs: nowMs };
    const symbols = ['BTCUSD_PERP', 'ETHUSD_PERP'];
    const result = await backfill({ symbols, range });

    // The file of a day holds the snapshots from its 00:05 to the next day's 00:00.
    const absent = { startMs: at(`${missingDay}T00:05`), endMs: at(`${missingDay}T00:05`) + DAY_MS };
    const units = { BTCUSD_PERP: ['100', 'BTC'], ETHUSD_PERP: ['10', 'ETH'] } as const;
    for (const symbol of symbols) {
      const [expected] = expectedSlots('5m', range, listings.get(symbol));
      const servable = slotsOf(expected!).filter(
        (slot) => symbol !== 'ETHUSD_PERP' || slot < absent.startMs || slot >= absent.endMs,
      );
      const rows = await readRows(h.dataDir, symbol, '5m', range);
      expect(
        rows.map((row) => row.slotMs),
        symbol,
      ).toEqual(servable);
      for (const row of rows) {
        const truth = h.sim.truth.coinMHistoryValuesAt(symbol, row.slotMs);
        expect([row.openInterest, row.openInterestValue], `${symbol} ${row.slotMs}`).toEqual([
          truth.sumOpenInterest,
          truth.sumOpenInterestValue,
        ]);
        expect(row.extra).toMatchObject({
          source: row.slotMs <= todayMs ? 'archive' : 'api',
          contractSize: units[symbol as keyof typeof units][0],
          valueAsset: units[symbol as keyof typeof units][1],
        });
      }
    }
    const header = (await readFile(dayFilePath(h.dataDir, 'BTCUSD_PERP', '5m', '2025-12-20'), 'utf8')).split(
      '\n',
    )[0];
    expect(header).toBe(COIN_M_SERIES_COLUMNS['5m'].join(','));

    expect(result.unrecoverable.map((g) => [g.symbol, g.range, g.fillableBy, g.detail])).toEqual([
      ['ETHUSD_PERP', absent, 'none', 'beyond-api-retention and archive file missing'],
    ]);
    expect(result.remaining).toEqual(result.unrecoverable);
    expect(result.conflicts).toEqual([]);
    expect(result.archive).toMatchObject({ missing: 1, rejected: 0, failed: 0 });
    // `oi gaps` reads the same reason back.
    const reports = await scanGaps({
      dataDir: h.dataDir,
      symbols,
      series: '5m',
      range,
      nowMs,
      listings,
      source: 'auto',
    });
    expect(reports.flatMap((r) => r.gaps.map((g) => [g.symbol, g.range, g.detail]))).toEqual([
      ['ETHUSD_PERP', absent, 'beyond-api-retention and archive file missing'],
    ]);
    const state = await readArchiveState(h.dataDir, 'ETHUSD_PERP');
    expect(state).toMatchObject({ market: 'cm', days: { [missingDay]: { outcome: 'missing' } } });
    // Archive files were asked under cm, and the API only for what the archive has not published yet.
    const zips = h.sim.requests().filter((r) => r.service === 'archive' && r.path.endsWith('.zip'));
    expect(zips.length).toBeGreaterThan(60);
    expect(zips.every((r) => r.path.startsWith('/data/futures/cm/daily/metrics/'))).toBe(true);
    expect(new Set(coinMHistoryRequests(h))).toEqual(new Set(['BTCUSD PERPETUAL', 'ETHUSD PERPETUAL']));
  });

  const rollMs = at('2025-12-26T08:00');
  const contracts = ['BTCUSD_251226', 'BTCUSD_260327', 'BTCUSD_260626'];

  /** The slots of `range` in which `symbol` held a quarterly role: its own history. */
  const own = (h: Harness, symbol: string, range: TimeRange): number[] =>
    slotsOf(range).filter(
      (slot) =>
        h.sim.truth.contractAt('BTCUSD', 'CURRENT_QUARTER', slot) === symbol ||
        h.sim.truth.contractAt('BTCUSD', 'NEXT_QUARTER', slot) === symbol,
    );

  /** Every quarterly holds exactly its own slots of `range`, each the simulator's snapshot, in contracts; the roll is where it should be. */
  async function expectOwnHistories(h: Harness, range: TimeRange): Promise<void> {
    for (const symbol of contracts) {
      const rows = await readRows(h.dataDir, symbol, '5m', range);
      expect(
        rows.map((row) => row.slotMs),
        symbol,
      ).toEqual(own(h, symbol, range));
      for (const row of rows) {
        const truth = h.sim.truth.coinMHistoryValuesAt(symbol, row.slotMs);
        expect([row.openInterest, row.openInterestValue], `${symbol} ${row.slotMs}`).toEqual([
          truth.sumOpenInterest,
          truth.sumOpenInterestValue,
        ]);
        expect(row.extra).toMatchObject({ contractSize: '100', valueAsset: 'BTC' });
      }
    }
    const delivered = await readRows(h.dataDir, 'BTCUSD_251226', '5m', range);
    expect(delivered.at(-1)?.slotMs).toBe(rollMs - SLOT_MS);
    const next = await readRows(h.dataDir, 'BTCUSD_260626', '5m', range);
    expect(next[0]?.slotMs).toBe(rollMs);
    // The contract that rolled from NEXT_QUARTER to CURRENT_QUARTER has every slot, before and after.
    expect(await readRows(h.dataDir, 'BTCUSD_260327', '5m', range)).toHaveLength(slotsOf(range).length);
  }

  it('quarterlies across the 2025-12-26 roll, from the API: each contract stores exactly its own history, the next one starts at the roll', async () => {
    const { h, backfill } = await startCoinM();
    const nowMs = h.clock.now();
    // Inside the API's 30 days: the client pages the roles and keeps each contract's rows.
    const range = { startMs: at('2025-12-20T00:00'), endMs: Math.floor(nowMs / SLOT_MS) * SLOT_MS - SLOT_MS };
    const result = await backfill({ symbols: contracts, range, source: 'api' });
    expect(result.remaining).toEqual([]);
    expect(result.conflicts).toEqual([]);
    await expectOwnHistories(h, range);
    expect(new Set(coinMHistoryRequests(h))).toEqual(
      new Set(['BTCUSD CURRENT_QUARTER', 'BTCUSD NEXT_QUARTER']),
    );
  });

  it('quarterlies across the 2025-12-26 roll, from the archive: each contract from its own files, the roll where it should be', async () => {
    const { h, backfill } = await startCoinM();
    const range = { startMs: at('2025-12-01T00:00'), endMs: at('2026-01-10T00:00') };
    const result = await backfill({ symbols: contracts, range, source: 'archive' });
    expect(result.remaining).toEqual([]);
    expect(result.conflicts).toEqual([]);
    expect(result.requests).toBe(0);
    await expectOwnHistories(h, range);
    const asked = h.sim.requests().filter((r) => r.service === 'archive' && r.path.endsWith('.zip'));
    expect(asked.some((r) => r.path.endsWith('/BTCUSD_251226-metrics-2025-12-26.zip'))).toBe(true);
    expect(asked.some((r) => r.path.endsWith('/BTCUSD_260626-metrics-2025-12-26.zip'))).toBe(true);
  });
});
