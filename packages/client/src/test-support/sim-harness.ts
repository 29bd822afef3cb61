import { createVirtualClock, type Simulator, type SimulatorOptions, startSimulator } from '@oi/binance-sim';
import type { Clock } from '@oi/retry';
import {
  type BinanceClient,
  type BinanceClientOptions,
  createBinanceClient,
} from '../client/binance-client.ts';
import type { ClientEvent } from '../client/client-events.ts';

/** A simulator on a virtual clock with a client wired to it; `close` stops both. */
export interface SimHarness {
  readonly sim: Simulator;
  readonly clock: Clock;
  readonly client: BinanceClient;
  readonly events: ClientEvent[];
  close(): Promise<void>;
}

/** Starts a simulator at a fixed virtual instant (or `startMs`) and a client that records its events. */
export async function startSimHarness(
  simOptions: SimulatorOptions = {},
  clientOptions: Partial<BinanceClientOptions> = {},
  startMs: number = Date.UTC(2026, 2, 10, 12, 0, 30),
): Promise<SimHarness> {
  const clock = createVirtualClock({ startMs });
  const sim = await startSimulator({ seed: 7, clock, ...simOptions });
  const events: ClientEvent[] = [];
  const client = createBinanceClient({
    baseUrl: sim.url,
    clock,
    timeoutMs: 2000,
    onEvent: (event) => events.push(event),
    ...clientOptions,
  });
  return { sim, clock, client, events, close: () => sim.close() };
}

/** Collects every page of an async iterable. */
export async function collectPages<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const page of pages) collected.push(page);
  return collected;
}
