import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScaledClock, startSimulator } from '@oi/binance-sim';
import { runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../test-support/e2e.ts';

const SLOT_MS = 300_000;
const DAY_MS = 86_400_000;
const SPEED = 10;

// A collector daemon and a CI backfill on one host: two `oi` children sharing one budget ledger,
// on a clock shared with their simulator (10x, via the OI_TEST_CLOCK hook), whose history budget
// is 100 requests per 30 s. Both are told that budget.

describe('oi collect beside oi backfill', () => {
  it('the live minutes stay on time while the backfill uses the history budget that is left', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'oi-collect-backfill-'));
    // As in collect.e2e.test.ts: between two patrol rounds whatever the wall clock says.
    const origin = Date.UTC(2026, 0, 14, 0, 5, 20);
    const realOriginMs = Date.now();
    const clock = createScaledClock({ originMs: origin, realOriginMs, speed: SPEED });
    const sim = await startSimulator({
      clock,
      seed: 9,
      limits: { historyRequestsPerWindow: 100, historyWindowMs: 30_000 },
    });
    try {
      const env = { OI_TEST_CLOCK: `${SPEED}:${origin}:${realOriginMs}`, OI_BUDGET_DIR: join(cwd, 'ledger') };
      const common = [
        '--fapi-url',
        sim.url,
        '--archive-url',
        sim.url,
        '--history-budget',
        '100/30s',
        '--json',
      ];
      const endMs = Math.floor(origin / SLOT_MS) * SLOT_MS;
      const [daemon, backfill] = await Promise.all([
        runOi(
          [
            'collect',
            '-S',
            'BTCUSDT,ETHUSDT',
            '--hours',
            '3m',
            '--source',
            'api',
            '--data-dir',
            'live',
            ...common,
          ],
          { cwd, env, timeoutMs: 120_000 },
        ),
        runOi(
          [
            'backfill',
            '-S',
            'BNBUSDT,SOLUSDT,XRPUSDT,DOGEUSDT,ADAUSDT,LINKUSDT',
            '--from',
            new Date(endMs - 29 * DAY_MS).toISOString(),
            '--to',
            new Date(endMs).toISOString(),
            '--source',
            'api',
            '--data-dir',
            'ci',
            '--yes',
            '--no-resume',
            ...common,
          ],
          { cwd, env, timeoutMs: 120_000 },
        ),
      ]);

      expect(backfill.code, backfill.stderr).toBe(0);
      const filled = parseJson(backfill.stdout) as {
        remaining: { missingSlots: number };
        slotsWritten: number;
      };
      expect(filled.remaining.missingSlots).toBe(0);
      expect(filled.slotsWritten).toBe(6 * 29 * 288);
      const counts = sim.counts();
      expect(counts.byStatus['429'] ?? 0).toBe(0);
      expect(counts.byStatus['418'] ?? 0).toBe(0);

      expect(daemon.code, daemon.stderr).toBe(0);
      const live = parseJson(daemon.stdout) as {
        ticks: number;
        rows: number;
        missedSlots: number;
        budget: { longestLiveWaitMs: number; rateLimited: number };
      };
      // A virtual minute is 6 real seconds, so a loaded machine may answer a tick after its minute:
      // that minute is then a reported gap. Every minute is a row or a gap, and none waited for a
      // budget: the backfill's history requests never held a live request back.
      expect(live.ticks).toBeGreaterThanOrEqual(2);
      expect(live.rows).toBeLessThanOrEqual(2 * live.ticks);
      expect(live.rows + live.missedSlots).toBeGreaterThanOrEqual(2 * live.ticks);
      expect(live.budget.longestLiveWaitMs).toBeLessThan(1000);
      expect(live.budget.rateLimited).toBe(0);
    } finally {
      await sim.close();
      await rm(cwd, { recursive: true, force: true });
    }
  }, 180_000);
});
