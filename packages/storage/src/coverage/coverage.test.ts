import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coverageCachePath, dayFilePath } from '../fs/data-dir-layout.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import { openStore } from '../write/store.ts';
import { coverage } from './coverage.ts';
import { runningScanWorkers, setScanWorkerIdleMs } from './scan-pool.ts';

const T0 = Date.UTC(2026, 10, 24);
const MIN = 60_000;
const DAY_MS = 86_400_000;

let dataDir: string;
let remove: () => Promise<void>;
beforeEach(async () => {
  ({ dataDir, remove } = await makeTempDataDir());
});
afterEach(async () => remove());

async function write(minutes: number[]): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    await store.merge(
      'BTCUSDT',
      '1m',
      minutes.map((minute) => ({
        slotMs: T0 + minute * MIN,
        openInterest: String(minute),
        openInterestValue: '',
      })),
    );
  } finally {
    await store.close();
  }
}

describe('coverage', () => {
  it('merges present slots into runs across midnight and clips to the slots starting in the range', async () => {
    await write([0, 1, 2, 5, 1438, 1439, 1440, 1441]);
    const all = { startMs: T0 - DAY_MS, endMs: T0 + 3 * DAY_MS };
    expect(await coverage(dataDir, 'BTCUSDT', '1m', all)).toEqual([
      { startMs: T0, endMs: T0 + 3 * MIN },
      { startMs: T0 + 5 * MIN, endMs: T0 + 6 * MIN },
      { startMs: T0 + 1438 * MIN, endMs: T0 + 1442 * MIN },
    ]);
    // 00:01:30 .. 00:05:00: slot 00:02 starts inside, 00:01 and 00:05 do not.
    expect(await coverage(dataDir, 'BTCUSDT', '1m', { startMs: T0 + 90_000, endMs: T0 + 5 * MIN })).toEqual([
      { startMs: T0 + 2 * MIN, endMs: T0 + 3 * MIN },
    ]);
    expect(await coverage(dataDir, 'BTCUSDT', '5m', all)).toEqual([]);
    expect(await coverage(dataDir, 'BTCUSDT', '1m', { startMs: T0, endMs: T0 })).toEqual([]);
  });

  it('caches per-day runs and notices appended, rewritten and removed files', async () => {
    await write([0, 1]);
    const range = { startMs: T0, endMs: T0 + DAY_MS };
    expect(await coverage(dataDir, 'BTCUSDT', '1m', range)).toEqual([{ startMs: T0, endMs: T0 + 2 * MIN }]);
    const cache = JSON.parse(await readFile(coverageCachePath(dataDir, 'BTCUSDT', '1m'), 'utf8'));
    expect(cache.days['2026-11-24'].runs).toEqual([[T0, T0 + 2 * MIN]]);

    // Appended by hand (another size): the cache entry is stale and rebuilt from the CSV.
    const path = dayFilePath(dataDir, 'BTCUSDT', '1m', '2026-11-24');
    await appendFile(path, `${T0 + 2 * MIN},2026-11-24T00:02:00.000Z,2,,,\n`);
    expect(await coverage(dataDir, 'BTCUSDT', '1m', range)).toEqual([{ startMs: T0, endMs: T0 + 3 * MIN }]);

    await write([10]);
    expect(await coverage(dataDir, 'BTCUSDT', '1m', range)).toEqual([
      { startMs: T0, endMs: T0 + 3 * MIN },
      { startMs: T0 + 10 * MIN, endMs: T0 + 11 * MIN },
    ]);

    await writeFile(coverageCachePath(dataDir, 'BTCUSDT', '1m'), '{"version":1,"days":{"2026-11-24"');
    expect(await coverage(dataDir, 'BTCUSDT', '1m', range)).toHaveLength(2);
  });

  it('rebuilds a cache whose entries have the wrong shape, even when the file identity matches', async () => {
    await write([0, 1]);
    const range = { startMs: T0, endMs: T0 + DAY_MS };
    await coverage(dataDir, 'BTCUSDT', '1m', range);
    const cachePath = coverageCachePath(dataDir, 'BTCUSDT', '1m');
    const cache = JSON.parse(await readFile(cachePath, 'utf8'));
    cache.days['2026-11-24'].runs = [['0', 'x']];
    await writeFile(cachePath, JSON.stringify(cache));
    expect(await coverage(dataDir, 'BTCUSDT', '1m', range)).toEqual([{ startMs: T0, endMs: T0 + 2 * MIN }]);
    const rebuilt = JSON.parse(await readFile(cachePath, 'utf8'));
    expect(rebuilt.days['2026-11-24'].runs).toEqual([[T0, T0 + 2 * MIN]]);
  });

  it('counts only valid rows, so a damaged row stays a gap', async () => {
    await write([0]);
    await appendFile(dayFilePath(dataDir, 'BTCUSDT', '1m', '2026-11-24'), `${T0 + MIN},x,not-a-number,,,\n`);
    expect(await coverage(dataDir, 'BTCUSDT', '1m', { startMs: T0, endMs: T0 + DAY_MS })).toEqual([
      { startMs: T0, endMs: T0 + MIN },
    ]);
  });

  it('scans on this thread when told not to start workers, with the same runs', async () => {
    // 20 days with a slot each: enough files for the pool's worker threads.
    await write(Array.from({ length: 20 }, (_, day) => day * 1440 + day));
    const range = { startMs: T0, endMs: T0 + 20 * DAY_MS };
    const cachePath = coverageCachePath(dataDir, 'BTCUSDT', '1m');
    // No worker left from an earlier scan, so that each one the calls below need is started anew.
    setScanWorkerIdleMs(20);
    try {
      await expect.poll(() => runningScanWorkers(), { timeout: 5_000, interval: 20 }).toBe(0);
    } finally {
      setScanWorkerIdleMs(2_000);
    }
    let started = 0;
    const countWorker = (): void => {
      started += 1;
    };
    subscribe('worker_threads', countWorker);
    try {
      const inline = await coverage(dataDir, 'BTCUSDT', '1m', range, { workers: false });
      expect(started).toBe(0);
      expect(inline).toHaveLength(20);
      // Without a cache the same files go to the workers by default.
      await writeFile(cachePath, '');
      expect(await coverage(dataDir, 'BTCUSDT', '1m', range)).toEqual(inline);
      expect(started).toBeGreaterThan(0);
    } finally {
      unsubscribe('worker_threads', countWorker);
    }
  });
});
