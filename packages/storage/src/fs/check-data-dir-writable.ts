import { randomBytes } from 'node:crypto';
import { open, stat, unlink } from 'node:fs/promises';
import { isOiError } from '@oi/errors';
import { CannotCreateDirectoryError } from '../model/errors.ts';
import { writeProbePath } from './data-dir-layout.ts';
import { ensureDirectory } from './durable-directory.ts';
import { isNotFound } from './not-found.ts';

/** Whether a data directory can take new files, and if not, one line that says why. */
export type DataDirCheck = { readonly ok: true } | { readonly ok: false; readonly problem: string };

function describeFailure(error: unknown): string {
  if (error instanceof CannotCreateDirectoryError) return error.reason;
  if (isOiError(error)) return error.message;
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}

/**
 * Makes sure `dataDir` exists (creating it and its parents) and accepts a new file, by creating
 * and removing a probe file: unlike `access(W_OK)` that also catches read-only mounts and works
 * when running as root. Expected failures are a value, so a command can report them before it
 * touches any data.
 */
export async function checkDataDirWritable(dataDir: string): Promise<DataDirCheck> {
  const notWritable = (detail: string): DataDirCheck => ({
    ok: false,
    problem: `data directory ${dataDir} is not writable: ${detail}`,
  });
  try {
    const info = await stat(dataDir).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
    if (info !== undefined && !info.isDirectory()) return notWritable('expected a directory, found a file');
    await ensureDirectory(dataDir);
    const probe = writeProbePath(dataDir, randomBytes(4).toString('hex'));
    await (await open(probe, 'wx')).close();
    await unlink(probe);
    return { ok: true };
  } catch (error) {
    return notWritable(describeFailure(error));
  }
}
