import { writeTestStore } from './src/test-support/write-test-store.ts';

const DAY = 86_400_000;
const end = Date.UTC(2026, 10, 24);
const start = end - 30 * DAY;
const holes = new Map([
  ['BTCUSDT/5m', [{ startMs: start + (40 * DAY) / 4, endMs: start + (41 * DAY) / 4 }]],
  [
    'BTCUSDT/1m',
    [
      { startMs: start + 12 * DAY, endMs: start + 12 * DAY + 3 * 3600_000 },
      { startMs: start + 20 * DAY, endMs: start + 20.1 * DAY },
    ],
  ],
  ['ETHUSDT/1m', [{ startMs: start, endMs: start + 5 * DAY }]],
  ['SOLUSDT/5m', [{ startMs: start + 25 * DAY, endMs: start + 25.5 * DAY }]],
]);
await writeTestStore({
  dataDir: process.argv[2]!,
  symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT', 'BNBUSDT'],
  range: { startMs: start, endMs: end },
  series: ['5m', '1m'],
  holes,
});
