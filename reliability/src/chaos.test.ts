import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '@oi/binance-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { neutralEnv } from './test-support/run-oi.ts';
import { checkHistory } from './test-support/verify-history.ts';
import { createWorkDir, type WorkDir } from './test-support/work-dir.ts';

// The backfill engine as a child process, SIGKILLed at seeded random moments and restarted (5 times
// by default, 50 with OI_TEST_FULL=1), against a simulator with faults on. At the end every file
// parses, no slot is stored twice, and every servable 5m slot is present and byte-exact.

const FULL = process.env['OI_TEST_FULL'] === '1';
const KILLS = FULL ? 50 : 5;
const DAY_MS = 86_400_000;
const CHILD = fileURLToPath(new URL('./test-support/backfill-child.ts', import.meta.url));

let work: WorkDir;
beforeEach(async () => {
  work = await createWorkDir('oi-chaos-');
});
afterEach(async () => {
  await work.remove();
});

/** Runs the child; kills it with SIGKILL after `killAfterMs` unless it exits first. */
function runChild(
  args: readonly string[],
  killAfterMs: number | undefined,
): Promise<{ code: number | null; killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@oi/source', CHILD, ...args], {
      env: neutralEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.resume();
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      resolve({ code, killed: signal === 'SIGKILL', stderr });
    });
  });
}

describe('chaos: SIGKILL at random moments', () => {
  it(
    `${KILLS} kills and restarts of a backfill lose and duplicate nothing`,
    async () => {
      const sim = await startSimulator({
        seed: 29,
        latency: { baseMs: 10, jitterMs: 20 },
        faults: { rate: 0.1, kinds: { reset: 1, http500: 1, unavailable503: 1, truncated: 1 } },
      });
      const symbols = FULL ? ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ADAUSDT'] : ['BTCUSDT', 'ETHUSDT'];
      const endMs = Math.floor(Date.now() / 300_000) * 300_000 - 3_600_000;
      const startMs = endMs - (FULL ? 20 : 6) * DAY_MS;
      const args = [
        '--sim-url',
        sim.url,
        '--data-dir',
        work.path,
        '--symbols',
        symbols.join(','),
        '--from-ms',
        String(startMs),
        '--to-ms',
        String(endMs),
      ];
      let seed = 7;
      const nextKillMs = (): number => {
        seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
        return 400 + (seed % 1200);
      };
      try {
        let killed = 0;
        for (let run = 0; run < KILLS; run++) {
          const result = await runChild(args, nextKillMs());
          if (result.killed) killed += 1;
          else expect(result.code, result.stderr).toBe(0);
        }
        // Start-up alone takes a few hundred ms, so most runs must have died mid-work.
        expect(killed).toBeGreaterThanOrEqual(Math.ceil(KILLS / 2));
        const final = await runChild(args, undefined);
        expect(final.code, final.stderr).toBe(0);
        for (const symbol of symbols) {
          const check = await checkHistory(work.path, sim, symbol, startMs, endMs);
          expect({ symbol, ...check }).toEqual({
            symbol,
            rows: check.rows,
            duplicates: 0,
            malformed: 0,
            missing: 0,
            different: 0,
          });
          expect(check.rows).toBeGreaterThan(0);
        }
      } finally {
        await sim.close();
      }
    },
    FULL ? 900_000 : 120_000,
  );
});
