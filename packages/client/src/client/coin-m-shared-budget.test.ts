// One process, both markets: the CLI hands one RateBudgets to a USDⓈ-M and a COIN-M client, as
// Binance (and the simulator) count fapi and dapi weight on one 2400-per-minute counter.
import { createVirtualClock, createVirtualTimeFetch, type Simulator, startSimulator } from '@oi/binance-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { createBinanceClient } from './binance-client.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('a USDⓈ-M and a COIN-M client sharing one RateBudgets', () => {
  it('count dapi weight in the shared budget and together stay inside the shared 2400 per minute', async () => {
    const clock = createVirtualClock({ startMs: Date.UTC(2026, 2, 10, 12, 0, 30) });
    sim = await startSimulator({ seed: 7, clock });
    // Requests in flight hold the virtual clock, so each reaches the server in the minute it was granted.
    const fetch = createVirtualTimeFetch(clock);
    const coinM = createBinanceClient({ market: 'cm', baseUrl: sim.url, clock, fetch });
    const usdM = createBinanceClient({ baseUrl: sim.url, clock, fetch, budgets: coinM.budgets });
    expect(usdM.budgets).toBe(coinM.budgets);

    await coinM.markPrices();
    await usdM.markPrices();
    // dapi's premiumIndex weighs 10, fapi's 10 without a symbol: both in the one budget, as the server counts.
    expect(coinM.budgets.snapshot().weight.used).toBe(20);
    expect(sim.budgets().weightUsed).toBe(20);

    // 150 x 10 on dapi and 30 x 40 on fapi: 2 700 at once, more than one minute allows.
    const answers = await Promise.all([
      ...Array.from({ length: 150 }, () => coinM.markPrices()),
      ...Array.from({ length: 30 }, () => usdM.ticker24hAll()),
    ]);
    expect(answers).toHaveLength(180);

    const log = sim.requests();
    expect(log.filter((entry) => entry.status !== 200)).toEqual([]);
    expect(new Set(log.map((entry) => entry.endpoint))).toEqual(
      new Set(['dapiPremiumIndex', 'premiumIndex', 'ticker24hr']),
    );
    const weightPerMinute = new Map<number, number>();
    for (const entry of log) {
      const minute = Math.floor(entry.timeMs / 60_000);
      weightPerMinute.set(minute, (weightPerMinute.get(minute) ?? 0) + entry.weight);
    }
    expect([...weightPerMinute.values()].reduce((sum, weight) => sum + weight, 0)).toBe(2720);
    expect(weightPerMinute.size).toBeGreaterThan(1);
    for (const weight of weightPerMinute.values()) expect(weight).toBeLessThanOrEqual(2400);
  });

  it('is what keeps them inside it: with a budget each, the server refuses some of the same burst', async () => {
    const clock = createVirtualClock({ startMs: Date.UTC(2026, 2, 10, 12, 0, 30) });
    sim = await startSimulator({ seed: 7, clock });
    const fetch = createVirtualTimeFetch(clock);
    const coinM = createBinanceClient({ market: 'cm', baseUrl: sim.url, clock, fetch });
    const usdM = createBinanceClient({ baseUrl: sim.url, clock, fetch });
    await Promise.all([
      ...Array.from({ length: 150 }, () => coinM.markPrices()),
      ...Array.from({ length: 30 }, () => usdM.ticker24hAll()),
    ]);
    expect(sim.requests().some((entry) => entry.status === 429)).toBe(true);
  });
});
