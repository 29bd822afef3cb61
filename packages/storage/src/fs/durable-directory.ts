import { constants } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CannotCreateDirectoryError } from '../model/errors.ts';

/** fsyncs a directory so a rename or create inside it survives a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

type EntryKind = 'directory' | 'other' | 'missing';

async function entryKind(path: string, target: string): Promise<EntryKind> {
  try {
    return (await stat(path)).isDirectory() ? 'directory' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: some ancestor is a file; walking up finds it and names it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw new CannotCreateDirectoryError(target, path, code, `cannot inspect ${path} (${code})`, {
      cause: error,
    });
  }
}

/**
 * Creates `dir` and any missing parents, one level at a time, and fsyncs the parent of every
 * directory it created. Node's recursive mkdir retries forever when the system answers ENOENT for a
 * parent that exists (below a pseudo file system such as /proc); here each level is tried once, so
 * a refusal ends with CannotCreateDirectoryError naming the level and the system's code.
 */
export async function ensureDirectory(dir: string): Promise<void> {
  const target = resolve(dir);
  const missing: string[] = [];
  let current = target;
  for (;;) {
    const kind = await entryKind(current, target);
    if (kind === 'directory') break;
    if (kind === 'other') {
      throw new CannotCreateDirectoryError(target, current, 'ENOTDIR', `${current} is not a directory`);
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  missing.reverse();
  for (const level of missing) {
    try {
      await mkdir(level);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another process may have made it in the meantime; anything else is final.
      if (code === 'EEXIST' && (await entryKind(level, target)) === 'directory') continue;
      throw new CannotCreateDirectoryError(target, level, code, `mkdir ${level} failed (${code})`, {
        cause: error,
      });
    }
  }
  for (const level of missing) await syncDirectory(dirname(level));
}
