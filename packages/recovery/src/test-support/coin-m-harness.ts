import { createVirtualTimeFetch } from '@oi/binance-sim';
import { type BinanceClient, createBinanceClient } from '@oi/client';
import { type ListedSymbol, listingsFrom } from '../engine/listings.ts';
import { type Harness, type HarnessOptions, startHarness } from './harness.ts';

/** A harness with a COIN-M client beside its USDⓈ-M one. */
export interface CoinMHarness {
  readonly h: Harness;
  /** The cm client: same simulator, clock and rate budgets as the harness's client. */
  readonly client: BinanceClient;
  /** The simulator's COIN-M contracts as its `/dapi/v1/exchangeInfo` lists them. */
  readonly listings: ReadonlyMap<string, ListedSymbol>;
}

/** Starts a harness and its COIN-M client; `h.close()` stops both. */
export async function startCoinMHarness(options: HarnessOptions = {}): Promise<CoinMHarness> {
  const h = await startHarness(options);
  const client = createBinanceClient({
    market: 'cm',
    baseUrl: h.sim.url,
    clock: h.clock,
    budgets: h.client.budgets,
    retry: { maxAttempts: 3 },
    fetch: createVirtualTimeFetch(h.clock),
  });
  return { h, client, listings: listingsFrom(h.sim.coinMUniverse) };
}
