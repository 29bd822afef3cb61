import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UnsafeEntryError } from '../model/errors.ts';
import type { Series } from '../model/series.ts';
import { parseDayFileName, QUARANTINE_SUFFIX, seriesDirPath } from './data-dir-layout.ts';
import { isNotFound } from './not-found.ts';
import { assertNoLinksToSeries } from './safe-entries.ts';

/** A day file found on disk. */
export interface DayFileEntry {
  readonly dayKey: string;
  readonly path: string;
}

/** What the series folder of one symbol holds: its day files and the quarantine files beside them. */
export interface SeriesFolderListing {
  /** Day files, oldest day first. */
  readonly dayFiles: readonly DayFileEntry[];
  /** `<day file>.quarantine` files, oldest day first. */
  readonly quarantineFiles: readonly DayFileEntry[];
}

const byDay = (a: DayFileEntry, b: DayFileEntry): number =>
  a.dayKey < b.dayKey ? -1 : a.dayKey > b.dayKey ? 1 : 0;

/**
 * Lists the series folder of `symbol`: day files and quarantine files of that folder (other names
 * are ignored). A symbolic link on the way or in place of a day file, or a day file name on
 * something other than a regular file, is an UnsafeEntryError: readers never follow one.
 */
export async function listSeriesFolder(
  dataDir: string,
  symbol: string,
  series: Series,
): Promise<SeriesFolderListing> {
  await assertNoLinksToSeries(dataDir, symbol, series);
  const dir = seriesDirPath(dataDir, symbol, series);
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isNotFound(error)) return { dayFiles: [], quarantineFiles: [] };
    throw error;
  }
  const dayFiles: DayFileEntry[] = [];
  const quarantineFiles: DayFileEntry[] = [];
  for (const entry of entries) {
    const quarantined = entry.name.endsWith(QUARANTINE_SUFFIX);
    const parsed = parseDayFileName(
      quarantined ? entry.name.slice(0, -QUARANTINE_SUFFIX.length) : entry.name,
    );
    if (parsed === undefined || parsed.symbol !== symbol || parsed.series !== series) continue;
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) throw new UnsafeEntryError(path, 'symlink');
    if (!entry.isFile()) {
      if (quarantined) continue;
      throw new UnsafeEntryError(path, 'not-a-file');
    }
    (quarantined ? quarantineFiles : dayFiles).push({ dayKey: parsed.dayKey, path });
  }
  return { dayFiles: dayFiles.sort(byDay), quarantineFiles: quarantineFiles.sort(byDay) };
}

/** The day files of one symbol and series, oldest day first (see {@link listSeriesFolder}). */
export async function listDayFiles(dataDir: string, symbol: string, series: Series): Promise<DayFileEntry[]> {
  return [...(await listSeriesFolder(dataDir, symbol, series)).dayFiles];
}
