import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readTaskJournal } from '@oi/recovery';
import { describe, expect, it } from 'vitest';
import { simulatorUrls, useSimulator } from '../../test-support/e2e.ts';
import { KEYS, runInPty } from '../../test-support/run-in-pty.ts';
import { useInterruptedBackfills } from '../../test-support/seed-journal.ts';

// The recovery menu of `oi resume`, driven through a real pseudo-terminal.

const simulator = useSimulator({ seed: 5 });
const journal = useInterruptedBackfills();

const statuses = async () =>
  (await readTaskJournal(journal.current.dataDir)).map((task) => [task.id, task.status]);
const resume = (steps: Parameters<typeof runInPty>[1]['steps']) =>
  runInPty(
    ['resume', '--data-dir', journal.current.dataDir, ...simulatorUrls(simulator.sim.url), '-S', 'BTCUSDT'],
    {
      cwd: journal.current.root,
      steps,
    },
  );
const EXIT = KEYS.down + KEYS.down + KEYS.down + KEYS.down + KEYS.enter;

describe('oi resume: the recovery menu in a terminal', () => {
  it('"Mark a task done" marks the chosen task and shows the menu again; "Exit" leaves the rest', async () => {
    const { ids } = journal.current;
    const run = await resume([
      { waitFor: /What now\?/, send: KEYS.down + KEYS.down + KEYS.enter },
      { waitFor: /Mark which task done\?/, send: KEYS.enter },
      { waitFor: /1 incomplete task/, send: EXIT },
    ]);
    expect(run.code).toBe(0);
    expect(run.screen).toContain(`marked done: ${ids[0]}`);
    expect(await statuses()).toEqual([
      [ids[0], 'done'],
      [ids[1], 'interrupted'],
    ]);
  });

  it('"Resume one task" runs just that task to the end', async () => {
    const { ids, dataDir } = journal.current;
    const run = await resume([
      { waitFor: /What now\?/, send: KEYS.down + KEYS.enter },
      { waitFor: /Resume which task\?/, send: KEYS.down + KEYS.enter },
    ]);
    expect(run.code).toBe(0);
    expect(run.screen).toContain('resumed 1 task(s)');
    expect(await statuses()).toEqual([
      [ids[0], 'interrupted'],
      [ids[1], 'done'],
    ]);
    expect(await readdir(join(dataDir, 'open_interest'))).toEqual(['ETHUSDT']);
  });

  it('"Resume all" finishes every task', async () => {
    const run = await resume([{ waitFor: /What now\?/, send: KEYS.enter }]);
    expect(run.code).toBe(0);
    expect((await statuses()).map(([, status]) => status)).toEqual(['done', 'done']);
  });

  it('"Exit" changes nothing', async () => {
    const run = await resume([{ waitFor: /What now\?/, send: EXIT }]);
    expect(run.code).toBe(0);
    expect((await statuses()).map(([, status]) => status)).toEqual(['interrupted', 'interrupted']);
  });
});
