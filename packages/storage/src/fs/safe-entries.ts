import { lstat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UnsafeEntryError } from '../model/errors.ts';
import type { Series } from '../model/series.ts';
import { openInterestDirPath, seriesDirPath } from './data-dir-layout.ts';
import { isNotFound } from './not-found.ts';

// Nothing under `<data>/open_interest` may be a symbolic link: a linked symbol or series folder would
// make every reader and writer work on files outside the data directory (and a writer replace them).
// The data directory itself may be a link (a data disk mounted elsewhere); what lies inside it may not.

/** Refuses `path` when it is a symbolic link; a missing entry is fine (a writer creates a real one). */
async function refuseLink(path: string): Promise<void> {
  try {
    if ((await lstat(path)).isSymbolicLink()) throw new UnsafeEntryError(path, 'symlink');
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/**
 * Checks that `<data>/open_interest`, its `<SYMBOL>` folder and the `<series>` folder below it are
 * not symbolic links (UnsafeEntryError otherwise). Outermost first, so the link named is the one
 * that leads away.
 */
export async function assertNoLinksToSeries(dataDir: string, symbol: string, series: Series): Promise<void> {
  const seriesDir = seriesDirPath(dataDir, symbol, series);
  await refuseLink(openInterestDirPath(dataDir));
  await refuseLink(dirname(seriesDir));
  await refuseLink(seriesDir);
}

/** Checks that `<data>/open_interest` is not a symbolic link (UnsafeEntryError otherwise). */
export function assertNoLinkToOpenInterest(dataDir: string): Promise<void> {
  return refuseLink(openInterestDirPath(dataDir));
}
