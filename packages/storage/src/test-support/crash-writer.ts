// Child process of the crash test: writes live rows and merges batches in a loop until it is
// killed, printing `A <symbol> <series> <slotMs> <openInterest> <openInterestValue>` for every
// point only after the store acknowledged it. Usage: crash-writer.ts <dataDir> <seed>
import { writeSync } from 'node:fs';
import { coverage, DAY_MS, type OiPoint, openStore, type Series } from '@oi/storage';
import { seededRandom } from '@oi/test-support';
import { CRASH_BASE_MS, CRASH_SYMBOLS, crashPoint } from './crash-plan.ts';

const [dataDir, seedText] = process.argv.slice(2);
if (dataDir === undefined || seedText === undefined)
  throw new Error('usage: crash-writer.ts <dataDir> <seed>');
const random = seededRandom(Number(seedText));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const acknowledge = (symbol: string, series: Series, points: readonly OiPoint[]): void => {
  // A pipe write is synchronous on Linux: once this returns, the parent will read the line even if
  // this process is killed right after.
  const lines = points.map(
    (p) => `A ${symbol} ${series} ${p.slotMs} ${p.openInterest} ${p.openInterestValue}\n`,
  );
  writeSync(1, lines.join(''));
};

let takeover = false;
const store = await openStore({
  dataDir,
  onEvent: (event) => {
    if (event.type === 'stale-lock-removed') takeover = true;
  },
});
const nextLiveSlot = new Map<string, number>();
for (const symbol of CRASH_SYMBOLS) {
  const runs = await coverage(dataDir, symbol, '1m', {
    startMs: CRASH_BASE_MS,
    endMs: CRASH_BASE_MS + 400 * DAY_MS,
  });
  const last = runs[runs.length - 1];
  nextLiveSlot.set(symbol, last === undefined ? CRASH_BASE_MS : Math.max(last.endMs, CRASH_BASE_MS));
}
writeSync(1, `ready ${takeover ? 'takeover' : 'fresh'}\n`);

for (;;) {
  const symbol = pick(CRASH_SYMBOLS);
  const live = nextLiveSlot.get(symbol) as number;
  const roll = random();
  if (roll < 0.6) {
    const point = crashPoint(symbol, '1m', live);
    await store.appendLive(symbol, point);
    nextLiveSlot.set(symbol, live + 60_000);
    acknowledge(symbol, '1m', [point]);
  } else if (roll < 0.7) {
    // A re-sent older minute: must be a no-op, never a duplicate.
    const slot = live - 60_000 * Math.floor(random() * 120);
    const point = crashPoint(symbol, '1m', Math.max(CRASH_BASE_MS, slot));
    await store.appendLive(symbol, point);
    acknowledge(symbol, '1m', [point]);
  } else {
    const series: Series = roll < 0.85 ? '5m' : '1m';
    const slotMs = series === '5m' ? 300_000 : 60_000;
    const start = CRASH_BASE_MS - 2 * DAY_MS + Math.floor(random() * ((3 * DAY_MS) / slotMs)) * slotMs;
    const count = 1 + Math.floor(random() * 600);
    const points: OiPoint[] = [];
    for (let index = 0; index < count; index++) {
      if (random() < 0.8) points.push(crashPoint(symbol, series, start + index * slotMs));
    }
    points.sort(() => random() - 0.5);
    await store.merge(symbol, series, points);
    acknowledge(symbol, series, points);
  }
}
