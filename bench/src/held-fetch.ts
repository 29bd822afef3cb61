import type { VirtualClock } from '@oi/binance-sim';
import { BENCH_NOW_HEADER } from './bench-now-header.ts';

/**
 * A fetch that holds the virtual clock while a request is on the wire, so a slow loopback round trip
 * on a busy machine never looks like idleness that lets the clock jump ahead (e.g. past the end of a
 * tick's minute). Each request carries the clock's time for the simulator process (sim-process.ts).
 */
export function createHeldFetch(clock: VirtualClock): typeof globalThis.fetch {
  return async (input, init) => {
    const release = clock.hold();
    try {
      const request = new Request(input, init);
      request.headers.set(BENCH_NOW_HEADER, String(clock.now()));
      const response = await globalThis.fetch(request);
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
