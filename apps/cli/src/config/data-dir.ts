import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Parsed } from './value-parsers.ts';

/**
 * Makes sure `dataDir` exists and accepts a new file, by creating and removing a probe file. A probe
 * (rather than `access(W_OK)`) also catches read-only mounts and works when running as root.
 */
export async function checkDataDirWritable(dataDir: string): Promise<Parsed<void>> {
  try {
    const info = await stat(dataDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info !== undefined && !info.isDirectory()) {
      return {
        ok: false,
        problem: `data directory ${dataDir} is not writable: expected a directory, found a file`,
      };
    }
    await mkdir(dataDir, { recursive: true });
    const probe = join(dataDir, `.oi-write-probe-${randomBytes(4).toString('hex')}`);
    await writeFile(probe, '');
    await rm(probe, { force: true });
    return { ok: true, value: undefined };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { ok: false, problem: `data directory ${dataDir} is not writable: ${code}` };
  }
}
