import type { VirtualClock } from '@oi/binance-sim';

/**
 * A fetch that holds the virtual clock while a request is on the wire. Without the hold, a loopback
 * round trip looks like idleness to the auto-advancing clock, which could then jump past the end of
 * a live tick's minute while the answer is still travelling.
 */
export function createHeldFetch(clock: VirtualClock): typeof globalThis.fetch {
  return async (input, init) => {
    const release = clock.hold();
    try {
      const response = await globalThis.fetch(input, init);
      const body = await response.arrayBuffer();
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      release();
    }
  };
}
