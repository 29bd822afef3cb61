import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InvalidExportOptionsError, OutputExistsError } from './errors.ts';

/** The file name of each hive partition's one file. */
export const PARTITION_FILE_NAME = 'part-0.parquet';

/**
 * Where an export writes while it runs and how it makes the result appear: everything goes to a
 * temporary name beside `out` (a file, or a folder of partitions) that is renamed to `out` only
 * once every file is complete and on disk, so `out` is never partial; a failed export removes it.
 */
export interface OutputTarget {
  /** The temporary path of the next file: the single file, or `<partition>/part-0.parquet`. */
  fileFor(partition: string | undefined): Promise<string>;
  /** Where a file returned by fileFor ends up after commit. */
  finalPathOf(partition: string | undefined): string;
  /** Renames the temporary output to `out` and flushes the folders involved. */
  commit(): Promise<void>;
  /** Removes the temporary output; never throws. */
  discard(): Promise<void>;
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Checks `out` and picks the temporary name: a single file may replace an existing file (the rename
 * is atomic); a partitioned dataset needs `out` absent or an empty folder. The parent folder is
 * created when missing.
 */
export async function prepareOutput(out: string, partitioned: boolean): Promise<OutputTarget> {
  if (typeof out !== 'string' || out === '' || out.includes('\0')) {
    throw new InvalidExportOptionsError('out', `${JSON.stringify(out)} is not a path`);
  }
  const target = resolve(out);
  const parent = dirname(target);
  const existing = await statOrUndefined(target);
  if (!partitioned && existing?.isDirectory()) throw new OutputExistsError(target, 'it is a directory');
  if (partitioned && existing !== undefined) {
    if (!existing.isDirectory()) throw new OutputExistsError(target, 'it is a file, not a folder');
    if ((await readdir(target)).length > 0) throw new OutputExistsError(target, 'the folder is not empty');
  }
  await mkdir(parent, { recursive: true });
  const temp = join(parent, `.${basename(target)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const partitions: string[] = [];
  if (partitioned) await mkdir(temp);

  return {
    async fileFor(partition) {
      if (partition === undefined) return temp;
      const folder = join(temp, partition);
      await mkdir(folder);
      partitions.push(folder);
      return join(folder, PARTITION_FILE_NAME);
    },
    finalPathOf(partition) {
      return partition === undefined ? target : join(target, partition, PARTITION_FILE_NAME);
    },
    async commit() {
      if (partitioned) {
        for (const folder of partitions) await syncDirectory(folder);
        await syncDirectory(temp);
      }
      try {
        // A folder replaces `out` only when `out` is an empty folder (or absent): rename refuses others.
        await rename(temp, target);
      } catch (error) {
        const code = codeOf(error);
        if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EISDIR' || code === 'ENOTDIR') {
          throw new OutputExistsError(target, `it was taken while the export ran (${code})`, {
            cause: error,
          });
        }
        throw error;
      }
      await syncDirectory(parent);
    },
    async discard() {
      await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}
