import { readdir } from 'node:fs/promises';
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
