import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseDayFile } from './day-file.ts';
import { readFileSnapshot } from './day-file-io.ts';
import { type DayFileEntry, listDayFiles, mapWithLimit } from './day-files.ts';
import { isNotFound, writeCacheFileAtomic } from './durable-fs.ts';
import { coverageCachePath } from './paths.ts';
import { SERIES_SLOT_MS, type Series } from './series.ts';

/** Present slots of one day file as merged half-open runs `[firstSlot, lastSlot + slot)`. */
export interface DaySummary {
  readonly dayKey: string;
  readonly path: string;
  readonly bytes: number;
  readonly rows: number;
  readonly runs: readonly (readonly [number, number])[];
}

interface CacheEntry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly runs: readonly (readonly [number, number])[];
}

interface CacheFile {
  readonly version: number;
  readonly days: Record<string, CacheEntry>;
}

const CACHE_VERSION = 1;
const IO_CONCURRENCY = 32;

async function loadCache(path: string): Promise<Record<string, CacheEntry>> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<CacheFile>;
    if (parsed.version === CACHE_VERSION && typeof parsed.days === 'object' && parsed.days !== null) {
      return { ...parsed.days };
    }
  } catch {
    // A missing, torn or foreign cache is rebuilt from the day files, which stay the source of truth.
  }
  return {};
}

function slotsToRuns(slots: number[], slotMs: number): [number, number][] {
  slots.sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const slot of slots) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === slot) last[1] = slot + slotMs;
    else runs.push([slot, slot + slotMs]);
  }
  return runs;
}

function countRows(runs: readonly (readonly [number, number])[], slotMs: number): number {
  let rows = 0;
  for (const [start, end] of runs) rows += (end - start) / slotMs;
  return rows;
}

/**
 * Summaries of the day files of one symbol and series (only the days `wanted` accepts), from the
 * cache in `<data>/state/coverage/` when a file's size, mtime and inode still match, otherwise
 * from the file itself (the cache is then updated; a read-only data directory just skips that).
 */
export async function loadDaySummaries(
  dataDir: string,
  symbol: string,
  series: Series,
  wanted: (dayKey: string) => boolean = () => true,
): Promise<DaySummary[]> {
  const slotMs = SERIES_SLOT_MS[series];
  const cachePath = coverageCachePath(dataDir, symbol, series);
  const [files, cache] = await Promise.all([listDayFiles(dataDir, symbol, series), loadCache(cachePath)]);
  let dirty = false;
  const present = new Set<string>();
  const summarize = async (file: DayFileEntry): Promise<DaySummary | undefined> => {
    const cached = cache[file.dayKey];
    if (cached !== undefined) {
      try {
        // A synchronous stat costs a few microseconds; an async one is a thread-pool round trip
        // that makes the warm path of 500 symbols x 30 days about ten times slower.
        const stats = statSync(file.path);
        if (stats.size === cached.size && stats.mtimeMs === cached.mtimeMs && stats.ino === cached.ino) {
          present.add(file.dayKey);
          const rows = countRows(cached.runs, slotMs);
          return { dayKey: file.dayKey, path: file.path, bytes: cached.size, rows, runs: cached.runs };
        }
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    }
    const snapshot = await readFileSnapshot(file.path);
    if (snapshot === undefined) return undefined;
    present.add(file.dayKey);
    const parsed = parseDayFile(snapshot.text, series, file.dayKey);
    const runs = slotsToRuns(
      parsed.rows.map((row) => row.slotMs),
      slotMs,
    );
    cache[file.dayKey] = { size: snapshot.size, mtimeMs: snapshot.mtimeMs, ino: snapshot.ino, runs };
    dirty = true;
    return {
      dayKey: file.dayKey,
      path: file.path,
      bytes: snapshot.size,
      rows: countRows(runs, slotMs),
      runs,
    };
  };
  const wantedFiles = files.filter((file) => wanted(file.dayKey));
  const summaries = await mapWithLimit(wantedFiles, IO_CONCURRENCY, summarize);
  for (const dayKey of Object.keys(cache)) {
    if (wanted(dayKey) && !present.has(dayKey)) {
      delete cache[dayKey];
      dirty = true;
    }
  }
  if (dirty) {
    const content = JSON.stringify({ version: CACHE_VERSION, days: cache } satisfies CacheFile);
    await writeCacheFileAtomic(cachePath, content).catch(() => undefined);
  }
  return summaries.filter((summary): summary is DaySummary => summary !== undefined);
}
