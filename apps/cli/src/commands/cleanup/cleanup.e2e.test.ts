import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJson, useE2eWorld } from '../../test-support/e2e.ts';

// `oi cleanup` as a child process, over a data directory holding yesterday's 5m rows of two symbols.

const world = useE2eWorld({ seedYesterday: true });

describe('oi cleanup', () => {
  it('cleanup --dry-run lists, cleanup deletes, old --cleanup works too', async () => {
    const dayDir = join(world.cwd, 'data/open_interest/BTCUSDT/5m');
    const before = await readdir(dayDir);
    const dry = await world.oi(['cleanup', '--days', '0', '--dry-run', '--data-dir', 'data', '--json']);
    expect(dry.code).toBe(0);
    const listed = parseJson(dry.stdout) as { files: unknown[]; dryRun: boolean };
    expect(listed.dryRun).toBe(true);
    expect(listed.files.length).toBeGreaterThan(0);
    expect(await readdir(dayDir)).toEqual(before);
    const kept = await world.oi(['--cleanup', '3650', '--data-dir', 'data', '--json']);
    expect(parseJson(kept.stdout)).toMatchObject({ files: [] });
    const deleted = await world.oi(['cleanup', '--days', '0', '--data-dir', 'data', '--json']);
    expect(parseJson(deleted.stdout)).toMatchObject({
      dryRun: false,
      files: [expect.anything(), expect.anything()],
    });
  });
});
