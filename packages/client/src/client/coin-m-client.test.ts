import { BinanceApiError } from '@oi/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { type SimHarness, startSimHarness } from '../test-support/sim-harness.ts';

let harness: SimHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('a COIN-M client against the simulator', () => {
  it('calls /dapi/v1 and returns the records USDⓈ-M gives, in contracts, with the exact strings sent', async () => {
    harness = await startSimHarness({}, { market: 'cm' });
    const { sim, client } = harness;
    expect(client.market).toBe('cm');
    expect(await client.serverTime()).toBe(sim.serverTimeMs());
    await expect(client.ping()).resolves.toBeUndefined();

    const perpetual = await client.openInterest('BTCUSD_PERP');
    expect(perpetual).toEqual({
      symbol: 'BTCUSD_PERP',
      openInterest: sim.truth.coinMOpenInterestAt('BTCUSD_PERP', perpetual.timeMs),
      timeMs: sim.serverTimeMs(),
    });
    expect(perpetual.openInterest).toMatch(/^\d+$/);
    const quarterly = sim.truth.contractAt('BTCUSD', 'CURRENT_QUARTER', sim.serverTimeMs());
    if (quarterly === undefined) throw new Error('BTCUSD has a current quarter');
    const quarterlyOi = await client.openInterest(quarterly);
    expect(quarterlyOi.openInterest).toBe(sim.truth.coinMOpenInterestAt(quarterly, quarterlyOi.timeMs));

    const mark = await client.markPrice('ETHUSD_PERP');
    expect(mark.symbol).toBe('ETHUSD_PERP');
    expect(mark.markPrice).toBe(sim.truth.coinMMarkPriceAt('ETHUSD_PERP', mark.timeMs));
    const marks = await client.markPrices();
    expect(marks.map((m) => m.symbol)).toEqual(sim.truth.listedSymbolsAt('cm', sim.serverTimeMs()));
    expect(marks.find((m) => m.symbol === 'ETHUSD_PERP')).toEqual(mark);

    const ticker = await client.ticker24h('BTCUSD_PERP');
    expect(ticker.symbol).toBe('BTCUSD_PERP');
    expect(ticker.volume).toMatch(/^\d+$/);
    expect(ticker.baseVolume).toMatch(/^\d+\.\d{8}$/);
    expect(ticker).not.toHaveProperty('quoteVolume');
    const tickers = await client.ticker24hAll();
    expect(tickers.find((t) => t.symbol === 'BTCUSD_PERP')).toEqual(ticker);

    // Every request went to /dapi/v1, its event says so, and the client charged what the server did.
    const requests = harness.events.filter((event) => event.type === 'request');
    expect(requests.every((event) => event.market === 'cm' && event.endpoint.startsWith('/dapi/v1/'))).toBe(
      true,
    );
    expect(requests.map((event) => [event.endpoint.split('?')[0], event.units])).toEqual(
      sim.requests().map((entry) => [entry.path, entry.weight]),
    );
    expect(Object.fromEntries(sim.requests().map((entry) => [entry.endpoint, entry.weight]))).toEqual({
      dapiTime: 1,
      dapiPing: 1,
      dapiOpenInterest: 1,
      dapiPremiumIndex: 10,
      dapiTicker24hr: 40,
    });
    expect(client.budgets.snapshot().weight.used).toBe(sim.budgets().weightUsed);
  });

  it('reads exchangeInfo: contractStatus as status, contractSize, pair, roles and dates; adopts its weight limit', async () => {
    harness = await startSimHarness({ limits: { weightPerWindow: 1200 } }, { market: 'cm' });
    const { sim, client } = harness;
    const info = await client.exchangeInfo();
    const nowMs = sim.serverTimeMs();
    expect(info.rateLimits).toContainEqual({ type: 'REQUEST_WEIGHT', intervalMs: 60_000, limit: 1200 });
    expect(client.budgets.snapshot().weight.limit).toBe(1200);
    expect(info.symbols.map((s) => s.symbol)).toEqual(sim.truth.listedSymbolsAt('cm', nowMs));
    for (const symbol of info.symbols) {
      const simSymbol = sim.coinMUniverse.find((candidate) => candidate.symbol === symbol.symbol);
      const state = sim.truth.symbolStateAt(symbol.symbol, nowMs);
      expect(symbol).toEqual({
        symbol: simSymbol?.symbol,
        pair: simSymbol?.pair,
        contractType: state.contractType,
        status: state.status,
        onboardDateMs: simSymbol?.onboardDateMs,
        deliveryDateMs: simSymbol?.deliveryDateMs,
        baseAsset: simSymbol?.baseAsset,
        quoteAsset: 'USD',
        marginAsset: simSymbol?.baseAsset,
        contractSize: simSymbol?.contractSize,
      });
    }
    expect(info.symbols.find((s) => s.symbol === 'BTCUSD_PERP')?.contractSize).toBe(100);
    expect(info.symbols.find((s) => s.symbol === 'ETHUSD_PERP')?.contractSize).toBe(10);
    // The universe always holds a delivered quarterly: it is listed with its own status.
    expect(info.symbols.some((s) => s.status === 'DELIVERED')).toBe(true);
  });

  it('throws -4108 for a delivered contract after one request', async () => {
    harness = await startSimHarness({}, { market: 'cm' });
    const { sim, client } = harness;
    const delivered = sim.coinMUniverse.find(
      (symbol) => sim.truth.symbolStateAt(symbol.symbol, sim.serverTimeMs()).status === 'DELIVERED',
    );
    if (delivered === undefined) throw new Error('the simulator lists a delivered quarterly');
    const failure = await client.openInterest(delivered.symbol).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BinanceApiError);
    expect(failure).toMatchObject({ status: 400, binanceCode: -4108 });
    expect(sim.requests()).toHaveLength(1);
  });
});
