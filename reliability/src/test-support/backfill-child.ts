// The backfill engine as `oi backfill` composes it (the real client, store and runBackfill on the
// system clock), as a child process the chaos test can SIGKILL at any instant.
// Run: node --conditions=@oi/source backfill-child.ts --sim-url URL --data-dir DIR --symbols A,B --from-ms N --to-ms N
import { parseArgs } from 'node:util';
import { createBinanceClient, systemClock } from '@oi/client';
import { runBackfill } from '@oi/recovery';
import { openStore } from '@oi/storage';

const { values } = parseArgs({
  options: {
    'sim-url': { type: 'string' },
    'data-dir': { type: 'string' },
    symbols: { type: 'string', default: '' },
    'from-ms': { type: 'string' },
    'to-ms': { type: 'string' },
  },
});
const dataDir = values['data-dir'] ?? '';
const store = await openStore({ dataDir });
const client = createBinanceClient({
  baseUrl: values['sim-url'] ?? '',
  clock: systemClock,
  timeoutMs: 2000,
  retry: { maxAttempts: 10, baseDelayMs: 20, maxDelayMs: 500 },
});
try {
  const result = await runBackfill({
    client,
    store,
    dataDir,
    symbols: values.symbols.split(','),
    range: { startMs: Number(values['from-ms']), endMs: Number(values['to-ms']) },
    clock: systemClock,
    concurrency: 4,
  });
  process.stdout.write(`${JSON.stringify({ failed: result.failedSymbols, written: result.slotsWritten })}\n`);
} finally {
  await store.close();
}
