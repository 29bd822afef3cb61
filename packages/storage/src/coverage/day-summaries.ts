import { type Stats, statSync } from 'node:fs';
import { coverageCachePath } from '../fs/data-dir-layout.ts';
import { type DayFileEntry, listDayFiles } from '../fs/list-day-files.ts';
import { isNotFound } from '../fs/not-found.ts';
import { SERIES_SLOT_MS, type Series, seriesColumnsOf } from '../model/series.ts';
import { loadCoverageCache, saveCoverageCache } from './coverage-cache.ts';
import { scanDayFiles } from './scan-pool.ts';

/** How the files that miss the cache are read. */
export interface DayScanOptions {
  /**
   * Whether the files are scanned on worker threads. A long-running process that scans a few dozen
   * files at a time passes false: each worker is a whole V8 isolate of tens of MB.
   * @default workers for 16 files or more, this thread for fewer
   */
  readonly workers?: boolean;
}

/** Present slots of one day file as merged half-open runs `[firstSlot, lastSlot + slot)`. */
export interface DaySummary {
  readonly dayKey: string;
  readonly path: string;
  readonly bytes: number;
  readonly rows: number;
  readonly runs: readonly (readonly [number, number])[];
  /** The header is not one this store writes or reads: no rows are read from it. */
  readonly foreign: boolean;
}

function countRows(runs: readonly (readonly [number, number])[], slotMs: number): number {
  let rows = 0;
  for (const [start, end] of runs) rows += (end - start) / slotMs;
  return rows;
}

/**
 * Summaries of the day files of one symbol and series (only the days `wanted` accepts), from the
 * cache in `<data>/state/coverage/` when a file's size, mtime and inode still match, otherwise
 * from the file itself (the cache is then updated when its content changes; a read-only data
 * directory just skips that).
 */
export async function loadDaySummaries(
  dataDir: string,
  symbol: string,
  series: Series,
  wanted: (dayKey: string) => boolean = () => true,
  scan: DayScanOptions = {},
): Promise<DaySummary[]> {
  const slotMs = SERIES_SLOT_MS[series];
  const cachePath = coverageCachePath(dataDir, symbol, series);
  const [files, loaded] = await Promise.all([
    listDayFiles(dataDir, symbol, series),
    loadCoverageCache(cachePath),
  ]);
  const cache = loaded.days;
  let dirty = false;
  const present = new Set<string>();
  const wantedFiles = files.filter((file) => wanted(file.dayKey));
  const summaries: (DaySummary | undefined)[] = new Array(wantedFiles.length);
  const misses: number[] = [];
  for (let index = 0; index < wantedFiles.length; index++) {
    const file = wantedFiles[index] as DayFileEntry;
    const cached = cache[file.dayKey];
    if (cached === undefined) {
      misses.push(index);
      continue;
    }
    let stats: Stats;
    try {
      // A synchronous stat costs a few microseconds; an async one is a thread-pool round trip
      // that makes the warm path of 500 symbols x 30 days about ten times slower.
      stats = statSync(file.path);
    } catch (error) {
      if (isNotFound(error)) continue;
      throw error;
    }
    if (stats.size === cached.size && stats.mtimeMs === cached.mtimeMs && stats.ino === cached.ino) {
      present.add(file.dayKey);
      const rows = countRows(cached.runs, slotMs);
      summaries[index] = {
        dayKey: file.dayKey,
        path: file.path,
        bytes: cached.size,
        rows,
        runs: cached.runs,
        foreign: cached.foreign === true,
      };
    } else {
      misses.push(index);
    }
  }
  const columns = seriesColumnsOf(symbol, series);
  const scanned = await scanDayFiles(
    misses.map((index) => ({
      path: (wantedFiles[index] as DayFileEntry).path,
      series,
      columns,
      dayKey: (wantedFiles[index] as DayFileEntry).dayKey,
    })),
    scan,
  );
  for (let position = 0; position < misses.length; position++) {
    const day = scanned[position];
    if (day === undefined) continue;
    const index = misses[position] as number;
    const file = wantedFiles[index] as DayFileEntry;
    present.add(file.dayKey);
    cache[file.dayKey] = {
      size: day.size,
      mtimeMs: day.mtimeMs,
      ino: day.ino,
      runs: day.runs,
      ...(day.foreign ? { foreign: true as const } : {}),
    };
    dirty = true;
    summaries[index] = {
      dayKey: file.dayKey,
      path: file.path,
      bytes: day.size,
      rows: countRows(day.runs, slotMs),
      runs: day.runs,
      foreign: day.foreign,
    };
  }
  for (const dayKey of Object.keys(cache)) {
    if (wanted(dayKey) && !present.has(dayKey)) {
      delete cache[dayKey];
      dirty = true;
    }
  }
  if (dirty) await saveCoverageCache(cachePath, cache, loaded.text);
  return summaries.filter((summary): summary is DaySummary => summary !== undefined);
}
