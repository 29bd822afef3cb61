import { createVirtualTimeFetch, type VirtualClock } from '@oi/binance-sim';
import { BENCH_NOW_HEADER } from './bench-now-header.ts';

/**
 * The simulator's virtual-time fetch (holds the clock while a request is on the wire), with each
 * request stamped with the clock's time for the simulator running in its own process (sim-process.ts).
 */
export function createHeldFetch(clock: VirtualClock): typeof globalThis.fetch {
  return createVirtualTimeFetch(clock, {
    fetch: (input, init) => {
      const request = new Request(input, init);
      request.headers.set(BENCH_NOW_HEADER, String(clock.now()));
      return globalThis.fetch(request);
    },
  });
}
