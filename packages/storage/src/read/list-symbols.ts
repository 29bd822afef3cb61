import { readdir } from 'node:fs/promises';
import { openInterestDirPath } from '../fs/data-dir-layout.ts';
import { isNotFound } from '../fs/not-found.ts';
import { isSymbol } from '../model/symbol.ts';

/** The symbols that have a folder under `<data>/open_interest`, sorted; other entries are ignored. */
export async function listSymbols(dataDir: string): Promise<readonly string[]> {
  try {
    const entries = await readdir(openInterestDirPath(dataDir), { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && isSymbol(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}
