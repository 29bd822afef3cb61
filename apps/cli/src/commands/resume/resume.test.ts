import { describe, expect, it } from 'vitest';
import { createTestContext, scriptedPrompter } from '../../test-support/command-context.ts';
import { isStoreLocked, useLockedDataDir } from '../../test-support/locked-data-dir.ts';
import { parseArgs, useConfiguredDirectory } from '../../test-support/parse-args.ts';

// `oi resume` while another process (here: this test) holds the data directory's writer lock.

const cwd = useConfiguredDirectory();
const locked = useLockedDataDir();

describe('oi resume and the writer lock', () => {
  it('"Mark a task done" fails on the lock and leaves the journal byte for byte as it was', async () => {
    const before = await locked.current.readJournal();
    const invocation = await parseArgs(['resume', '--data-dir', locked.current.dataDir], cwd.path);
    const [first = ''] = locked.current.taskNames;
    const prompter = scriptedPrompter(['Mark a task done', first, 'Exit']);
    const outcome = await invocation.run(createTestContext({ prompter })).catch((error: unknown) => error);
    expect(isStoreLocked(outcome)).toBe(true);
    expect(await locked.current.readJournal()).toEqual(before);
  });

  it('--no-resume only lists, which needs no lock', async () => {
    const before = await locked.current.readJournal();
    const invocation = await parseArgs(
      ['resume', '--no-resume', '--data-dir', locked.current.dataDir],
      cwd.path,
    );
    const result = await invocation.run(createTestContext());
    expect(result.data).toMatchObject({
      resumed: [],
      tasks: [{ status: 'interrupted' }, { status: 'interrupted' }],
    });
    expect(await locked.current.readJournal()).toEqual(before);
  });
});
