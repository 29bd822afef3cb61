import { stat } from 'node:fs/promises';
import { ConfigError } from '../errors/exit-error.ts';

/**
 * Refuses a data directory that is not there, for the commands that only read it (`gaps`, `stats`,
 * `export`, `report`, `sink sync|check`): an answer about nothing would hide a mistyped path.
 */
export async function assertDataDirExists(dataDir: string): Promise<void> {
  const found = await stat(dataDir).catch(() => undefined);
  if (found?.isDirectory() !== true) {
    throw new ConfigError(
      `no data directory at ${dataDir}: expected a directory of day files (--data-dir or DATA_DIR)`,
    );
  }
}
