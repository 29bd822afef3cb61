import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DayRow } from '../format/day-row.ts';
import { formatDayFile } from '../format/format-day-file.ts';
import { dayRange } from '../model/day-key.ts';
import { SERIES_COLUMNS, SERIES_SLOT_MS, type Series } from '../model/series.ts';
import { makeTempDataDir } from '../test-support/temp-data-dir.ts';
import {
  type DayScanJob,
  runningScanWorkers,
  scanDayFiles,
  scanWorkerCount,
  setScanWorkerIdleMs,
} from './scan-pool.ts';

const DAY = '2026-11-24';

function dayFile(series: Series, minutes: number[]): string {
  const startMs = dayRange(DAY).startMs;
  const rows: DayRow[] = minutes.map((index) => ({
    slotMs: startMs + index * SERIES_SLOT_MS[series],
    openInterest: `${index}.5`,
    openInterestValue: '',
    extra: {},
  }));
  return formatDayFile(SERIES_COLUMNS[series], rows);
}

describe('scanWorkerCount', () => {
  it('leaves the main thread a core: one worker on 1 or 2 cores, one fewer than the cores up to 4', () => {
    expect([1, 2, 3, 4, 5, 8, 64].map(scanWorkerCount)).toEqual([1, 1, 2, 3, 4, 4, 4]);
  });
});

describe('scanDayFiles', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('gives the same runs, identities and errors on worker threads as on this thread', async () => {
    const { dataDir: dir, remove } = await makeTempDataDir();
    cleanups.push(remove);
    const jobs: DayScanJob[] = [];
    for (let index = 0; index < 40; index++) {
      const series: Series = index % 2 === 0 ? '1m' : '5m';
      const path = join(dir, `${index}.csv`);
      // Every fifth file has a CRLF line, which only the full parser reads.
      let text = dayFile(series, [index, index + 1, index + 3, 200]);
      if (index % 5 === 0) text += `${dayRange(DAY).startMs + 100 * SERIES_SLOT_MS[series]},x,1,,,\r\n`;
      await writeFile(path, text);
      jobs.push({ path, series, dayKey: DAY });
    }
    jobs.push({ path: join(dir, 'missing.csv'), series: '1m', dayKey: DAY });
    const inline = await scanDayFiles(jobs, { workers: false });
    const threaded = await scanDayFiles(jobs, { workers: true });
    // Without live workers the threaded call would have quietly run on this thread.
    expect(runningScanWorkers()).toBeGreaterThan(0);
    expect(threaded).toEqual(inline);
    expect(inline[40]).toBeUndefined();
    expect(inline[0]?.runs).toEqual([
      [dayRange(DAY).startMs, dayRange(DAY).startMs + 2 * 60_000],
      [dayRange(DAY).startMs + 3 * 60_000, dayRange(DAY).startMs + 4 * 60_000],
      [dayRange(DAY).startMs + 100 * 60_000, dayRange(DAY).startMs + 101 * 60_000],
      [dayRange(DAY).startMs + 200 * 60_000, dayRange(DAY).startMs + 201 * 60_000],
    ]);

    const directory = join(dir, 'a-directory.csv');
    await mkdir(directory);
    const refused = [...jobs, { path: directory, series: '1m' as const, dayKey: DAY }];
    const notAFile = { code: 'UNSAFE_ENTRY', path: directory, kind: 'not-a-file' };
    await expect(scanDayFiles(refused, { workers: false })).rejects.toMatchObject(notAFile);
    await expect(scanDayFiles(refused, { workers: true })).rejects.toMatchObject(notAFile);
    // A name longer than the file system takes: a system error, carried across with its code.
    const failing = [
      ...jobs,
      { path: join(dir, `${'x'.repeat(300)}.csv`), series: '1m' as const, dayKey: DAY },
    ];
    await expect(scanDayFiles(failing, { workers: false })).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
    await expect(scanDayFiles(failing, { workers: true })).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
    expect(runningScanWorkers()).toBeGreaterThan(0);
  });

  it('stops its workers once idle and starts them again for the next large scan', async () => {
    const { dataDir: dir, remove } = await makeTempDataDir();
    cleanups.push(remove);
    const jobs: DayScanJob[] = [];
    for (let index = 0; index < 20; index++) {
      const path = join(dir, `${index}.csv`);
      await writeFile(path, dayFile('5m', [index, 100]));
      jobs.push({ path, series: '5m', dayKey: DAY });
    }
    setScanWorkerIdleMs(50);
    cleanups.push(async () => setScanWorkerIdleMs(2_000));
    const first = await scanDayFiles(jobs, { workers: true });
    expect(runningScanWorkers()).toBeGreaterThan(0);
    await expect.poll(() => runningScanWorkers(), { timeout: 5_000, interval: 20 }).toBe(0);
    const second = await scanDayFiles(jobs, { workers: true });
    expect(runningScanWorkers()).toBeGreaterThan(0);
    expect(second).toEqual(first);
    expect(second).toEqual(await scanDayFiles(jobs, { workers: false }));
  });
});
