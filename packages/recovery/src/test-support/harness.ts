import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createVirtualClock,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
  type VirtualClock,
} from '@oi/binance-sim';
import { type BinanceClient, type ClientEvent, createBinanceClient } from '@oi/client';
import { openStore, type Store } from '@oi/storage';

/** The simulator, the client, the engine and a store in a temp directory, all on one virtual clock. */
export interface Harness {
  readonly clock: VirtualClock;
  readonly sim: Simulator;
  readonly client: BinanceClient;
  readonly store: Store;
  readonly dataDir: string;
  readonly clientEvents: ClientEvent[];
  /** Opens the store again (after `store.close()`), as a restarted process would. */
  reopenStore(): Promise<Store>;
  close(): Promise<void>;
}

/** Options: the simulator's (its latency is applied by the transport, see below), plus the start time. */
export interface HarnessOptions extends Omit<SimulatorOptions, 'clock'> {
  readonly startMs?: number;
}

/**
 * A fetch that holds the virtual clock while a request is on the wire and then waits the latency on
 * the clock. Without the hold, a slow loopback round trip (a cold connection, a GC pause on this
 * shared machine) looks like idleness and lets the clock jump to the next pending timer, such as the
 * end of a tick's minute. The latency is waited here rather than inside the simulator because the
 * simulator's own latency sleep could never elapse while this hold is open; the observable result is
 * the same: the exchange stamps the answer on arrival and the answer lands `latencyMs` later.
 */
function createHeldFetch(clock: VirtualClock, latency: SimulatorOptions['latency']): typeof globalThis.fetch {
  let sequence = 0;
  return async (input, init) => {
    const release = clock.hold();
    let answer: Response;
    try {
      const response = await globalThis.fetch(input, init);
      const body = await response.arrayBuffer();
      answer = new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      release();
    }
    if (latency !== undefined) {
      const unit = ((sequence++ * 7919) % 1000) / 1000;
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      await clock.sleep(latency.baseMs + latency.jitterMs * unit, signal ?? undefined);
    }
    return answer;
  };
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
    fetch: createHeldFetch(clock, latency),
    onEvent: (event) => clientEvents.push(event),
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'oi-recovery-'));
  let store = await openStore({ dataDir, now: () => clock.now() });
  return {
    clock,
    sim,
    client,
    get store() {
      return store;
    },
    dataDir,
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
