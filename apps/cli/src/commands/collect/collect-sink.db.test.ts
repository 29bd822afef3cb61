import { join } from 'node:path';
import { createScaledClock, startSimulator } from '@oi/binance-sim';
import { createTestDatabase } from '@oi/sink/test-support/test-database';
import { runOi } from '@oi/test-support';
import { expect, it } from 'vitest';
import { type ChildOutput, followStderr } from '../../test-support/child-output.ts';
import { parseJson, useTemporaryDirectory } from '../../test-support/e2e.ts';
import { fileRows, sinkRows } from '../../test-support/sink-tables.ts';
import { startTcpProxy } from '../../test-support/tcp-proxy.ts';

// `oi collect --sink` as a child process on a clock 20 times faster than real time, shared with its
// simulator through the OI_TEST_CLOCK hook; the database is reached through a proxy the test cuts.

const SPEED = 20;
const MINUTE = 60_000;
const root = useTemporaryDirectory('oi-collect-sink-');

it('a sink that stops answering for 3 minutes under oi collect loses nothing and is caught up while it runs', async () => {
  const db = await createTestDatabase('mysql');
  const proxy = await startTcpProxy(db.server.port);
  const origin = Date.UTC(2026, 0, 14, 0, 5, 20);
  const realOriginMs = Date.now();
  const clock = createScaledClock({ originMs: origin, realOriginMs, speed: SPEED });
  const sim = await startSimulator({ clock, seed: 3 });
  try {
    const url = db.url.replace(`:${db.server.port}/`, `:${proxy.port}/`);
    let output: ChildOutput | undefined;
    const running = runOi(
      [
        'collect',
        '-S',
        'BTCUSDT',
        '--hours',
        '6m',
        '--data-dir',
        'live',
        '--sink',
        url,
        '--json',
        '--fapi-url',
        sim.url,
        '--archive-url',
        sim.url,
      ],
      {
        cwd: root.path,
        env: { OI_TEST_CLOCK: `${SPEED}:${origin}:${realOriginMs}` },
        timeoutMs: 120_000,
        onSpawn: (child) => {
          output = followStderr(child);
        },
      },
    );
    // Down from the first tick that wrote a row, for three minutes of the collector's time.
    await output?.waitFor(/ tick \S+ \S+: 1 rows/);
    await proxy.cut();
    const downAt = clock.now();
    await clock.sleep(3 * MINUTE);
    await proxy.restore();
    const run = await running;

    expect(run.code, run.stderr).toBe(0);
    const result = parseJson(run.stdout);
    expect(result['stopReason']).toBe('duration');
    expect(result['sink']).toMatchObject({
      upToDate: true,
      conflicts: 0,
      outages: 1,
      lastError: null,
      lag: { '1m': { rows: 0, lagMs: 0 }, '5m': { rows: 0, lagMs: 0 } },
    });
    // The outage is one warning, not one per attempt; the sink was caught up before the collector stopped.
    const warnings = run.stderr.split('\n').filter((line) => / warn .*sink/.test(line));
    expect(warnings).toEqual([expect.stringMatching(/sink mysql:\/\/\*\*\*:\*\*\*@.* is unavailable/)]);
    const backAt = run.stderr.search(/sink mysql:\S+ is back after \d+ s and caught up from the files/);
    expect(backAt).toBeGreaterThan(0);
    expect(backAt).toBeLessThan(run.stderr.indexOf('collector stopped'));
    expect(`${run.stdout}${run.stderr}`).not.toContain(db.server.password);

    const dataDir = join(root.path, 'live');
    const minutes = await fileRows(dataDir, '1m');
    expect(await sinkRows(db, '1m')).toEqual(minutes);
    expect(await sinkRows(db, '5m')).toEqual(await fileRows(dataDir, '5m'));
    // Ticks of the outage reached the files first and the sink after it.
    const during = minutes.filter((row) => {
      const slotMs = Number(row[1]);
      return slotMs > downAt && slotMs + MINUTE < downAt + 3 * MINUTE;
    });
    expect(during.length).toBeGreaterThan(0);
  } finally {
    await sim.close();
    await proxy.close();
    await db.close();
  }
});
