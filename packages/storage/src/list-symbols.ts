import { readdir } from 'node:fs/promises';
import { isNotFound } from './durable-fs.ts';
import { openInterestDirPath } from './paths.ts';
import { isSymbol } from './symbol.ts';

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
