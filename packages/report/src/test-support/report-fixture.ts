import { writeTestStore } from './write-test-store.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The end of the fixture's week and the time the report is made for. */
export const FIXTURE_NOW_MS = Date.UTC(2026, 10, 8);
/** The fixture's week, 2026-11-01 to 2026-11-07. */
export const FIXTURE_RANGE = { startMs: FIXTURE_NOW_MS - 7 * DAY, endMs: FIXTURE_NOW_MS };
/** Twelve symbols: enough for the last charts to lie far below the first screen. */
export const FIXTURE_SYMBOLS: readonly string[] = [
  'ADAUSDT',
  'AVAXUSDT',
  'BCHUSDT',
  'BNBUSDT',
  'BTCUSDT',
  'DOGEUSDT',
  'DOTUSDT',
  'ETHUSDT',
  'LINKUSDT',
  'LTCUSDT',
  'SOLUSDT',
  'XRPUSDT',
];
/** BTCUSDT's 5m hole: two hours of 2026-11-03, inside the API's 30 days, so it can still be filled. */
export const FILLABLE_HOLE = { startMs: Date.UTC(2026, 10, 3, 6), endMs: Date.UTC(2026, 10, 3, 8) };
/** BTCUSDT's 1m hole: half an hour of 2026-11-04; past live minutes are lost for good. */
export const LOST_HOLE = { startMs: Date.UTC(2026, 10, 4, 10), endMs: Date.UTC(2026, 10, 4, 10, 30) };

/** Writes the fixture: a week of 5m and 1m rows for every symbol, with BTCUSDT's two holes. */
export async function writeFixtureStore(dataDir: string): Promise<void> {
  await writeTestStore({
    dataDir,
    symbols: FIXTURE_SYMBOLS,
    range: FIXTURE_RANGE,
    series: ['5m', '1m'],
    holes: new Map([
      ['BTCUSDT/5m', [FILLABLE_HOLE]],
      ['BTCUSDT/1m', [LOST_HOLE]],
    ]),
    sourceOf: (slotMs) => (slotMs < FIXTURE_NOW_MS - 2 * DAY + 12 * HOUR ? 'archive' : 'api'),
  });
}
