import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ArchiveClient, type ArchiveEvent, createArchiveClient } from '@oi/archive';
import {
  createVirtualClock,
  createVirtualTimeFetch,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
  type VirtualClock,
} from '@oi/binance-sim';
import { type BinanceClient, type ClientEvent, createBinanceClient } from '@oi/client';
import { openStore, type Store } from '@oi/storage';
import { type ListedSymbol, listingsFrom } from '../engine/listings.ts';

/** The simulator, the client, the engine and a store in a temp directory, all on one virtual clock. */
export interface Harness {
  readonly clock: VirtualClock;
  readonly sim: Simulator;
  readonly client: BinanceClient;
  /** The simulator's archive (same listener), on the same virtual clock. */
  readonly archive: ArchiveClient;
  readonly archiveEvents: ArchiveEvent[];
  readonly store: Store;
  readonly dataDir: string;
  /** The simulator's contracts as its `exchangeInfo` lists them; read directly: no request moves the clock. */
  readonly listings: ReadonlyMap<string, ListedSymbol>;
  readonly clientEvents: ClientEvent[];
  /** Opens the store again (after `store.close()`), as a restarted process would. */
  reopenStore(): Promise<Store>;
  close(): Promise<void>;
}

/** Options: the simulator's (its latency is applied on the client side by `createVirtualTimeFetch`), plus the start time. */
export interface HarnessOptions extends Omit<SimulatorOptions, 'clock'> {
  readonly startMs?: number;
}

/** Starts a harness; `close()` stops the simulator and removes the directory. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { startMs, latency, ...simOptions } = options;
  const clock = createVirtualClock({ startMs: startMs ?? Date.UTC(2026, 0, 15, 12, 0, 20) });
  const sim = await startSimulator({ seed: 7, ...simOptions, clock });
  const clientEvents: ClientEvent[] = [];
  const client = createBinanceClient({
    baseUrl: sim.url,
    clock,
    retry: { maxAttempts: 3 },
    fetch: createVirtualTimeFetch(clock, latency === undefined ? {} : { latency }),
    onEvent: (event) => clientEvents.push(event),
  });
  const archiveEvents: ArchiveEvent[] = [];
  const archive = createArchiveClient({
    baseUrl: sim.url,
    clock,
    retry: { maxAttempts: 3 },
    fetch: createVirtualTimeFetch(clock),
    onEvent: (event) => archiveEvents.push(event),
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'oi-recovery-'));
  let store = await openStore({ dataDir, now: () => clock.now() });
  return {
    clock,
    sim,
    client,
    archive,
    archiveEvents,
    get store() {
      return store;
    },
    dataDir,
    listings: listingsFrom(sim.universe),
    clientEvents,
    reopenStore: async () => {
      store = await openStore({ dataDir, now: () => clock.now() });
      return store;
    },
    close: async () => {
      await store.close().catch(() => {});
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
