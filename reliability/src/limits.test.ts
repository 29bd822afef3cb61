import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createScaledClock, type Simulator, startSimulator } from '@oi/binance-sim';
import { hashTree, runOi } from '@oi/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOneErrorLine } from './test-support/error-line.ts';
import { createWorkDir, oneMinuteDayFile, type WorkDir } from './test-support/work-dir.ts';

// Limits and small truths against a simulator: a long list in an error line, a sink's password in
// the logs, and a backfill "to now" that ends at the newest slot the API already serves.

// Two minutes after a 5m boundary, on a clock the simulator and the child share (OI_TEST_CLOCK).
const ORIGIN_MS = Date.UTC(2026, 0, 15, 12, 2);
const NEWEST_SLOT_MS = Date.UTC(2026, 0, 15, 12, 0);

let work: WorkDir;
let sim: Simulator;
let clockEnv: Record<string, string>;

beforeAll(async () => {
  work = await createWorkDir('oi-limits-');
  await work.write(
    'data/open_interest/BTCUSDT/1m/BTCUSDT-oi-2026-01-14.csv',
    oneMinuteDayFile(ORIGIN_MS - 86_400_000, 10),
  );
  const realOriginMs = Date.now();
  sim = await startSimulator({
    seed: 9,
    clock: createScaledClock({ originMs: ORIGIN_MS, realOriginMs, speed: 1 }),
  });
  clockEnv = { OI_TEST_CLOCK: `1:${ORIGIN_MS}:${realOriginMs}` };
});
afterAll(async () => {
  await sim.close();
  await work.remove();
});

const exchange = (): string[] => ['--fapi-url', sim.url, '--archive-url', sim.url];

describe('limits', () => {
  it('10 000 unknown symbols: exit 2, one short line with the first few and a count', async () => {
    const symbols = Array.from({ length: 10_000 }, (_, index) => `NOPE${index}USDT`).join(',');
    const before = await hashTree(join(work.path, 'data'));
    const run = await runOi(
      [
        'backfill',
        '-S',
        symbols,
        '--from',
        '2026-01-14',
        '--to',
        '2026-01-14',
        '--data-dir',
        'data',
        ...exchange(),
      ],
      { cwd: work.path, env: clockEnv },
    );
    expectOneErrorLine(
      run,
      2,
      /^oi: error: unknown symbols NOPE0USDT, NOPE1USDT, NOPE2USDT, NOPE3USDT, NOPE4USDT and 9995 more: expected symbols listed by /,
    );
    expect(run.stderr.length).toBeLessThan(600);
    expect(await hashTree(join(work.path, 'data'))).toBe(before);
  }, 120_000);

  it("a sink's password appears in no log line and no result", async () => {
    const run = await runOi(
      [
        'backfill',
        '-S',
        'BTCUSDT',
        '--from',
        '2026-01-14',
        '--to',
        '2026-01-14',
        '--data-dir',
        'sink-data',
        '--sink',
        'mysql://oi:s3cret@127.0.0.1:9/oi',
        '--log-level',
        'debug',
        ...exchange(),
      ],
      { cwd: work.path, env: clockEnv },
    );
    // The files are written; the sink that did not answer is left behind them (exit 3, caught up later).
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/sink mysql:\/\/[^ ]*\*\*\*@127\.0\.0\.1:9\/oi is unavailable/);
    expect(run.stdout + run.stderr).not.toContain('s3cret');
  }, 120_000);
});

describe('small truths', () => {
  it('a backfill to now fetches the newest slot the API already serves', async () => {
    const run = await runOi(
      [
        'backfill',
        '-S',
        'ETHUSDT',
        '--from',
        '2026-01-15',
        '--to',
        '2026-01-15',
        '--data-dir',
        'now',
        '--json',
        ...exchange(),
      ],
      { cwd: work.path, env: clockEnv },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, range: { endMs: NEWEST_SLOT_MS + 300_000 } });
    const file = await readFile(
      join(work.path, 'now/open_interest/ETHUSDT/5m/ETHUSDT-oi-5m-2026-01-15.csv'),
      'utf8',
    );
    const rows = file.trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(145);
    expect(rows.at(-1)?.startsWith(`${NEWEST_SLOT_MS},`)).toBe(true);
  }, 120_000);
});
