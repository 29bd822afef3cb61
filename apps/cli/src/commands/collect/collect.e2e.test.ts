import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createScaledClock, startSimulator } from '@oi/binance-sim';
import { runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { parseJson, simulatorUrls, useE2eWorld } from '../../test-support/e2e.ts';

// `oi collect` as a child process against a simulator.

const world = useE2eWorld();

describe('oi collect against the simulator', () => {
  it('collect --hours runs the patrol and live ticks, then ends its task as done', async () => {
    // On a clock shared with its own simulator (10x, via the OI_TEST_CLOCK hook), so the run's two
    // virtual minutes sit between two patrol rounds whatever the wall clock says: a round runs at
    // start and then when each 5m row is published, 15 s after its slot (00:05:15, 00:10:15), and
    // starting at 00:05:20 leaves 17 real seconds for the child to start on a loaded machine.
    const origin = Date.UTC(2026, 0, 14, 0, 5, 20);
    const realOriginMs = Date.now();
    const clock = createScaledClock({ originMs: origin, realOriginMs, speed: 10 });
    const shared = await startSimulator({ clock, seed: 3 });
    try {
      const args = ['collect', '-S', 'BTCUSDT', '--hours', '2m', '--data-dir', 'live', '--json'];
      const run = await runOi([...args, ...simulatorUrls(shared.url)], {
        cwd: world.cwd,
        env: { OI_TEST_CLOCK: `10:${origin}:${realOriginMs}` },
      });
      expect(run.code, run.stderr).toBe(0);
      const result = parseJson(run.stdout) as Record<string, number>;
      expect(result).toMatchObject({ stopReason: 'duration', patrolRounds: 1 });
      expect(result['slotsWritten']).toBeGreaterThan(8000);
      // A virtual minute is 6 real seconds, so a loaded machine may answer a tick after its minute:
      // that minute is then a reported gap, never a row. Every minute is one or the other.
      const { ticks = 0, rows = 0, missedSlots = 0 } = result;
      expect(ticks).toBeGreaterThanOrEqual(1);
      expect(rows).toBeLessThanOrEqual(ticks);
      expect(rows + missedSlots).toBeGreaterThanOrEqual(ticks);
      const dayFile = join(world.cwd, 'live/open_interest/BTCUSDT/1m/BTCUSDT-oi-2026-01-14.csv');
      const stored = rows === 0 ? [] : (await readFile(dayFile, 'utf8')).trim().split('\n').slice(1);
      expect(stored).toHaveLength(rows);
      for (const line of stored) expect(Number(line.split(',')[0]) % 60_000).toBe(0);
      // The patrol's plan is the backfill's: a finished day comes from the archive, today from the API.
      const sourcesOf = async (day: string) =>
        new Set(
          (await readFile(join(world.cwd, `live/open_interest/BTCUSDT/5m/BTCUSDT-oi-5m-${day}.csv`), 'utf8'))
            .trim()
            .split('\n')
            .slice(1)
            .map((line) => line.split(',').at(-1)),
        );
      expect(await sourcesOf('2026-01-10')).toEqual(new Set(['archive']));
      expect(await sourcesOf('2026-01-14')).toEqual(new Set(['api']));
      const journal = parseJson(await readFile(join(world.cwd, 'live/state/running_tasks.json'), 'utf8'));
      expect(journal['tasks']).toEqual([expect.objectContaining({ type: 'collect', status: 'done' })]);
    } finally {
      await shared.close();
    }
  });

  it('SIGTERM stops the collector gracefully within 5 s and leaves the task interrupted', async () => {
    let stoppedAt = 0;
    const run = await runOi(
      ['collect', '-S', 'ETHUSDT', '--data-dir', 'stopped', ...simulatorUrls(world.sim.url)],
      {
        cwd: world.cwd,
        onSpawn: (child) => {
          child.stderr?.on('data', (chunk: Buffer) => {
            if (stoppedAt === 0 && chunk.toString().includes('collecting 1 symbols')) {
              stoppedAt = performance.now();
              child.kill('SIGTERM');
            }
          });
        },
      },
    );
    const elapsedMs = performance.now() - stoppedAt;
    expect(stoppedAt).toBeGreaterThan(0);
    expect(run.code).toBe(0);
    expect(elapsedMs).toBeLessThan(5_000);
    expect(run.stderr).toMatch(/SIGTERM received/);
    const journal = parseJson(await readFile(join(world.cwd, 'stopped/state/running_tasks.json'), 'utf8'));
    expect(journal['tasks']).toEqual([expect.objectContaining({ type: 'collect', status: 'interrupted' })]);
    const resume = await runOi(['resume', '--data-dir', 'stopped', '--json'], { cwd: world.cwd });
    expect(resume.code).toBe(0);
    expect(parseJson(resume.stdout)).toMatchObject({
      tasks: [expect.objectContaining({ status: 'interrupted' })],
      resumed: [],
    });
  });
});
