import type { VirtualClock } from './virtual-clock.ts';

/** Options of {@link createVirtualTimeFetch}. */
export interface VirtualTimeFetchOptions {
  /** Latency added to every answer, waited on the virtual clock. @default none */
  readonly latency?: { readonly baseMs: number; readonly jitterMs: number };
  /** The transport underneath. @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * A fetch for a client that shares a virtual clock with the simulator: it holds the clock while a
 * request is on the wire, then waits the latency on the clock.
 *
 * Without the hold, a slow loopback round trip (a cold connection, a GC pause) looks like idleness
 * and lets the clock jump to the next pending timer, such as the end of a tick's minute. The latency
 * is waited here rather than inside the simulator (start it without `latency`) because the
 * simulator's own latency sleep could never elapse while this hold is open; the observable result is
 * the same: the exchange stamps the answer on arrival and the answer lands `latencyMs` later. Jitter
 * is deterministic (a fixed sequence), so runs are reproducible.
 */
export function createVirtualTimeFetch(
  clock: VirtualClock,
  options: VirtualTimeFetchOptions = {},
): typeof globalThis.fetch {
  const transport = options.fetch ?? globalThis.fetch;
  const { latency } = options;
  let sequence = 0;
  return async (input, init) => {
    const release = clock.hold();
    let answer: Response;
    try {
      const response = await transport(input, init);
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
