import { join } from 'node:path';
import { createTestDatabase } from '@oi/sink/test-support/test-database';
import { hashTree, runOi } from '@oi/test-support';
import { expect, it } from 'vitest';
import { DAY_MS, parseJson, useE2eWorld, yesterdayStartMs } from '../../test-support/e2e.ts';
import { fileRows, sinkRows } from '../../test-support/sink-tables.ts';

// A backfill with a sink killed with SIGKILL while it feeds the database, then `oi sink sync`.

const world = useE2eWorld();
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

it('kill -9 during a backfill with a sink, then oi sink sync: the database equals the files, nothing twice, no partial batch', async () => {
  const db = await createTestDatabase('mysql');
  const rowsInSink = async (): Promise<number> => {
    const [[count] = []] = await db.query('SELECT COUNT(*) FROM open_interest_5m').catch(() => [[0]]);
    return Number(count);
  };
  try {
    const range = ['--from', day(yesterdayStartMs() - 24 * DAY_MS), '--to', day(yesterdayStartMs())];
    const sink = ['--sink', db.url, '--data-dir', 'crash'];
    let killedWith = 0;
    const run = await runOi(
      [
        'backfill',
        ...range,
        ...sink,
        '--concurrency',
        '1',
        '--fapi-url',
        world.sim.url,
        '--archive-url',
        world.sim.url,
      ],
      {
        cwd: world.cwd,
        onSpawn: (child) => {
          // Killed as soon as the database holds some of the rows: the feed is then mid-way.
          const poll = setInterval(() => {
            void rowsInSink().then((rows) => {
              if (rows === 0 || killedWith > 0) return;
              killedWith = rows;
              clearInterval(poll);
              child.kill('SIGKILL');
            });
          }, 20);
          child.on('close', () => clearInterval(poll));
        },
      },
    );
    expect(run.signal, run.stderr).toBe('SIGKILL');
    expect(killedWith).toBeGreaterThan(0);

    // Whatever the kill left, the database holds only rows of the files, with their values.
    const check = await world.oi(['sink', 'check', ...sink, '--json']);
    expect(parseJson(check.stdout)).toMatchObject({ missingInFiles: 0, different: 0 });

    // The sync reads the files without the writer lock the killed run left behind, and writes none.
    const dataDir = join(world.cwd, 'crash');
    const before = await hashTree(dataDir);
    const sync = await world.oi(['sink', 'sync', ...sink, '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    expect(parseJson(sync.stdout)).toMatchObject({ conflicts: 0 });
    expect(await hashTree(dataDir)).toBe(before);

    const after = await world.oi(['sink', 'check', ...sink]);
    expect(after.code, after.stdout).toBe(0);
    expect(after.stdout).toMatch(/: in sync$/m);
    const files = await fileRows(dataDir, '5m');
    expect(files.length).toBeGreaterThanOrEqual(killedWith);
    expect(await sinkRows(db, '5m')).toEqual(files);
    const duplicates = await db.query(
      'SELECT symbol, `timestamp` FROM open_interest_5m GROUP BY symbol, `timestamp` HAVING COUNT(*) > 1',
    );
    expect(duplicates).toEqual([]);
  } finally {
    await db.close();
  }
});
