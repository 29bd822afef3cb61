import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Series } from '../model/series.ts';
import { parseDayFileName, seriesDirPath } from './data-dir-layout.ts';
import { isNotFound } from './not-found.ts';

/** A day file found on disk. */
export interface DayFileEntry {
  readonly dayKey: string;
  readonly path: string;
}

/** The day files of one symbol and series, oldest day first; other names in the folder are ignored. */
export async function listDayFiles(dataDir: string, symbol: string, series: Series): Promise<DayFileEntry[]> {
  const dir = seriesDirPath(dataDir, symbol, series);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
  const entries: DayFileEntry[] = [];
  for (const name of names) {
    const parsed = parseDayFileName(name);
    if (parsed === undefined || parsed.symbol !== symbol || parsed.series !== series) continue;
    entries.push({ dayKey: parsed.dayKey, path: join(dir, name) });
  }
  return entries.sort((a, b) => (a.dayKey < b.dayKey ? -1 : a.dayKey > b.dayKey ? 1 : 0));
}
