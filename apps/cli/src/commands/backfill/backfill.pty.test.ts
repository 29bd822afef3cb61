import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readTaskJournal } from '@oi/recovery';
import { describe, expect, it } from 'vitest';
import { simulatorUrls, useSimulator, yesterdayFlags } from '../../test-support/e2e.ts';
import { KEYS, runInPty } from '../../test-support/run-in-pty.ts';
import { useInterruptedBackfills } from '../../test-support/seed-journal.ts';

// The backfill confirmation and the recovery menu of `oi backfill`, driven through a real
// pseudo-terminal, with two interrupted backfills in the journal.

const simulator = useSimulator({ seed: 5 });
const journal = useInterruptedBackfills();

const statuses = async () => (await readTaskJournal(journal.current.dataDir)).map((task) => task.status);
const backfill = (extra: readonly string[], steps: Parameters<typeof runInPty>[1]['steps']) =>
  runInPty(
    [
      'backfill',
      ...yesterdayFlags(),
      '--data-dir',
      journal.current.dataDir,
      ...simulatorUrls(simulator.sim.url),
      '-S',
      'BTCUSDT',
      ...extra,
    ],
    { cwd: journal.current.root, steps },
  );

describe('oi backfill in a terminal', () => {
  it('"Start a new task" leaves the old tasks and runs the new one, after an honest confirmation', async () => {
    const run = await backfill(
      [],
      [
        { waitFor: /Backfill\?/, send: `y${KEYS.enter}` },
        { waitFor: /What now\?/, send: KEYS.down + KEYS.down + KEYS.down + KEYS.enter },
      ],
    );
    expect(run.code).toBe(0);
    expect(run.screen).toContain(
      '288 5m slots can be backfilled, 1440 1m slots cannot be recovered. Backfill?',
    );
    expect(await statuses()).toEqual(['interrupted', 'interrupted', 'done']);
    expect(await readdir(join(journal.current.dataDir, 'open_interest'))).toEqual(['BTCUSDT']);
  });

  it('declining the backfill confirmation touches nothing', async () => {
    const run = await backfill([], [{ waitFor: /Backfill\?/, send: `n${KEYS.enter}` }]);
    expect(run.code).toBe(0);
    expect(run.screen).toContain('nothing done');
    expect(await readdir(journal.current.dataDir)).toEqual(['state']);
  });

  it('--yes and --resume skip every question (script use)', async () => {
    const run = await backfill(['--yes', '--resume'], []);
    expect(run.code).toBe(0);
    expect(await statuses()).toEqual(['done', 'done', 'done']);
  });
});
