import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openInterestDirPath } from '../fs/data-dir-layout.ts';
import { isNotFound } from '../fs/not-found.ts';
import { assertNoLinkToOpenInterest } from '../fs/safe-entries.ts';
import { UnsafeEntryError } from '../model/errors.ts';
import { isSymbol } from '../model/symbol.ts';

/**
 * The symbols that have a folder under `<data>/open_interest`, sorted; other entries are ignored.
 * A symbol's name on a symbolic link is an UnsafeEntryError rather than a symbol left out unseen.
 */
export async function listSymbols(dataDir: string): Promise<readonly string[]> {
  await assertNoLinkToOpenInterest(dataDir);
  const dir = openInterestDirPath(dataDir);
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    const linked = entries.find((entry) => entry.isSymbolicLink() && isSymbol(entry.name));
    if (linked !== undefined) throw new UnsafeEntryError(join(dir, linked.name), 'symlink');
    return entries
      .filter((entry) => entry.isDirectory() && isSymbol(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}
