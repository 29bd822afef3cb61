import { describe, expect, it } from 'vitest';
import { createTestContext, scriptedPrompter } from '../../test-support/command-context.ts';
import { simulatorUrls, useSimulator } from '../../test-support/e2e.ts';
import {
  isStoreLocked,
  itFailsOnTheLockWithoutAsking,
  useLockedDataDir,
} from '../../test-support/locked-data-dir.ts';
import { parseArgs, useConfiguredDirectory } from '../../test-support/parse-args.ts';

// `oi collect` while another collector (here: this test) holds the data directory's writer lock.

const cwd = useConfiguredDirectory();
const simulator = useSimulator({ seed: 5 });
const locked = useLockedDataDir();

const collect = (...extra: string[]) =>
  parseArgs(
    ['collect', '--data-dir', locked.current.dataDir, ...simulatorUrls(simulator.sim.url), ...extra],
    cwd.path,
  );

describe('oi collect and the writer lock', () => {
  it('a task marked done in the menu stays as it was when the lock is held elsewhere', async () => {
    const before = await locked.current.readJournal();
    const [, second = ''] = locked.current.taskNames;
    const prompter = scriptedPrompter(['Mark a task done', second, 'Start collecting (a new task)']);
    const outcome = await (await collect())
      .run(createTestContext({ prompter }))
      .catch((error: unknown) => error);
    expect(prompter.asked).toHaveLength(3);
    expect(isStoreLocked(outcome)).toBe(true);
    expect(await locked.current.readJournal()).toEqual(before);
  });

  itFailsOnTheLockWithoutAsking(locked, (choice) => collect(choice));
});
