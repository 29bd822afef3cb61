import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { openTaskJournal } from '@oi/recovery';
import { beforeEach } from 'vitest';
import type { TimeRangeMs } from '../cli/range-flags.ts';
import { DAY_MS, useTemporaryDirectory, yesterdayStartMs } from './e2e.ts';

/** Writes one interrupted backfill task per symbol into a data directory's journal; returns their ids. */
export async function seedInterruptedBackfills(
  dataDir: string,
  symbols: readonly string[],
  range: TimeRangeMs,
): Promise<string[]> {
  const journal = await openTaskJournal({ dataDir });
  const ids: string[] = [];
  for (const symbol of symbols) {
    const task = await journal.begin({ type: 'backfill', symbols: [symbol], range });
    await task.finish('interrupted');
    ids.push(task.id);
  }
  await journal.flush();
  return ids;
}

/** A data directory and the ids of the tasks in its journal. */
export interface SeededJournal {
  /** Where the data directories live (a working directory for the child processes). */
  readonly root: string;
  readonly dataDir: string;
  readonly ids: readonly string[];
}

/**
 * For each test of the file, a fresh data directory whose journal holds yesterday's interrupted
 * BTCUSDT and ETHUSDT backfills; read `.current` inside a test.
 */
export function useInterruptedBackfills(): { readonly current: SeededJournal } {
  const root = useTemporaryDirectory('oi-journal-');
  let current: SeededJournal | undefined;
  beforeEach(async () => {
    const dataDir = await mkdtemp(join(root.path, 'data-'));
    const start = yesterdayStartMs();
    const ids = await seedInterruptedBackfills(dataDir, ['BTCUSDT', 'ETHUSDT'], {
      startMs: start,
      endMs: start + DAY_MS,
    });
    current = { root: root.path, dataDir, ids };
  });
  return {
    get current() {
      if (current === undefined) throw new Error('the journal is seeded in beforeEach');
      return current;
    },
  };
}
