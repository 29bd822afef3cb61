import { describe, expect, it } from 'vitest';
import { createTestContext, scriptedPrompter } from '../../test-support/command-context.ts';
import { simulatorUrls, useSimulator, yesterdayFlags } from '../../test-support/e2e.ts';
import {
  isStoreLocked,
  itFailsOnTheLockWithoutAsking,
  useLockedDataDir,
} from '../../test-support/locked-data-dir.ts';
import { parseArgs, useConfiguredDirectory } from '../../test-support/parse-args.ts';

// `oi backfill` while another process (here: this test) holds the data directory's writer lock.

const cwd = useConfiguredDirectory();
const simulator = useSimulator({ seed: 5 });
const locked = useLockedDataDir();

const backfill = (...extra: string[]) =>
  parseArgs(
    [
      'backfill',
      ...yesterdayFlags(),
      '--data-dir',
      locked.current.dataDir,
      ...simulatorUrls(simulator.sim.url),
      ...extra,
    ],
    cwd.path,
  );

describe('oi backfill and the writer lock', () => {
  it('a task marked done in the menu stays as it was when the lock is held elsewhere', async () => {
    const before = await locked.current.readJournal();
    const [first = ''] = locked.current.taskNames;
    const prompter = scriptedPrompter([true, 'Mark a task done', first, 'Start the new backfill']);
    const outcome = await (await backfill())
      .run(createTestContext({ prompter }))
      .catch((error: unknown) => error);
    expect(prompter.asked).toHaveLength(4);
    expect(isStoreLocked(outcome)).toBe(true);
    expect(await locked.current.readJournal()).toEqual(before);
  });

  itFailsOnTheLockWithoutAsking(locked, (choice) => backfill(choice, '--yes'));
});
