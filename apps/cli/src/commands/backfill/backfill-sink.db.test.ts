import { join } from 'node:path';
import { createTestDatabase } from '@oi/sink/test-support/test-database';
import { describe, expect, it } from 'vitest';
import { parseJson, useE2eWorld, yesterdayFlags } from '../../test-support/e2e.ts';
import { fileRows, sinkRows } from '../../test-support/sink-tables.ts';
import { startTcpProxy } from '../../test-support/tcp-proxy.ts';

// `oi backfill --sink` as a child process against the simulator, into databases of the MariaDB and
// PostgreSQL servers started for the *.db.test.ts files.

const world = useE2eWorld();

describe.each(['mysql', 'postgres'] as const)('oi backfill --sink %s://', (kind) => {
  it('leaves the database holding exactly the rows of the files, values numerically equal', async () => {
    const db = await createTestDatabase(kind);
    try {
      const dataDir = `data-${kind}`;
      const backfill = () =>
        world.oi(['backfill', ...yesterdayFlags(), '--data-dir', dataDir, '--sink', db.url, '--json']);
      const run = await backfill();
      expect(run.code, run.stderr).toBe(0);
      expect(parseJson(run.stdout)['sink']).toMatchObject({
        url: expect.stringMatching(new RegExp(`^${kind}://\\*\\*\\*:\\*\\*\\*@127\\.0\\.0\\.1:`)),
        upToDate: true,
        inserted: 576,
        conflicts: 0,
        outages: 0,
      });
      expect(`${run.stdout}${run.stderr}`).not.toContain(db.server.password);
      const files = await fileRows(join(world.cwd, dataDir), '5m');
      expect(files).toHaveLength(576);
      expect(await sinkRows(db, '5m')).toEqual(files);
      expect(await sinkRows(db, '1m')).toEqual([]);

      // A second run stores nothing twice: every row comes back unchanged.
      const again = await backfill();
      expect(again.code, again.stderr).toBe(0);
      expect(parseJson(again.stdout)['sink']).toMatchObject({ upToDate: true, inserted: 0, unchanged: 576 });
      expect(await sinkRows(db, '5m')).toEqual(files);
    } finally {
      await db.close();
    }
  });
});

describe('oi backfill with a sink that does not answer', () => {
  it('fills the files, reports the lag with exit 3, and oi sink sync catches up once the sink is back', async () => {
    const db = await createTestDatabase('mysql');
    const proxy = await startTcpProxy(db.server.port);
    try {
      const url = db.url.replace(`:${db.server.port}/`, `:${proxy.port}/`);
      await proxy.cut();
      const run = await world.oi([
        'backfill',
        ...yesterdayFlags(),
        '--data-dir',
        'down',
        '--sink',
        url,
        '--json',
      ]);
      expect(run.code, run.stderr).toBe(3);
      const result = parseJson(run.stdout);
      expect(result['slotsWritten']).toBe(576);
      expect(result['remaining']).toMatchObject({ missingSlots: 0 });
      expect(result['sink']).toMatchObject({
        upToDate: false,
        inserted: 0,
        outages: 1,
        lag: { '5m': { rows: 576 }, '1m': { rows: 0 } },
        lastError: expect.stringMatching(/unavailable/),
      });
      const warnings = run.stderr.split('\n').filter((line) => / warn .*sink/.test(line));
      expect(warnings).toEqual([expect.stringMatching(/sink mysql:\/\/\*\*\*:\*\*\*@.* is unavailable/)]);
      expect(`${run.stdout}${run.stderr}`).not.toContain(db.server.password);

      await proxy.restore();
      const sync = await world.oi(['sink', 'sync', '--sink', url, '--data-dir', 'down', '--json']);
      expect(sync.code, sync.stderr).toBe(0);
      expect(parseJson(sync.stdout)).toMatchObject({ rows: 576, inserted: 576, conflicts: 0 });
      expect(await sinkRows(db, '5m')).toEqual(await fileRows(join(world.cwd, 'down'), '5m'));
    } finally {
      await proxy.close();
      await db.close();
    }
  });
});

describe('oi backfill into a sink that holds other values', () => {
  it('reports the conflict (log, result, exit 3) and leaves the stored value as it was', async () => {
    const db = await createTestDatabase('postgres');
    try {
      const args = [
        'backfill',
        ...yesterdayFlags(),
        '-S',
        'BTCUSDT',
        '--data-dir',
        'conflict',
        '--sink',
        db.url,
      ];
      const first = await world.oi(args);
      expect(first.code, first.stderr).toBe(0);
      const [[slot] = []] = await db.query('SELECT MIN("timestamp") FROM open_interest_5m');
      await db.query('UPDATE open_interest_5m SET open_interest = 1.5 WHERE "timestamp" = $1', [slot]);

      const again = await world.oi([...args, '--json']);
      expect(again.code, again.stderr).toBe(3);
      expect(parseJson(again.stdout)['sink']).toMatchObject({
        upToDate: true,
        inserted: 0,
        conflicts: 1,
        conflictSamples: [
          {
            symbol: 'BTCUSDT',
            series: '5m',
            timestamp: Number(slot),
            column: 'open_interest',
            stored: '1.5',
          },
        ],
      });
      expect(again.stderr).toMatch(/ warn .*1 values differ from the files and were kept as stored/);
      const [[stored] = []] = await db.query(
        'SELECT open_interest FROM open_interest_5m WHERE "timestamp" = $1',
        [slot],
      );
      expect(Number(stored)).toBe(1.5);
    } finally {
      await db.close();
    }
  });
});
