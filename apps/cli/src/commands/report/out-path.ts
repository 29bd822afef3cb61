import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../../errors/exit-error.ts';

/** `path` with its symbolic links resolved as far as it exists; the part that does not yet exist is kept. */
async function realPathSoFar(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(await realPathSoFar(parent), basename(absolute));
  }
}

/** Whether `path` is `directory` or lies anywhere under it, after symbolic links. */
export async function isWithinDirectory(directory: string, path: string): Promise<boolean> {
  const [realDirectory, realPath] = await Promise.all([realPathSoFar(directory), realPathSoFar(path)]);
  const fromDirectory = relative(realDirectory, realPath);
  const outside = fromDirectory === '..' || fromDirectory.startsWith(`..${sep}`) || isAbsolute(fromDirectory);
  return !outside;
}

/**
 * Refuses, as a UsageError, an output file the report may not be written to: anywhere inside the data
 * directory (a report reads the data, it never adds files to it), or a path that is a directory.
 */
export async function checkReportOutPath(outPath: string, dataDir: string): Promise<void> {
  if (await isWithinDirectory(dataDir, outPath)) {
    throw new UsageError(
      `invalid --out: expected a file outside the data directory ${dataDir}, found ${outPath}`,
    );
  }
  const existing = await stat(outPath).catch(() => undefined);
  if (existing?.isDirectory() === true) {
    throw new UsageError(`invalid --out: expected a file, found the directory ${outPath}`);
  }
}
