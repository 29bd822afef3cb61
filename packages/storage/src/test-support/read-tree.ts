import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Every file under `root/open_interest` as relative path -> content, for byte-for-byte comparisons. */
export async function readDayFileTree(root: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const base = join(root, 'open_interest');
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else result[relative(base, path)] = await readFile(path, 'utf8');
    }
  };
  await walk(base);
  return result;
}
