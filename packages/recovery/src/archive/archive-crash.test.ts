import { join } from 'node:path';
import type { RequestLogEntry } from '@oi/binance-sim';
import { readRows } from '@oi/storage';
import { afterEach, describe, expect, it } from 'vitest';
import { listIncompleteTasks } from '../journal/task-journal.ts';
import { readTree, spawnBackfillChild, startCrashRig } from '../test-support/child-backfill.ts';

const DAY_MS = 86_400_000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const zipRequests = (log: readonly RequestLogEntry[]): string[] =>
  log.filter((r) => r.service === 'archive' && r.path.endsWith('.zip')).map((r) => r.path);

describe('a deep archive backfill killed with SIGKILL', () => {
  it('run again, ends exact and complete, byte-identical to an uninterrupted run, without a duplicate row', async () => {
    const rig = await startCrashRig();
    cleanups.push(rig.close);
    const { sim, killedDir: dirA, referenceDir: dirB } = rig;
    const nowMs = sim.serverTimeMs();
    const range = { startMs: Math.floor(nowMs / DAY_MS) * DAY_MS - 60 * DAY_MS, endMs: nowMs - 60 * 60_000 };
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    const args = (dir: string, mode: 'new' | 'resume') => rig.args(dir, mode, range, symbols, 'auto');

    let days = 0;
    const killed = await spawnBackfillChild(args(dirA, 'new'), (line, proc) => {
      if ('day' in JSON.parse(line) && ++days === 40) proc.kill('SIGKILL');
    });
    expect(killed).toBeNull();
    expect((await listIncompleteTasks(dirA)).map((t) => t.status)).toEqual(['running']);
    const beforeKill = zipRequests(sim.requests());
    sim.clearLog();
    await spawnBackfillChild(args(dirA, 'resume'));
    const afterResume = zipRequests(sim.requests());
    sim.clearLog();
    await spawnBackfillChild(args(dirB, 'new'));
    const reference = zipRequests(sim.requests());

    // The run again asks only for what the killed one had not stored (and the days in flight).
    expect(beforeKill.length).toBeGreaterThanOrEqual(40);
    expect(afterResume.length).toBeLessThan(reference.length);
    expect(reference.length).toBeGreaterThanOrEqual(2 * 60);

    const [resumedFiles, referenceFiles] = [
      await readTree(join(dirA, 'open_interest')),
      await readTree(join(dirB, 'open_interest')),
    ];
    expect([...resumedFiles.keys()].sort()).toEqual([...referenceFiles.keys()].sort());
    for (const [path, text] of referenceFiles) expect(resumedFiles.get(path), path).toBe(text);
    for (const symbol of symbols) {
      const rows = await readRows(dirA, symbol, '5m', range);
      const slots = rows.map((row) => row.slotMs);
      expect(new Set(slots).size).toBe(slots.length);
      expect(rows).toHaveLength((Math.ceil(range.endMs / 300_000) * 300_000 - range.startMs) / 300_000);
      for (const row of rows.filter((_, i) => i % 97 === 0)) {
        const truth = sim.truth.historyValuesAt(symbol, row.slotMs);
        expect([row.openInterest, row.openInterestValue]).toEqual([
          truth.sumOpenInterest,
          truth.sumOpenInterestValue,
        ]);
      }
    }
    expect(await listIncompleteTasks(dirA)).toEqual([]);
  });
});
