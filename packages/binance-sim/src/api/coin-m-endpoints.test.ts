import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { PERPETUAL_DELIVERY_MS } from '../market/universe.ts';
import type { Simulator } from '../simulator.ts';
import { getText, weightOf as weightAt } from '../test-support/http.ts';
import { virtualSims } from '../test-support/virtual-sims.ts';

// 12:00:03.217 UTC: not on any grid, so "time is not aligned" can be observed.
const START = Date.UTC(2026, 0, 15, 12, 0, 3, 217);
const WEIGHT = 'x-mbx-used-weight-1m';

const sims = virtualSims(START);
let sim: Simulator;

beforeAll(async () => {
  ({ sim } = await sims.open({ seed: 5 }));
});
afterAll(() => sims.closeAll());

/** Weight charged by one request, read from the shared header (after a /dapi ping) before and after. */
const weightOf = (path: string): Promise<number> => weightAt(sim.url, path, '/dapi/v1/ping');

type Info = { rateLimits: unknown[]; symbols: Record<string, unknown>[] } & Record<string, unknown>;

describe('COIN-M endpoints (/dapi/v1)', () => {
  it('[3.4] ping answers {} and time the server time, weight 1 each', async () => {
    expect((await getText(sim.url, '/dapi/v1/ping')).text).toBe('{}');
    expect((await getText(sim.url, '/dapi/v1/time')).text).toBe(`{"serverTime":${START}}`);
    expect(await weightOf('/dapi/v1/ping')).toBe(1);
    expect(await weightOf('/dapi/v1/time')).toBe(1);
  });

  it('[3.3] exchangeInfo: contractStatus (no status), contractSize, USD quote, coin margin, the shared rateLimits', async () => {
    const res = await getText(sim.url, '/dapi/v1/exchangeInfo');
    const info = res.json as Info;
    expect(await weightOf('/dapi/v1/exchangeInfo')).toBe(1);
    expect(info['timezone']).toBe('UTC');
    expect(info['serverTime']).toBe(START);
    // [1.2] after the CM-UM integration: one 2400/min limit shared with /fapi.
    expect(info.rateLimits[0]).toEqual({
      rateLimitType: 'REQUEST_WEIGHT',
      interval: 'MINUTE',
      intervalNum: 1,
      limit: 2400,
    });
    const perpetual = info.symbols.find((s) => s['symbol'] === 'BTCUSD_PERP')!;
    expect(perpetual).toMatchObject({
      pair: 'BTCUSD',
      contractType: 'PERPETUAL',
      contractStatus: 'TRADING',
      contractSize: 100,
      deliveryDate: PERPETUAL_DELIVERY_MS,
      onboardDate: Date.UTC(2020, 7, 10, 8),
      quoteAsset: 'USD',
      baseAsset: 'BTC',
      marginAsset: 'BTC',
      equalQtyPrecision: 4,
    });
    expect('status' in perpetual).toBe(false);
    for (const symbol of info.symbols) {
      expect(symbol['contractSize']).toBe(symbol['baseAsset'] === 'BTC' ? 100 : 10);
      expect(symbol['quoteAsset']).toBe('USD');
      expect(symbol['marginAsset']).toBe(symbol['baseAsset']);
    }
    // The roles of the moment (2026-01-15): the March quarterly is current, June next, December delivered.
    const roles = Object.fromEntries(
      info.symbols
        .filter((s) => s['pair'] === 'BTCUSD')
        .map((s) => [s['symbol'], [s['contractType'], s['contractStatus']]]),
    );
    expect(roles).toEqual({
      BTCUSD_PERP: ['PERPETUAL', 'TRADING'],
      BTCUSD_251226: ['CURRENT_QUARTER_DELIVERING', 'DELIVERED'],
      BTCUSD_260327: ['CURRENT_QUARTER', 'TRADING'],
      BTCUSD_260626: ['NEXT_QUARTER', 'TRADING'],
    });
    expect(info.symbols.find((s) => s['symbol'] === 'BTCUSD_260327')!['deliveryDate']).toBe(
      Date.UTC(2026, 2, 27, 8),
    );
    expect(info.symbols.map((s) => s['symbol'])).toEqual(sim.truth.listedSymbolsAt('cm', START));
  });

  it('[3.1] openInterest: contracts as an integer string, pair and contractType, unaligned time, weight 1', async () => {
    const res = await getText(sim.url, '/dapi/v1/openInterest?symbol=BTCUSD_PERP');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /^\{"symbol":"BTCUSD_PERP","pair":"BTCUSD","openInterest":"\d+","contractType":"PERPETUAL","time":\d+\}$/,
    );
    expect(res.json).toEqual({
      symbol: 'BTCUSD_PERP',
      pair: 'BTCUSD',
      openInterest: sim.truth.coinMOpenInterestAt('BTCUSD_PERP', START),
      contractType: 'PERPETUAL',
      time: START,
    });
    const quarterly = (await getText(sim.url, '/dapi/v1/openInterest?symbol=ETHUSD_260626')).json;
    expect(quarterly).toMatchObject({ pair: 'ETHUSD', contractType: 'NEXT_QUARTER' });
    expect(await weightOf('/dapi/v1/openInterest?symbol=ETHUSD_PERP')).toBe(1);
    // A USDⓈ-M symbol is unknown to /dapi, and a COIN-M one to /fapi.
    expect((await getText(sim.url, '/dapi/v1/openInterest?symbol=BTCUSDT')).json).toEqual({
      code: -1121,
      msg: 'Invalid symbol.',
    });
    expect((await getText(sim.url, '/fapi/v1/openInterest?symbol=BTCUSD_PERP')).status).toBe(400);
  });

  it('[3.1][3] a delivered quarterly answers 400 -4108 on openInterest', async () => {
    const res = await getText(sim.url, '/dapi/v1/openInterest?symbol=BTCUSD_251226');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      code: -4108,
      msg: 'Symbol is on delivering or delivered or settling or closed or pre-trading.',
    });
    expect(sim.truth.symbolStateAt('BTCUSD_251226', START)).toEqual({
      listed: true,
      status: 'DELIVERED',
      contractType: 'CURRENT_QUARTER_DELIVERING',
    });
  });

  it('[2.8] premiumIndex: always an array, weight 10, `pair` added, "" funding fields for quarterlies', async () => {
    const one = await getText(sim.url, '/dapi/v1/premiumIndex?symbol=BTCUSD_PERP');
    const [entry] = one.json as Record<string, unknown>[];
    expect(Object.keys(entry!)).toEqual([
      'symbol',
      'pair',
      'markPrice',
      'indexPrice',
      'estimatedSettlePrice',
      'lastFundingRate',
      'interestRate',
      'nextFundingTime',
      'time',
    ]);
    expect(entry!['markPrice']).toBe(sim.truth.coinMMarkPriceAt('BTCUSD_PERP', START));
    expect(entry!['lastFundingRate']).toMatch(/^-?\d+\.\d{8}$/);
    expect(await weightOf('/dapi/v1/premiumIndex?symbol=BTCUSD_PERP')).toBe(10);
    expect(await weightOf('/dapi/v1/premiumIndex')).toBe(10);
    const pair = (await getText(sim.url, '/dapi/v1/premiumIndex?pair=ETHUSD')).json as Record<
      string,
      unknown
    >[];
    expect(pair.map((e) => e['symbol'])).toEqual([
      'ETHUSD_PERP',
      'ETHUSD_251226',
      'ETHUSD_260327',
      'ETHUSD_260626',
    ]);
    for (const quarterly of pair.slice(1)) {
      expect(quarterly).toMatchObject({ lastFundingRate: '', interestRate: '', nextFundingTime: 0 });
    }
    const all = (await getText(sim.url, '/dapi/v1/premiumIndex')).json as unknown[];
    expect(all).toHaveLength(sim.truth.listedSymbolsAt('cm', START).length);
  });

  it('[3.4] ticker/24hr: an array; weight 1 with symbol, 40 without or with a pair; volume in contracts', async () => {
    const [ticker] = (await getText(sim.url, '/dapi/v1/ticker/24hr?symbol=ETHUSD_PERP')).json as Record<
      string,
      unknown
    >[];
    expect(ticker).toMatchObject({ symbol: 'ETHUSD_PERP', pair: 'ETHUSD' });
    expect(ticker!['volume']).toMatch(/^\d+$/);
    expect(ticker!['baseVolume']).toMatch(/^\d+\.\d{8}$/);
    expect('quoteVolume' in ticker!).toBe(false);
    expect(await weightOf('/dapi/v1/ticker/24hr?symbol=ETHUSD_PERP')).toBe(1);
    expect(await weightOf('/dapi/v1/ticker/24hr?pair=ETHUSD')).toBe(40);
    expect(await weightOf('/dapi/v1/ticker/24hr')).toBe(40);
    const both = await getText(sim.url, '/dapi/v1/ticker/24hr?symbol=ETHUSD_PERP&pair=ETHUSD');
    expect(both.status).toBe(400);
    expect(both.json).toEqual({ code: -1128, msg: 'Combination of optional parameters invalid.' });
  });

  it('[1.1] an unknown /dapi path is the HTML 404, charged weight 1 on the shared counter', async () => {
    const res = await getText(sim.url, '/dapi/v1/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await weightOf('/dapi/v1/nope')).toBe(1);
  });
});

describe('one weight budget for /fapi and /dapi [1.2]', () => {
  it('[1.2] dapi and fapi requests draw on the same window and the same X-MBX-USED-WEIGHT-1M counter', async () => {
    const { sim: small, clock: ownClock } = await virtualSims(Date.UTC(2026, 0, 15, 12, 0, 1)).open({
      limits: { weightPerWindow: 30 },
    });
    onTestFinished(() => small.close());
    expect((await getText(small.url, '/fapi/v1/premiumIndex')).headers.get(WEIGHT)).toBe('10');
    expect((await getText(small.url, '/dapi/v1/premiumIndex')).headers.get(WEIGHT)).toBe('20');
    expect((await getText(small.url, '/fapi/v1/ping')).headers.get(WEIGHT)).toBe('21');
    expect(small.budgets().weightUsed).toBe(21);
    expect((await getText(small.url, '/dapi/v1/premiumIndex')).status).toBe(429);
    // The fapi side is refused too: the budget is one.
    const refused = await getText(small.url, '/fapi/v1/ping');
    expect(refused.status).toBe(429);
    expect(refused.headers.get(WEIGHT)).toBe('32');
    await ownClock.advance(60_000);
    expect((await getText(small.url, '/dapi/v1/ping')).headers.get(WEIGHT)).toBe('1');
    expect(small.requests().map((entry) => entry.endpoint)).toEqual([
      'premiumIndex',
      'dapiPremiumIndex',
      'ping',
      'dapiPremiumIndex',
      'ping',
      'dapiPing',
    ]);
  });
});
