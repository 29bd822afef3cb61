import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary data directory and a function that removes it. */
export async function makeTempDataDir(): Promise<{ dataDir: string; remove: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'oi-storage-'));
  return { dataDir, remove: () => rm(dataDir, { recursive: true, force: true }) };
}
