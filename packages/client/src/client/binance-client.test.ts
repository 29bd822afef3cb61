import { afterEach, describe, expect, it } from 'vitest';
import { type SimHarness, startSimHarness } from '../test-support/sim-harness.ts';
import { CLIENT_VERSION } from '../version.ts';
import { createBinanceClient } from './binance-client.ts';

let harness: SimHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('BinanceClient endpoints against the simulator', () => {
  it('returns parsed, frozen records with the exact strings the server sent', async () => {
    harness = await startSimHarness({ serverClockOffsetMs: 1234 });
    const { sim, client } = harness;
    expect(await client.serverTime()).toBe(sim.serverTimeMs());
    await expect(client.ping()).resolves.toBeUndefined();

    const oi = await client.openInterest('BTCUSDT');
    expect(oi).toEqual({
      symbol: 'BTCUSDT',
      openInterest: sim.truth.openInterestAt('BTCUSDT', oi.timeMs),
      timeMs: sim.serverTimeMs(),
    });
    expect(Object.isFrozen(oi)).toBe(true);

    const mark = await client.markPrice('ETHUSDT');
    expect(mark.markPrice).toBe(sim.truth.markPriceAt('ETHUSDT', mark.timeMs));
    const marks = await client.markPrices();
    expect(marks.map((m) => m.symbol)).toEqual(expect.arrayContaining(['BTCUSDT', 'ETHUSDT']));
    expect(marks.find((m) => m.symbol === 'ETHUSDT')?.markPrice).toBe(mark.markPrice);

    const ticker = await client.ticker24h('BTCUSDT');
    expect(ticker.symbol).toBe('BTCUSDT');
    expect(ticker.quoteVolume).toMatch(/^\d+(\.\d+)?$/);
    const tickers = await client.ticker24hAll();
    expect(tickers.find((t) => t.symbol === 'BTCUSDT')).toEqual(ticker);

    const weights = Object.fromEntries(
      sim.requests().map((entry) => [`${entry.path}${entry.query['symbol'] ? '?symbol' : ''}`, entry.weight]),
    );
    expect(weights).toMatchObject({
      '/fapi/v1/premiumIndex': 10,
      '/fapi/v1/premiumIndex?symbol': 1,
      '/fapi/v1/ticker/24hr': 40,
      '/fapi/v1/ticker/24hr?symbol': 1,
      '/fapi/v1/openInterest?symbol': 1,
    });
    // The client's own count agrees with the server's header after every answer.
    expect(client.budgets.snapshot().weight.used).toBe(sim.budgets().weightUsed);
  });

  it('reads exchangeInfo and adopts its weight limit', async () => {
    harness = await startSimHarness({ limits: { weightPerWindow: 1200 } });
    const { sim, client } = harness;
    const info = await client.exchangeInfo();
    expect(info.rateLimits).toContainEqual({ type: 'REQUEST_WEIGHT', intervalMs: 60_000, limit: 1200 });
    expect(info.symbols.map((s) => s.symbol)).toEqual(sim.universe.map((s) => s.symbol));
    const delisted = info.symbols.find((s) => s.symbol === 'DELISTEDUSDT');
    const simDelisted = sim.universe.find((s) => s.symbol === 'DELISTEDUSDT');
    expect(delisted).toMatchObject({ status: 'SETTLING', deliveryDateMs: simDelisted?.deliveryDateMs });
    expect(client.budgets.snapshot().weight.limit).toBe(1200);
  });

  it('sends the User-Agent and reports requests and responses without the host', async () => {
    harness = await startSimHarness();
    const { client, events, sim } = harness;
    await client.openInterest('BTCUSDT');
    expect(events.map((e) => e.type)).toEqual(['request', 'response']);
    expect(events[0]).toMatchObject({
      type: 'request',
      method: 'GET',
      endpoint: '/fapi/v1/openInterest?symbol=BTCUSDT',
      attempt: 1,
      priority: 'live',
      budget: 'weight',
      units: 1,
    });
    expect(events[1]).toMatchObject({ type: 'response', status: 200, usedWeight: sim.budgets().weightUsed });
    expect(JSON.stringify(events)).not.toContain('127.0.0.1');
    expect(CLIENT_VERSION).toBe(
      (await import('../../package.json', { with: { type: 'json' } })).default.version,
    );
  });

  it('rejects a bad option at construction', () => {
    expect(() => createBinanceClient({ baseUrl: 'not a url' })).toThrow();
    expect(() => createBinanceClient({ timeoutMs: 0 })).toThrow(/timeoutMs/);
  });

  it('stops waiting when the caller aborts', async () => {
    harness = await startSimHarness();
    const { client, clock } = harness;
    client.budgets.ban(clock.now() + 3_600_000);
    const controller = new AbortController();
    const pending = client.ping({ signal: controller.signal });
    controller.abort(new Error('shutting down'));
    await expect(pending).rejects.toThrow('shutting down');
    expect(harness.sim.requests()).toHaveLength(0);
  });
});
