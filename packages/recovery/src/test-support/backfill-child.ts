// A backfill in its own process, for the crash test: the parent starts the simulator, kills this
// process with SIGKILL part-way, then runs it again with `resume`.
// Usage: node --conditions=@oi/source backfill-child.ts <url> <dataDir> <fromMs> <toMs> <SYM,SYM> <new|resume> [api|auto|archive]
// With a source other than `api`, the simulator's archive (on the same listener) is used too.
import { createArchiveClient } from '@oi/archive';
import { createBinanceClient } from '@oi/client';
import { systemClock } from '@oi/retry';
import { openStore } from '@oi/storage';
import { listIncompleteTasks, listingsFrom, openTaskJournal, runBackfill } from '../index.ts';

const [url, dataDir, fromText, toText, symbolList, mode, sourceText] = process.argv.slice(2);
if (url === undefined || dataDir === undefined || symbolList === undefined) {
  throw new Error('usage: backfill-child.ts <url> <dataDir> <fromMs> <toMs> <SYM,SYM> <new|resume>');
}
const symbols = symbolList.split(',');
const range = { startMs: Number(fromText), endMs: Number(toText) };
const client = createBinanceClient({ baseUrl: url, clock: systemClock });
const journal = await openTaskJournal({ dataDir });
const incomplete = await listIncompleteTasks(dataDir);
const task =
  mode === 'resume' && incomplete[0] !== undefined
    ? await journal.resume(incomplete[0].id)
    : await journal.begin({ type: 'backfill', symbols, range });
const store = await openStore({ dataDir });
// As a command does: the listings are fetched once and handed to the engine.
const listings = listingsFrom((await client.exchangeInfo()).symbols);
const source = sourceText === 'auto' || sourceText === 'archive' ? sourceText : 'api';
const archive = source === 'api' ? {} : { archive: { client: createArchiveClient({ baseUrl: url }) } };
await runBackfill({
  client,
  store,
  dataDir,
  symbols,
  range,
  clock: systemClock,
  signal: new AbortController().signal,
  listings,
  task,
  concurrency: 2,
  source,
  ...archive,
  onEvent: (event) => {
    if (event.type === 'backfill-progress') {
      process.stdout.write(`${JSON.stringify({ symbol: event.symbol, startMs: event.range.startMs })}\n`);
    }
    if (event.type === 'archive-day') {
      process.stdout.write(
        `${JSON.stringify({ symbol: event.symbol, day: event.day, outcome: event.outcome })}\n`,
      );
    }
  },
});
await task.finish('done');
await store.close();
process.stdout.write('done\n');
