import { mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectory } from '../test-support/e2e.ts';
import { isStoreLocked } from '../test-support/locked-data-dir.ts';
import { withDataDirWriter } from './data-dir-writer.ts';

const root = useTemporaryDirectory('oi-writer-');

describe('withDataDirWriter', () => {
  it('holds the lock while work runs: a second writer fails on it before opening the journal', async () => {
    const dataDir = join(root.path, 'held');
    const second = await withDataDirWriter(dataDir, Date.now, () =>
      withDataDirWriter(dataDir, Date.now, async () => 'opened').catch((error: unknown) => error),
    );
    expect(isStoreLocked(second)).toBe(true);
    expect(await readdir(join(dataDir, 'state'))).not.toContain('running_tasks.json');
  });

  it("reports work's failure and releases the lock for the next writer", async () => {
    const dataDir = join(root.path, 'failed');
    const failure = new Error('work failed');
    await expect(
      withDataDirWriter(dataDir, Date.now, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    await expect(
      withDataDirWriter(dataDir, Date.now, async (writer) => {
        await writer.journal.begin({
          type: 'backfill',
          symbols: ['BTCUSDT'],
          range: { startMs: 0, endMs: 300_000 },
        });
        return writer.journal.list().length;
      }),
    ).resolves.toBe(1);
  });
});

describe('a storage failure no other symbol can get past', () => {
  it('stops the run and is the failure reported, even when the work swallowed it', async () => {
    const dataDir = join(root.path, 'linked');
    const elsewhere = join(root.path, 'elsewhere');
    await mkdir(join(dataDir, 'open_interest'), { recursive: true });
    await mkdir(elsewhere);
    await symlink(elsewhere, join(dataDir, 'open_interest', 'BTCUSDT'));
    let stoppedSeen = false;
    const outcome = await withDataDirWriter(dataDir, Date.now, async (writer) => {
      // What the engine does with a failed merge: count it against the symbol and go on.
      await writer.store
        .merge('BTCUSDT', '5m', [{ slotMs: 0, openInterest: '1', openInterestValue: '' }])
        .catch(() => undefined);
      stoppedSeen = writer.stopped.aborted;
      return 'finished';
    }).catch((error: unknown) => error);
    expect(stoppedSeen).toBe(true);
    expect(outcome).toMatchObject({ code: 'UNSAFE_ENTRY' });
    expect(await readdir(elsewhere)).toEqual([]);
  });
});
