import { hasErrorCode } from '@oi/errors';
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryRow } from '../api/open-interest-history.ts';
import type { VirtualClock } from '../clock/virtual-clock.ts';
import type { Simulator, SimulatorOptions } from '../simulator.ts';
import { getText } from '../test-support/http.ts';
import { virtualSims } from '../test-support/virtual-sims.ts';

const MINUTE = 60_000;
const FIVE_MIN = 300_000;
const START = Date.UTC(2026, 0, 15, 12, 0, 0);
const HIST = '/futures/data/openInterestHist';

const sims = virtualSims(START);
let clock: VirtualClock;

afterEach(() => sims.closeAll());

async function open(options: SimulatorOptions = {}): Promise<Simulator> {
  const opened = await sims.open(options);
  clock = opened.clock;
  return opened.sim;
}

async function listed(sim: Simulator, api: 'fapi' | 'dapi'): Promise<Record<string, unknown>[]> {
  return ((await getText(sim.url, `/${api}/v1/exchangeInfo`)).json as { symbols: Record<string, unknown>[] })
    .symbols;
}

const find = (symbols: Record<string, unknown>[], name: string) => symbols.find((s) => s['symbol'] === name);

describe('listings and delistings on the simulator clock [2.3][3.3]', () => {
  it('[2.3] a listing appears in exchangeInfo at its instant (unknown before), history from its onboard date', async () => {
    const atMs = START + 10 * MINUTE;
    const sim = await open({
      listings: [
        { symbol: 'FRESHUSDT', atMs },
        { symbol: 'FRESHUSD_PERP', atMs },
      ],
    });
    expect(sim.universe.find((s) => s.symbol === 'FRESHUSDT')).toMatchObject({
      role: 'listing',
      market: 'um',
      status: 'PENDING_TRADING',
      onboardDateMs: atMs,
    });
    expect(sim.coinMUniverse.find((s) => s.symbol === 'FRESHUSD_PERP')).toMatchObject({
      pair: 'FRESHUSD',
      contractSize: 10,
      role: 'listing',
    });
    expect(find(await listed(sim, 'fapi'), 'FRESHUSDT')).toBeUndefined();
    expect(find(await listed(sim, 'dapi'), 'FRESHUSD_PERP')).toBeUndefined();
    expect((await getText(sim.url, '/fapi/v1/openInterest?symbol=FRESHUSDT')).json).toMatchObject({
      code: -1121,
    });
    expect((await getText(sim.url, '/fapi/v1/premiumIndex')).text).not.toContain('FRESHUSDT');

    await clock.advance(10 * MINUTE);
    expect(find(await listed(sim, 'fapi'), 'FRESHUSDT')).toMatchObject({
      status: 'TRADING',
      onboardDate: atMs,
    });
    expect(find(await listed(sim, 'dapi'), 'FRESHUSD_PERP')).toMatchObject({ contractStatus: 'TRADING' });
    expect((await getText(sim.url, '/dapi/v1/openInterest?symbol=FRESHUSD_PERP')).status).toBe(200);
    await clock.advance(MINUTE);
    const rows = (await getText(sim.url, `${HIST}?symbol=FRESHUSDT&period=5m`)).json as HistoryRow[];
    expect(rows.map((row) => row.timestamp)).toEqual([atMs]);
    expect(sim.truth.listedSymbolsAt('um', atMs - 1)).not.toContain('FRESHUSDT');
    expect(sim.truth.listedSymbolsAt('um', atMs)).toContain('FRESHUSDT');
  });

  it('[2.6][2.7] a delisting: SETTLING and -4108 from its instant, history up to it, gone after removeAtMs', async () => {
    const atMs = START + 20 * MINUTE;
    const removeAtMs = atMs + 60 * MINUTE;
    const sim = await open({
      delistings: [
        { symbol: 'SOLUSDT', atMs, removeAtMs },
        { symbol: 'ADAUSD_PERP', atMs },
      ],
    });
    expect(find(await listed(sim, 'fapi'), 'SOLUSDT')).toMatchObject({
      status: 'TRADING',
      deliveryDate: atMs,
    });
    expect((await getText(sim.url, '/fapi/v1/openInterest?symbol=SOLUSDT')).status).toBe(200);
    await clock.advance(20 * MINUTE);
    expect(find(await listed(sim, 'fapi'), 'SOLUSDT')).toMatchObject({ status: 'SETTLING' });
    expect(find(await listed(sim, 'dapi'), 'ADAUSD_PERP')).toMatchObject({
      contractStatus: 'DELIVERING',
      contractType: 'PERPETUAL_DELIVERING',
    });
    for (const path of ['/fapi/v1/openInterest?symbol=SOLUSDT', '/dapi/v1/openInterest?symbol=ADAUSD_PERP']) {
      expect((await getText(sim.url, path)).json).toMatchObject({ code: -4108 });
    }
    await clock.advance(2 * 60 * MINUTE);
    expect(find(await listed(sim, 'fapi'), 'SOLUSDT')).toBeUndefined();
    expect((await getText(sim.url, '/fapi/v1/openInterest?symbol=SOLUSDT')).json).toMatchObject({
      code: -1121,
    });
    expect(find(await listed(sim, 'dapi'), 'ADAUSD_PERP')).toMatchObject({ contractStatus: 'DELIVERED' });
    // History stays servable after the removal, and stops at the delisting slot.
    const tail = (await getText(sim.url, `${HIST}?symbol=SOLUSDT&period=5m&limit=2`)).json as HistoryRow[];
    expect(tail.map((row) => row.timestamp)).toEqual([atMs - FIVE_MIN, atMs]);
    const coinM = (await getText(sim.url, `${HIST}?pair=ADAUSD&contractType=PERPETUAL&period=5m&limit=1`))
      .json;
    expect(coinM).toMatchObject([{ timestamp: atMs }]);
  });

  it('[1] invalid listings and delistings fail with SIM_INVALID_OPTION', async () => {
    const cases: SimulatorOptions[] = [
      { listings: [{ symbol: 'BTCUSDT', atMs: START }] },
      { listings: [{ symbol: 'fresh', atMs: START }] },
      { listings: [{ symbol: 'FRESHUSDT', atMs: Number.NaN }] },
      { delistings: [{ symbol: 'NOPEUSDT', atMs: START }] },
      { delistings: [{ symbol: 'BTCUSD_260327', atMs: START }] },
      { delistings: [{ symbol: 'DELISTEDUSDT', atMs: START }] },
      { delistings: [{ symbol: 'SOLUSDT', atMs: START, removeAtMs: START - 1 }] },
    ];
    for (const options of cases) {
      const failure = await open(options).catch((error: unknown) => error);
      expect(hasErrorCode(failure, 'SIM_INVALID_OPTION'), JSON.stringify(options)).toBe(true);
    }
  });

  it('[2.3][3.3] the universe of both markets reaches 600+ live symbols (extraSymbols + coinMExtraSymbols)', async () => {
    const sim = await open({ extraSymbols: 560, coinMExtraSymbols: 40 });
    const um = (await listed(sim, 'fapi')).filter((s) => s['status'] === 'TRADING');
    const cm = (await listed(sim, 'dapi')).filter((s) => s['contractStatus'] === 'TRADING');
    expect(um.length + cm.length).toBeGreaterThanOrEqual(600);
    const extras = sim.coinMUniverse.filter((s) => s.role === 'coin-m-extra');
    expect(extras.map((s) => s.symbol).slice(0, 2)).toEqual(['SIM0001USD_PERP', 'SIM0002USD_PERP']);
    expect(new Set([...sim.universe, ...sim.coinMUniverse].map((s) => s.symbol)).size).toBe(
      sim.universe.length + sim.coinMUniverse.length,
    );
    // Every listed contract has a mark price: the trading ones and the two delivered quarterlies.
    const marks = (await getText(sim.url, '/dapi/v1/premiumIndex')).json as unknown[];
    expect(marks).toHaveLength(cm.length + 2);
    const oi = (await getText(sim.url, '/dapi/v1/openInterest?symbol=SIM0040USD_PERP')).json as {
      openInterest: string;
    };
    expect(oi.openInterest).toMatch(/^\d+$/);
  });
});
