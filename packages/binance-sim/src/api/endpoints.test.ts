import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVirtualClock, type VirtualClock } from '../clock/virtual-clock.ts';
import { PERPETUAL_DELIVERY_MS } from '../market/universe.ts';
import { type Simulator, startSimulator } from '../simulator.ts';
import { getText, weightOf as weightAt } from '../test-support/http.ts';

// 12:00:03.217 UTC: deliberately not on any grid, so "time is not aligned" can be observed.
const START = Date.UTC(2026, 0, 15, 12, 0, 3, 217);
const DECIMAL = /^-?\d+(\.\d+)?$/;
const WEIGHT = 'x-mbx-used-weight-1m';

let sim: Simulator;
let clock: VirtualClock;

beforeAll(async () => {
  clock = createVirtualClock({ startMs: START, auto: false });
  sim = await startSimulator({ clock, seed: 3 });
});
afterAll(() => sim.close());

const weightOf = (path: string): Promise<number> => weightAt(sim.url, path);

describe('USD-M endpoints', () => {
  it('[2.1] ping answers {} with weight 1', async () => {
    const res = await getText(sim.url, '/fapi/v1/ping');
    expect(res.status).toBe(200);
    expect(res.text).toBe('{}');
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await weightOf('/fapi/v1/ping')).toBe(1);
  });

  it('[2.2] time answers the server time as a number', async () => {
    const res = await getText(sim.url, '/fapi/v1/time');
    expect(res.json).toEqual({ serverTime: START });
    expect(res.text).toBe(`{"serverTime":${START}}`);
    expect(await weightOf('/fapi/v1/time')).toBe(1);
  });

  it('[2.3] exchangeInfo has the top-level keys, the real rateLimits array and typed symbol fields', async () => {
    const res = await getText(sim.url, '/fapi/v1/exchangeInfo');
    const body = res.json as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining([
        'timezone',
        'serverTime',
        'rateLimits',
        'exchangeFilters',
        'assets',
        'symbols',
      ]),
    );
    expect(body['timezone']).toBe('UTC');
    expect(body['serverTime']).toBe(START);
    expect(body['exchangeFilters']).toEqual([]);
    expect(body['rateLimits']).toEqual([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
    ]);
    const symbols = body['symbols'] as Record<string, unknown>[];
    expect(symbols.map((s) => s['symbol'])).toEqual(sim.universe.map((s) => s.symbol));
    const btc = symbols.find((s) => s['symbol'] === 'BTCUSDT')!;
    expect(btc).toMatchObject({
      pair: 'BTCUSDT',
      contractType: 'PERPETUAL',
      status: 'TRADING',
      deliveryDate: PERPETUAL_DELIVERY_MS,
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      marginAsset: 'USDT',
      quantityPrecision: 3,
      pricePrecision: 2,
      underlyingType: 'COIN',
    });
    expect(typeof btc['onboardDate']).toBe('number');
    expect(Array.isArray(btc['underlyingSubType'])).toBe(true);
    expect(Array.isArray(btc['filters'])).toBe(true);
    expect(typeof btc['liquidationFee']).toBe('string');
    expect(await weightOf('/fapi/v1/exchangeInfo')).toBe(1);
  });

  it('[2.3] exchangeInfo reports a configured weight limit and window', async () => {
    const other = await startSimulator({ clock, limits: { weightPerWindow: 120, weightWindowMs: 10_000 } });
    try {
      const body = (await getText(other.url, '/fapi/v1/exchangeInfo')).json as { rateLimits: unknown[] };
      expect(body.rateLimits[0]).toEqual({
        rateLimitType: 'REQUEST_WEIGHT',
        interval: 'SECOND',
        intervalNum: 10,
        limit: 120,
      });
    } finally {
      await other.close();
    }
  });

  it('[2.6] openInterest: string OI with quantityPrecision decimals, time = unaligned server now', async () => {
    const res = await getText(sim.url, '/fapi/v1/openInterest?symbol=BTCUSDT');
    expect(res.status).toBe(200);
    const body = res.json as { symbol: string; openInterest: string; time: number };
    expect(Object.keys(body)).toEqual(['symbol', 'openInterest', 'time']);
    expect(body.symbol).toBe('BTCUSDT');
    expect(body.openInterest).toMatch(/^\d+\.\d{3}$/);
    expect(body.time).toBe(START);
    expect(body.time % 1000).not.toBe(0);
    expect(body.openInterest).toBe(sim.truth.openInterestAt('BTCUSDT', START));
    expect(res.text).toContain(`"time":${START}`);
    expect(await weightOf('/fapi/v1/openInterest?symbol=ETHUSDT')).toBe(1);
    const ada = (await getText(sim.url, '/fapi/v1/openInterest?symbol=ADAUSDT')).json as {
      openInterest: string;
    };
    expect(ada.openInterest).toMatch(/^\d+$/);
  });

  it('[2.6] openInterest follows server time second by second', async () => {
    const first = (await getText(sim.url, '/fapi/v1/openInterest?symbol=ETHUSDT')).json as {
      openInterest: string;
    };
    await clock.advance(37_000);
    const later = (await getText(sim.url, '/fapi/v1/openInterest?symbol=ETHUSDT')).json as {
      openInterest: string;
      time: number;
    };
    expect(later.time).toBe(clock.now());
    expect(later.openInterest).toBe(sim.truth.openInterestAt('ETHUSDT', clock.now()));
    expect(later.openInterest).not.toBe(first.openInterest);
  });

  it('[2.6][1.3] openInterest errors: -1121 unknown, -1102 missing symbol', async () => {
    const unknown = await getText(sim.url, '/fapi/v1/openInterest?symbol=NOPEUSDT');
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ code: -1121, msg: 'Invalid symbol.' });
    expect(unknown.headers.get(WEIGHT)).not.toBeNull();
    const lower = await getText(sim.url, '/fapi/v1/openInterest?symbol=btcusdt');
    expect(lower.json).toEqual({ code: -1121, msg: 'Invalid symbol.' });
    const missing = await getText(sim.url, '/fapi/v1/openInterest');
    expect(missing.status).toBe(400);
    expect((missing.json as { code: number }).code).toBe(-1102);
  });

  it('[2.8] premiumIndex: one object with symbol (weight 1), an array of every symbol without (weight 10)', async () => {
    const one = await getText(sim.url, '/fapi/v1/premiumIndex?symbol=BTCUSDT');
    const body = one.json as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'symbol',
      'markPrice',
      'indexPrice',
      'estimatedSettlePrice',
      'lastFundingRate',
      'interestRate',
      'nextFundingTime',
      'time',
    ]);
    for (const key of [
      'markPrice',
      'indexPrice',
      'estimatedSettlePrice',
      'lastFundingRate',
      'interestRate',
    ]) {
      expect(body[key]).toMatch(/^-?\d+\.\d{8}$/);
    }
    expect(body['markPrice']).toBe(sim.truth.markPriceAt('BTCUSDT', clock.now()));
    expect(body['time']).toBe(clock.now());
    expect(typeof body['nextFundingTime']).toBe('number');
    expect((body['nextFundingTime'] as number) % (8 * 3_600_000)).toBe(0);
    expect(await weightOf('/fapi/v1/premiumIndex?symbol=BTCUSDT')).toBe(1);
    const all = await getText(sim.url, '/fapi/v1/premiumIndex');
    expect((all.json as { symbol: string }[]).map((x) => x.symbol)).toEqual(
      sim.universe.map((s) => s.symbol),
    );
    expect(await weightOf('/fapi/v1/premiumIndex')).toBe(10);
    const unknown = await getText(sim.url, '/fapi/v1/premiumIndex?symbol=NOPEUSDT');
    expect(unknown.json).toEqual({ code: -1121, msg: 'Invalid symbol.' });
  });

  it('[2.4] ticker/24hr: strings for quantities, numbers for times/ids/count; weight 1 or 40', async () => {
    const one = await getText(sim.url, '/fapi/v1/ticker/24hr?symbol=SOLUSDT');
    const body = one.json as Record<string, unknown>;
    for (const key of [
      'priceChange',
      'priceChangePercent',
      'weightedAvgPrice',
      'lastPrice',
      'lastQty',
      'openPrice',
      'highPrice',
      'lowPrice',
      'volume',
      'quoteVolume',
    ]) {
      expect(body[key], key).toMatch(DECIMAL);
    }
    for (const key of ['openTime', 'closeTime', 'firstId', 'lastId', 'count'])
      expect(typeof body[key], key).toBe('number');
    expect(body['closeTime']).toBe(clock.now());
    expect(body['openTime']).toBe(clock.now() - 86_400_000);
    expect(Number(body['highPrice'])).toBeGreaterThanOrEqual(Number(body['lowPrice']));
    expect(Number(body['volume'])).toBeGreaterThan(0);
    expect(body['lastId'] as number).toBe((body['firstId'] as number) + (body['count'] as number) - 1);
    expect(await weightOf('/fapi/v1/ticker/24hr?symbol=SOLUSDT')).toBe(1);
    const all = await getText(sim.url, '/fapi/v1/ticker/24hr');
    expect(Array.isArray(all.json)).toBe(true);
    expect((all.json as unknown[]).length).toBe(sim.universe.length);
    expect(await weightOf('/fapi/v1/ticker/24hr')).toBe(40);
    expect((await getText(sim.url, '/fapi/v1/ticker/24hr?symbol=NOPE')).json).toEqual({
      code: -1121,
      msg: 'Invalid symbol.',
    });
  });

  it('[2.5] klines: 12-element rows, numbers at 0, 6, 8; ascending; newest candle is the open one', async () => {
    const res = await getText(sim.url, '/fapi/v1/klines?symbol=BTCUSDT&interval=1h&limit=3');
    const rows = res.json as unknown[][];
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toHaveLength(12);
      row.forEach((cell, index) => {
        if ([0, 6, 8].includes(index)) expect(typeof cell, String(index)).toBe('number');
        else expect(cell, String(index)).toMatch(DECIMAL);
      });
      expect(row[6]).toBe((row[0] as number) + 3_600_000 - 1);
      expect(Number(row[2])).toBeGreaterThanOrEqual(Math.max(Number(row[1]), Number(row[4])));
      expect(Number(row[3])).toBeLessThanOrEqual(Math.min(Number(row[1]), Number(row[4])));
    }
    expect(rows.map((row) => row[0])).toEqual(
      [-2, -1, 0].map((k) => Math.floor(clock.now() / 3_600_000) * 3_600_000 + k * 3_600_000),
    );
  });

  it.each([
    [undefined, 5, 500],
    ['1', 1, 1],
    ['99', 1, 99],
    ['100', 2, 100],
    ['499', 2, 499],
    ['500', 5, 500],
    ['1000', 5, 1000],
    ['1001', 10, 1001],
    ['1500', 10, 1500],
    ['2000', 10, 1500],
  ])('[2.5] klines limit=%s weighs %i and returns %i rows', async (limit, weight, rows) => {
    const path = `/fapi/v1/klines?symbol=BTCUSDT&interval=1m${limit === undefined ? '' : `&limit=${limit}`}`;
    expect(await weightOf(path)).toBe(weight);
    expect(((await getText(sim.url, path)).json as unknown[]).length).toBe(rows);
  });

  it('[2.5] klines time windows and interval grids', async () => {
    const hour = 3_600_000;
    const from = Math.floor(START / hour) * hour - 10 * hour;
    const range = (
      await getText(
        sim.url,
        `/fapi/v1/klines?symbol=ETHUSDT&interval=1h&startTime=${from + 1}&endTime=${from + 4 * hour}`,
      )
    ).json as unknown[][];
    expect(range.map((row) => row[0])).toEqual([
      from + hour,
      from + 2 * hour,
      from + 3 * hour,
      from + 4 * hour,
    ]);
    const ending = (
      await getText(sim.url, `/fapi/v1/klines?symbol=ETHUSDT&interval=1h&endTime=${from}&limit=2`)
    ).json as unknown[][];
    expect(ending.map((row) => row[0])).toEqual([from - hour, from]);
    const week = (await getText(sim.url, '/fapi/v1/klines?symbol=ETHUSDT&interval=1w&limit=1'))
      .json as number[][];
    expect(new Date(week[0]![0]!).getUTCDay()).toBe(1);
    const month = (await getText(sim.url, '/fapi/v1/klines?symbol=ETHUSDT&interval=1M&limit=2'))
      .json as number[][];
    expect(month.map((row) => new Date(row[0]!).toISOString())).toEqual([
      '2025-12-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
    expect(month[0]![6]).toBe(Date.UTC(2026, 0, 1) - 1);
    const bad = await getText(sim.url, '/fapi/v1/klines?symbol=ETHUSDT&interval=7m');
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ code: -1120, msg: 'Invalid interval.' });
    const reversed = await getText(
      sim.url,
      `/fapi/v1/klines?symbol=ETHUSDT&interval=1h&startTime=${from}&endTime=${from - 1}`,
    );
    expect((reversed.json as { code: number }).code).toBe(-1023);
  });

  it('[1] unknown path: HTML 404, charged and with the weight header under /fapi', async () => {
    const res = await getText(sim.url, '/fapi/v1/doesNotExist');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toContain('404');
    expect(res.json).toBeUndefined();
    expect(Number(res.headers.get(WEIGHT))).toBeGreaterThan(0);
    expect((await getText(sim.url, '/futures/data/nothing')).headers.get(WEIGHT)).toBeNull();
  });

  it('[1] every request is logged with server time, query, status, weight and endpoint', async () => {
    sim.clearLog();
    await getText(sim.url, '/fapi/v1/openInterest?symbol=BTCUSDT');
    await getText(sim.url, '/futures/data/openInterestHist?symbol=BTCUSDT&period=5m');
    await getText(sim.url, '/fapi/v1/openInterest?symbol=NOPE');
    const log = sim.requests();
    expect(log).toHaveLength(3);
    expect(log[0]).toMatchObject({
      timeMs: clock.now(),
      method: 'GET',
      path: '/fapi/v1/openInterest',
      query: { symbol: 'BTCUSDT' },
      status: 200,
      weight: 1,
      endpoint: 'openInterest',
      service: 'api',
    });
    expect(log[1]).toMatchObject({ endpoint: 'openInterestHist', weight: 0, status: 200 });
    expect(log[2]).toMatchObject({ status: 400, weight: 1 });
    expect(log[1]!.seq).toBe(log[0]!.seq + 1);
    expect(log[0]!.fault).toBeUndefined();
    expect(sim.counts()).toEqual({
      total: 3,
      byEndpoint: { openInterest: 2, openInterestHist: 1 },
      byStatus: { '200': 2, '400': 1 },
      byService: { api: 3 },
    });
    sim.clearLog();
    expect(sim.requests()).toHaveLength(0);
  });
});
