import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestContext } from '../../test-support/command-context.ts';
import { isStoreLocked, useLockedDataDir } from '../../test-support/locked-data-dir.ts';
import { runCleanup } from './index.ts';

// `oi cleanup` deletes day files, so it must not run under a collector: it takes the writer lock.

const locked = useLockedDataDir();
const DAY_MS = 86_400_000;
const OLD_DAY_MS = Date.UTC(2020, 0, 1);

describe('oi cleanup under a running writer', () => {
  it('is refused on the lock and deletes nothing; a dry run only reads and still lists', async () => {
    const { dataDir } = locked.current;
    // Written by hand: the store of this test holds the lock, as a collector would.
    const folder = join(dataDir, 'open_interest', 'BTCUSDT', '5m');
    await mkdir(folder, { recursive: true });
    await writeFile(
      join(folder, 'BTCUSDT-oi-5m-2020-01-01.csv'),
      `timestamp,datetime_utc,openInterest,sumOpenInterestValue\n${OLD_DAY_MS},2020-01-01T00:00:00.000Z,1.5,2.5\n`,
    );
    const before = await readdir(folder);
    const input = { dataDir, nowMs: OLD_DAY_MS + 100 * DAY_MS, logger: createTestContext().logger };
    const outcome = await runCleanup({ days: 1, dryRun: false }, input).catch((error: unknown) => error);
    expect(isStoreLocked(outcome)).toBe(true);
    expect(await readdir(folder)).toEqual(before);
    const dry = await runCleanup({ days: 1, dryRun: true }, input);
    expect(dry.data).toMatchObject({ dryRun: true, files: [expect.objectContaining({ symbol: 'BTCUSDT' })] });
    expect(await readdir(folder)).toEqual(before);
  });
});
