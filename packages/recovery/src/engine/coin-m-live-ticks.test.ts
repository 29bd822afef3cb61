import { readFile } from 'node:fs/promises';
import { baseCoinValue } from '@oi/binance-sim';
import { COIN_M_SERIES_COLUMNS, dayFilePath, dayKeyOf, readRows, SERIES_COLUMNS } from '@oi/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { startCoinMHarness } from '../test-support/coin-m-harness.ts';
import { type Harness, startHarness } from '../test-support/harness.ts';
import type { CollectorEvent } from './collector-event.ts';
import { listingsFrom } from './listings.ts';
import { multiplyDecimals } from './multiply-decimals.ts';
import type { CollectorClient } from './ports.ts';
import { runLiveTicks } from './run-live-ticks.ts';

const MINUTE_MS = 60_000;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

type LiveClient = Pick<CollectorClient, 'measureServerTime' | 'openInterest' | 'markPrices'>;

/** Runs live ticks of `symbols` for `durationMs` of virtual time with `client`. */
async function tickFor(
  h: Harness,
  client: LiveClient,
  symbols: readonly string[],
  durationMs: number,
  listings = listingsFrom(h.sim.coinMUniverse),
) {
  const events: CollectorEvent[] = [];
  const stop = new AbortController();
  const startMs = h.clock.now();
  void h.clock.sleep(durationMs).then(() => stop.abort());
  const result = await runLiveTicks({
    client,
    store: h.store,
    dataDir: h.dataDir,
    symbols,
    clock: h.clock,
    signal: stop.signal,
    listings,
    onEvent: (event) => events.push(event),
  });
  return { result, events, startMs };
}

/** Checks every stored row of `symbol` against the simulator: contracts as sent, the value by the rule. */
async function expectCoinMRows(
  h: Harness,
  symbol: string,
  startMs: number,
  minutes: number,
  size: number,
  coin: string,
) {
  const rows = await readRows(h.dataDir, symbol, '1m', { startMs, endMs: h.clock.now() });
  expect(rows).toHaveLength(minutes);
  for (const row of rows) {
    const exchangeTimeMs = Number(row.extra?.['exchangeTime']);
    expect(Math.floor(exchangeTimeMs / MINUTE_MS) * MINUTE_MS).toBe(row.slotMs);
    expect(row.openInterest).toBe(h.sim.truth.coinMOpenInterestAt(symbol, exchangeTimeMs));
    const markPrice = row.extra?.['markPrice'] ?? '';
    expect(markPrice).not.toBe('');
    expect(row.openInterestValue).toBe(baseCoinValue(row.openInterest, size, markPrice));
    expect(row.extra).toMatchObject({ contractSize: String(size), valueAsset: coin });
  }
  return rows;
}

describe('runLiveTicks of COIN-M contracts', () => {
  it('with the cm client: contracts as sent, the value in the base coin by the rule, the unit columns', async () => {
    const { h, client } = await startCoinMHarness();
    harness = h;
    const symbols = ['BTCUSD_PERP', 'ETHUSD_PERP', 'BTCUSD_260327'];
    const { result, events, startMs } = await tickFor(h, client, symbols, 30 * MINUTE_MS);
    expect(result).toMatchObject({ ticks: 30, rows: 90, missedSlots: 0 });
    expect(events.filter((e) => e.type === 'gap-recorded')).toEqual([]);
    const rows = await expectCoinMRows(h, 'BTCUSD_PERP', startMs, 30, 100, 'BTC');
    await expectCoinMRows(h, 'ETHUSD_PERP', startMs, 30, 10, 'ETH');
    await expectCoinMRows(h, 'BTCUSD_260327', startMs, 30, 100, 'BTC');
    // The mark price is the one premiumIndex gave at the exchange's time.
    for (const row of rows) {
      const exchangeTimeMs = Number(row.extra?.['exchangeTime']);
      expect(row.extra?.['markPrice']).toBe(h.sim.truth.coinMMarkPriceAt('BTCUSD_PERP', exchangeTimeMs));
    }
    const path = dayFilePath(h.dataDir, 'BTCUSD_PERP', '1m', dayKeyOf(startMs));
    expect((await readFile(path, 'utf8')).split('\n')[0]).toBe(COIN_M_SERIES_COLUMNS['1m'].join(','));
  });

  it('through the engine port: a COIN-M contract without a contract size keeps its contracts and leaves the value empty; USDⓈ-M rows are as before', async () => {
    harness = await startHarness();
    const h = harness;
    // Answers straight from the simulator's truth at the moment asked, as a client of either market would.
    const client: LiveClient = {
      measureServerTime: async () => ({ serverTimeMs: h.clock.now(), rttMs: 0, offsetMs: 0 }),
      openInterest: async (symbol) => {
        const timeMs = h.clock.now();
        const openInterest = symbol.endsWith('USDT')
          ? h.sim.truth.openInterestAt(symbol, timeMs)
          : h.sim.truth.coinMOpenInterestAt(symbol, timeMs);
        return { symbol, openInterest, timeMs };
      },
      markPrices: async () => {
        const timeMs = h.clock.now();
        return [
          { symbol: 'BTCUSDT', markPrice: h.sim.truth.markPriceAt('BTCUSDT', timeMs), timeMs },
          { symbol: 'ETHUSD_PERP', markPrice: h.sim.truth.coinMMarkPriceAt('ETHUSD_PERP', timeMs), timeMs },
          { symbol: 'BTCUSD_PERP', markPrice: h.sim.truth.coinMMarkPriceAt('BTCUSD_PERP', timeMs), timeMs },
        ];
      },
    };
    const cm = listingsFrom(h.sim.coinMUniverse);
    const eth = cm.get('ETHUSD_PERP')!;
    const { contractSize, ...ethWithoutSize } = eth;
    expect(contractSize).toBe(10);
    const listings = new Map([
      ['BTCUSD_PERP', cm.get('BTCUSD_PERP')!],
      ['ETHUSD_PERP', ethWithoutSize],
    ]);
    const symbols = ['BTCUSDT', 'BTCUSD_PERP', 'ETHUSD_PERP'];
    const { result, startMs } = await tickFor(h, client, symbols, 10 * MINUTE_MS, listings);
    expect(result).toMatchObject({ ticks: 10, rows: 30 });
    await expectCoinMRows(h, 'BTCUSD_PERP', startMs, 10, 100, 'BTC');
    const ethRows = await readRows(h.dataDir, 'ETHUSD_PERP', '1m', { startMs, endMs: h.clock.now() });
    expect(ethRows).toHaveLength(10);
    for (const row of ethRows) {
      expect(row.openInterest).toBe(
        h.sim.truth.coinMOpenInterestAt('ETHUSD_PERP', Number(row.extra?.['exchangeTime'])),
      );
      expect(row.openInterestValue).toBe('');
      expect(row.extra).toMatchObject({ contractSize: '', valueAsset: 'ETH' });
    }
    const usdm = await readRows(h.dataDir, 'BTCUSDT', '1m', { startMs, endMs: h.clock.now() });
    expect(usdm).toHaveLength(10);
    for (const row of usdm) {
      expect(Object.keys(row.extra ?? {})).toEqual(['markPrice', 'exchangeTime']);
      expect(row.openInterestValue).toBe(multiplyDecimals(row.openInterest, row.extra?.['markPrice'] ?? ''));
    }
    const path = dayFilePath(h.dataDir, 'BTCUSDT', '1m', dayKeyOf(startMs));
    expect((await readFile(path, 'utf8')).split('\n')[0]).toBe(SERIES_COLUMNS['1m'].join(','));
  });
});
