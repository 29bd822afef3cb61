import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScaledClock, startSimulator } from '@oi/binance-sim';
import { hashTree, runOi } from '@oi/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTestClock } from './test-clock.ts';
import { simulatorUrls } from './test-support/e2e.ts';

const ORIGIN = Date.UTC(2026, 0, 15, 12);

describe('parseTestClock (the OI_TEST_CLOCK test hook)', () => {
  it.each([
    ['60', 'two parts missing'],
    ['60:1:2:3', 'four parts'],
    ['0:1768478400000:1700000000000', 'zero speed'],
    ['-60:1768478400000:1700000000000', 'negative speed'],
    ['fast:1768478400000:1700000000000', 'speed not a number'],
    ['60:1768478400000.5:1700000000000', 'fractional origin'],
    ['60:2026-01-15:1700000000000', 'a date instead of epoch ms'],
    ['60:1768478400000:', 'empty real origin'],
    ['60:99999999999999999999:1', 'origin beyond safe integers'],
  ])('rejects %j (%s) with one line naming the variable', async (text) => {
    const parsed = await parseTestClock(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem).toMatch(
        /^invalid OI_TEST_CLOCK \(a test hook\): expected speed:originMs:realOriginMs/,
      );
      expect(parsed.problem).toContain(JSON.stringify(text));
      expect(parsed.problem).not.toContain('\n');
    }
  });

  it('builds the same scaled clock as the simulator, with the attempt timeout scaled (at least 1 s)', async () => {
    const realOriginMs = Date.now();
    const parsed = await parseTestClock(`60:${ORIGIN}:${realOriginMs}`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const reference = createScaledClock({ originMs: ORIGIN, realOriginMs, speed: 60 });
    expect(Math.abs(parsed.value.clock.now() - reference.now())).toBeLessThanOrEqual(60);
    expect(parsed.value.requestTimeoutMs).toBe(1_000);
    const slow = await parseTestClock(`2.5:${ORIGIN}:${realOriginMs}`);
    expect(slow.ok && slow.value.requestTimeoutMs).toBe(4_000);
  });
});

describe('OI_TEST_CLOCK in a child process', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'oi-test-clock-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('a bad value is one error line, exit 2, and nothing is written', async () => {
    const before = await hashTree(cwd);
    const run = await runOi(['backfill', '-S', 'BTCUSDT', '--from', '2026-01-14', '--data-dir', 'data'], {
      cwd,
      env: { OI_TEST_CLOCK: '60:yesterday:0' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^oi: error: invalid OI_TEST_CLOCK \(a test hook\): .*"60:yesterday:0"\n$/);
    expect(await hashTree(cwd)).toBe(before);
  });

  it('backfill runs on the shared clock: a virtual day the real clock would find beyond retention', async () => {
    const realOriginMs = Date.now();
    const clock = createScaledClock({ originMs: ORIGIN, realOriginMs, speed: 60 });
    const sim = await startSimulator({ clock, seed: 5 });
    try {
      const run = await runOi(
        [
          'backfill',
          '-S',
          'BTCUSDT',
          '--from',
          '2026-01-13',
          '--to',
          '2026-01-13',
          '--data-dir',
          'data',
          ...simulatorUrls(sim.url),
          '--json',
        ],
        { cwd, env: { OI_TEST_CLOCK: `60:${ORIGIN}:${realOriginMs}` } },
      );
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as { slotsWritten: number; remaining: { missingSlots: number } };
      expect(result).toMatchObject({ slotsWritten: 288, remaining: { missingSlots: 0 } });
      const dir = join(cwd, 'data', 'open_interest', 'BTCUSDT', '5m');
      expect(await readdir(dir)).toEqual(['BTCUSDT-oi-5m-2026-01-13.csv']);
      const rows = (await readFile(join(dir, 'BTCUSDT-oi-5m-2026-01-13.csv'), 'utf8')).trim().split('\n');
      const first = rows[1]?.split(',') ?? [];
      expect(first[0]).toBe(String(Date.UTC(2026, 0, 13)));
      expect(first[2]).toBe(sim.truth.historyRow('BTCUSDT', '5m', Date.UTC(2026, 0, 13))?.sumOpenInterest);
      // The journal's times are virtual too: the store and the engine share the client's clock.
      const journal = await readFile(join(cwd, 'data', 'state', 'running_tasks.json'), 'utf8');
      const stamps = [...journal.matchAll(/"(?:createdAtMs|updatedAtMs)":\s*(\d+)/g)].map((m) =>
        Number(m[1]),
      );
      expect(stamps.length).toBeGreaterThan(0);
      for (const stamp of stamps) expect(Math.abs(stamp - clock.now())).toBeLessThan(600_000);
    } finally {
      await sim.close();
    }
  });
});
