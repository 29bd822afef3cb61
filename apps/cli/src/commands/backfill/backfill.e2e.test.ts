import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { DAY_MS, dayKey, parseJson, useE2eWorld, yesterdayFlags } from '../../test-support/e2e.ts';

// `oi backfill` as a child process against a simulator on the real clock.

const world = useE2eWorld();

describe('oi backfill against the simulator', () => {
  it('fills a day of 5m history and exits 0 when nothing is missing', async () => {
    const run = await world.oi(['backfill', ...yesterdayFlags(), '--data-dir', 'data', '--json']);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const result = parseJson(run.stdout);
    expect(result).toMatchObject({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      interrupted: false,
      remaining: { missingSlots: 0 },
    });
    expect(result['slotsWritten']).toBe(2 * 288);
    const file = await readFile(
      join(world.cwd, 'data/open_interest/BTCUSDT/5m', `BTCUSDT-oi-5m-${dayKey(Date.now() - DAY_MS)}.csv`),
      'utf8',
    );
    const lines = file.trim().split('\n');
    expect(lines[0]).toMatch(/^timestamp,datetime_utc,openInterest,sumOpenInterestValue/);
    expect(lines).toHaveLength(289);
    const journal = parseJson(await readFile(join(world.cwd, 'data/state/running_tasks.json'), 'utf8'));
    expect(journal['tasks']).toEqual([expect.objectContaining({ type: 'backfill', status: 'done' })]);
  });

  it('with --source api, beyond the API retention exits 3 and says what cannot be recovered', async () => {
    const old = dayKey(Date.now() - 40 * DAY_MS);
    const args = [
      'backfill',
      '-S',
      'BTCUSDT',
      '--from',
      old,
      '--to',
      old,
      '--source',
      'api',
      '--data-dir',
      'old',
    ];
    const run = await world.oi([...args, '--json']);
    expect(run.code).toBe(3);
    const result = parseJson(run.stdout) as {
      remaining: { missingSlots: number; unrecoverableSlots: number };
    };
    expect(result.remaining.missingSlots).toBe(288);
    expect(result.remaining.unrecoverableSlots).toBe(288);
    const text = await world.oi(args);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(
      /still missing, by reason:\n {2}288 slots \(1 gap, 1 symbol\) {2}cannot be filled: beyond-api-retention$/m,
    );
  });

  it('by default takes a day beyond the API retention from the archive', async () => {
    const old = dayKey(Date.now() - 40 * DAY_MS);
    const run = await world.oi([
      'backfill',
      '-S',
      'ETHUSDT',
      '--from',
      old,
      '--to',
      old,
      '--data-dir',
      'deep',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(parseJson(run.stdout)).toMatchObject({
      source: 'auto',
      requests: 0,
      slotsWrittenBySource: { api: 0, archive: 288 },
      remaining: { missingSlots: 0 },
    });
  });

  it('an unknown symbol is bad input (exit 2) before any data is written', async () => {
    const run = await world.oi(['backfill', '-S', 'NOPEUSDT', ...yesterdayFlags(), '--data-dir', 'fresh']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^oi: error: unknown symbol NOPEUSDT: expected symbols listed by/);
    expect(await readdir(join(world.cwd, 'fresh'))).toEqual([]);
  });

  it('an unreachable host names the endpoint and the proxy settings (exit 1)', async () => {
    const run = await runOi(
      ['backfill', ...yesterdayFlags(), '--data-dir', 'fresh', '--fapi-url', 'http://127.0.0.1:59998'],
      { cwd: world.cwd },
    );
    expect(run.code).toBe(1);
    const last = run.stderr.trim().split('\n').at(-1);
    expect(last).toMatch(
      /cannot reach http:\/\/127\.0\.0\.1:59998 \(GET \/fapi\/v1\/exchangeInfo\).*proxy settings/,
    );
  });
});
