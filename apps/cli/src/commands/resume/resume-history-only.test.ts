import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScaledClock, type Simulator, startSimulator } from '@oi/binance-sim';
import { openTaskJournal, readTaskJournal } from '@oi/recovery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTestClock } from '../../test-clock.ts';
import { createTestContext } from '../../test-support/command-context.ts';
import { simulatorUrls } from '../../test-support/e2e.ts';
import { parseArgs, useConfiguredDirectory } from '../../test-support/parse-args.ts';

// An interrupted `oi collect --history-only` (a journal task of type `patrol`, open-ended) is taken up
// by `oi resume --resume` as what it was: a history-only collector, not a task to mark done.

const cwd = useConfiguredDirectory();
// The collect --hours e2e test's timing: 10x, from 00:05:20, so one patrol round runs at the start
// and the next (00:10:15) lies beyond the task's two virtual minutes.
const ORIGIN_MS = Date.UTC(2026, 0, 14, 0, 5, 20);
const SPEED = 10;
let realOriginMs: number;
let sim: Simulator;
let dataDir: string;

beforeAll(async () => {
  realOriginMs = Date.now();
  sim = await startSimulator({
    clock: createScaledClock({ originMs: ORIGIN_MS, realOriginMs, speed: SPEED }),
    seed: 3,
  });
  dataDir = await mkdtemp(join(tmpdir(), 'oi-resume-patrol-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('oi resume --resume and an interrupted history-only collector', () => {
  it('runs its patrol again, without live ticks, until its duration ends the task', async () => {
    const journal = await openTaskJournal({ dataDir, nowMs: () => ORIGIN_MS });
    const task = await journal.begin({
      type: 'patrol',
      symbols: ['BTCUSDT'],
      range: null,
      options: { historyOnly: true, durationMs: 120_000 },
    });
    await task.finish('interrupted');
    await journal.flush();

    const testClock = await parseTestClock(`${SPEED}:${ORIGIN_MS}:${realOriginMs}`);
    if (!testClock.ok) throw new Error(testClock.problem);
    const log: string[] = [];
    const invocation = await parseArgs(
      ['resume', '--resume', '--data-dir', dataDir, ...simulatorUrls(sim.url)],
      cwd.path,
    );
    const result = await invocation.run(createTestContext({ testClock: testClock.value, log }));

    expect(result.data).toMatchObject({
      resumed: [task.id],
      results: [{ taskId: task.id, stopReason: 'duration', ticks: 0, rows: 0, patrolRounds: 1 }],
    });
    expect(log).toContain(`info collecting 1 symbols (history only) as task ${task.id}`);
    expect(await readdir(join(dataDir, 'open_interest', 'BTCUSDT'))).toEqual(['5m']);
    expect(await readTaskJournal(dataDir)).toEqual([
      expect.objectContaining({ id: task.id, type: 'patrol', status: 'done' }),
    ]);
  });
});
