import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode } from '@oi/errors';
import { readTaskJournal } from '@oi/recovery';
import { openStore, STORAGE_ERROR_CODES, type Store } from '@oi/storage';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Invocation } from '../cli/parse-command-line.ts';
import { describeTask } from '../engine/recovery-menu.ts';
import { createTestContext } from './command-context.ts';
import { DAY_MS, yesterdayStartMs } from './e2e.ts';
import { seedInterruptedBackfills } from './seed-journal.ts';

/** A data directory with two interrupted backfills in its journal, whose writer lock this process holds. */
export interface LockedDataDir {
  readonly dataDir: string;
  /** How the recovery menu names each task, oldest first (what a scripted prompter picks). */
  readonly taskNames: readonly string[];
  /** The journal file's bytes now. */
  readJournal(): Promise<Buffer>;
  /** Releases the lock and removes the directory. */
  dispose(): Promise<void>;
}

/**
 * Makes a data directory holding yesterday's two interrupted BTCUSDT and ETHUSDT backfills and takes
 * its writer lock, as a running collector would.
 */
export async function holdLockedDataDir(): Promise<LockedDataDir> {
  const dataDir = await mkdtemp(join(tmpdir(), 'oi-locked-'));
  const start = yesterdayStartMs();
  await seedInterruptedBackfills(dataDir, ['BTCUSDT', 'ETHUSDT'], {
    startMs: start,
    endMs: start + DAY_MS,
  });
  const taskNames = (await readTaskJournal(dataDir)).map(describeTask);
  const store: Store = await openStore({ dataDir });
  return {
    dataDir,
    taskNames,
    readJournal: () => readFile(join(dataDir, 'state', 'running_tasks.json')),
    dispose: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh {@link holdLockedDataDir} for each test of the file; read `.current` inside a test. */
export function useLockedDataDir(): { readonly current: LockedDataDir } {
  let locked: LockedDataDir | undefined;
  beforeEach(async () => {
    locked = await holdLockedDataDir();
  });
  afterEach(async () => {
    await locked?.dispose();
  });
  return {
    get current() {
      if (locked === undefined) throw new Error('the locked data directory is made in beforeEach');
      return locked;
    },
  };
}

/** Whether a command failed because another process holds the data directory's writer lock. */
export const isStoreLocked = (error: unknown): boolean =>
  hasErrorCode(error, STORAGE_ERROR_CODES.STORE_LOCKED);

/**
 * Checks that a command run with `--resume` and with `--no-resume` (so nothing asks) fails on the
 * held lock and leaves the journal byte for byte as it was.
 */
export function itFailsOnTheLockWithoutAsking(
  locked: { readonly current: LockedDataDir },
  invocationWith: (choice: string) => Promise<Invocation>,
): void {
  it.each([['--resume'], ['--no-resume']])(
    '%s fails on the lock before touching the journal',
    async (choice) => {
      const before = await locked.current.readJournal();
      const outcome = await (await invocationWith(choice))
        .run(createTestContext())
        .catch((error: unknown) => error);
      expect(isStoreLocked(outcome)).toBe(true);
      expect(await locked.current.readJournal()).toEqual(before);
    },
  );
}
