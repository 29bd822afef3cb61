// One simulated hour of the collector (`runCollector`: live 1m ticks and the 5m history patrol, as
// `oi collect` runs them) on a virtual clock, in its own process so its CPU time and peak RSS can be
// measured without the simulator, which runs in another process (sim-process.ts) and takes its time
// from each request. Prints one JSON object on stdout.
// Run: node --conditions=@oi/source bench/src/collect-hour-child.ts --sim-url URL --symbols A,B --hours 1
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createVirtualClock } from '@oi/binance-sim';
import { createBinanceClient } from '@oi/client';
import { type CollectorEvent, listingsFrom, runCollector } from '@oi/recovery';
import { openStore } from '@oi/storage';
import { createHeldFetch } from './held-fetch.ts';

const { values } = parseArgs({
  options: {
    'sim-url': { type: 'string' },
    symbols: { type: 'string', default: '' },
    hours: { type: 'string', default: '1' },
    'start-ms': { type: 'string', default: String(Date.UTC(2026, 0, 15, 12, 0, 30)) },
  },
});
const simUrl = values['sim-url'];
if (simUrl === undefined) throw new Error('--sim-url is required');
const symbols = values.symbols.split(',').filter((symbol) => symbol !== '');
const startMs = Number(values['start-ms']);
const clock = createVirtualClock({ startMs });
const dataDir = await mkdtemp(join(tmpdir(), 'oi-bench-collect-'));
const store = await openStore({ dataDir, now: () => clock.now() });
const client = createBinanceClient({ baseUrl: simUrl, clock, fetch: createHeldFetch(clock) });
let ticksWithFailures = 0;
const onEvent = (event: CollectorEvent): void => {
  if (event.type === 'tick-done' && event.failures > 0) ticksWithFailures += 1;
};
// Where the memory is at its peak: JS heap, or buffers outside it.
const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  for (const key of Object.keys(peak) as (keyof typeof peak)[]) peak[key] = Math.max(peak[key], usage[key]);
}, 250);
const wallStartMs = performance.now();
try {
  const listings = listingsFrom((await client.exchangeInfo()).symbols);
  const result = await runCollector({
    client,
    store,
    dataDir,
    symbols,
    clock,
    signal: new AbortController().signal,
    listings,
    durationMs: Number(values.hours) * 3_600_000,
    onEvent,
  });
  process.stdout.write(
    `${JSON.stringify({
      symbols: symbols.length,
      virtualMs: clock.now() - startMs,
      wallMs: Math.round(performance.now() - wallStartMs),
      ticks: result.ticks,
      rows1m: result.rows,
      missedSlots1m: result.missedSlots,
      patrolRounds: result.patrolRounds,
      slotsWritten5m: result.slotsWritten,
      ticksWithFailures,
      peakMemoryBytes: peak,
    })}\n`,
  );
} finally {
  clearInterval(sampler);
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
}
