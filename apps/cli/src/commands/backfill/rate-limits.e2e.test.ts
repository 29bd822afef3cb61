// REAL TIME, REAL PROCESSES: `oi backfill` children against a simulator of this test process whose
// budgets are shrunk to seconds. Every oi process of a host shares one budget ledger (OI_BUDGET_DIR);
// each case has its own ledger directory and simulator, so the cases run side by side.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SimLimits, type Simulator, startSimulator } from '@oi/binance-sim';
import { readRows } from '@oi/storage';
import { type OiRun, runOi } from '@oi/test-support';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../test-support/e2e.ts';

const SLOT_MS = 300_000;
const DAY_MS = 86_400_000;
const HISTORY_PATH = '/futures/data/openInterestHist';
const SIX = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT'];
const SIX_MORE = ['ADAUSDT', 'AVAXUSDT', 'LINKUSDT', 'DOTUSDT', 'LTCUSDT', 'BCHUSDT'];

/** Registers cleanup with the test that runs (concurrent tests use their own context's hook). */
type OnFinished = (cleanup: () => Promise<void>) => void;

interface Host {
  readonly sim: Simulator;
  /** The working directory; data directories and the shared ledger live under it. */
  readonly cwd: string;
  /** Runs `oi backfill` of `days` ending now, API only, with the host's ledger. */
  backfill(
    symbols: readonly string[],
    dataDir: string,
    options?: {
      days?: number;
      /** The range's end, epoch ms. @default the last whole 5 minutes */
      endMs?: number;
      args?: readonly string[];
      onSpawn?: Parameters<typeof runOi>[1]['onSpawn'];
    },
  ): Promise<OiRun>;
}

async function startHost(onFinished: OnFinished, limits: Partial<SimLimits>, seed: number): Promise<Host> {
  const sim = await startSimulator({ seed, limits });
  onFinished(() => sim.close());
  const cwd = await mkdtemp(join(tmpdir(), 'oi-rate-limits-'));
  onFinished(() => rm(cwd, { recursive: true, force: true }));
  return {
    sim,
    cwd,
    backfill(symbols, dataDir, options = {}) {
      const endMs = options.endMs ?? Math.floor(Date.now() / SLOT_MS) * SLOT_MS;
      const startMs = endMs - (options.days ?? 29) * DAY_MS;
      const flags = {
        '--symbols': symbols.join(','),
        '--from': new Date(startMs).toISOString(),
        '--to': new Date(endMs).toISOString(),
        '--source': 'api',
        '--data-dir': dataDir,
        '--fapi-url': sim.url,
      };
      const args = ['backfill', ...Object.entries(flags).flat(), '--yes', '--no-resume', '--json'];
      args.push(...(options.args ?? []));
      return runOi(args, {
        cwd,
        env: { OI_BUDGET_DIR: join(cwd, 'ledger') },
        timeoutMs: 280_000,
        ...(options.onSpawn === undefined ? {} : { onSpawn: options.onSpawn }),
      });
    },
  };
}

interface BackfillJson {
  slotsTotal: number;
  slotsWritten: number;
  remaining: { missingSlots: number };
  budget: { rateLimited: number; bans: number; learned: { history?: string }; ledger: string | null };
}

function expectComplete(run: OiRun): BackfillJson {
  expect(run.code, run.stderr).toBe(0);
  const result = parseJson(run.stdout) as unknown as BackfillJson;
  expect(result.slotsTotal).toBeGreaterThan(0);
  expect(result.slotsWritten).toBe(result.slotsTotal);
  expect(result.remaining.missingSlots).toBe(0);
  return result;
}

describe('oi processes of one host share the IP budget', () => {
  const serverLimits = { historyRequestsPerWindow: 100, historyWindowMs: 30_000 };

  it.concurrent('two backfills told --history-budget 100/30s draw no 429 and no 418 together, and both complete', async ({
    onTestFinished,
  }) => {
    const host = await startHost(onTestFinished, serverLimits, 5);
    const told = ['--history-budget', '100/30s'];
    const runs = await Promise.all([
      host.backfill(SIX, 'a', { args: told }),
      host.backfill(SIX_MORE, 'b', { args: told }),
    ]);
    const results = runs.map(expectComplete);
    const counts = host.sim.counts();
    expect(counts.byStatus['429'] ?? 0).toBe(0);
    expect(counts.byStatus['418'] ?? 0).toBe(0);
    for (const result of results) {
      expect(result.budget).toMatchObject({ rateLimited: 0, bans: 0, ledger: expect.any(String) });
    }
    // One ledger file for the route, shared by both.
    expect(results[0]?.budget.ledger).toBe(results[1]?.budget.ledger);
  }, 300_000);

  it.concurrent("two backfills not told (Binance's 1000/5m assumed) draw no 418, learn from the 429s, and both complete", async ({
    onTestFinished,
  }) => {
    const host = await startHost(onTestFinished, serverLimits, 6);
    const runs = await Promise.all([host.backfill(SIX, 'a'), host.backfill(SIX_MORE, 'b')]);
    const results = runs.map(expectComplete);
    const counts = host.sim.counts();
    expect(counts.byStatus['418'] ?? 0).toBe(0);
    expect(counts.byStatus['429'] ?? 0).toBeGreaterThan(0);
    expect(results.reduce((sum, result) => sum + result.budget.rateLimited, 0)).toBe(counts.byStatus['429']);
    // Whoever drew a 429, both run at the lowered rate it taught the ledger.
    for (const result of results) expect(result.budget.learned.history).toMatch(/^\d+\/5m$/);
  }, 300_000);

  it.concurrent('a server that bans on the first request after a 429 (4 s bans, doubling): 3 symbols x 29 days exit 0 with every slot exact', async ({
    onTestFinished,
  }) => {
    const host = await startHost(
      onTestFinished,
      {
        historyRequestsPerWindow: 20,
        historyWindowMs: 10_000,
        requestsAfter429BeforeBan: 0,
        banMs: 4000,
      },
      7,
    );
    const symbols = SIX.slice(0, 3);
    const endMs = Math.floor(Date.now() / SLOT_MS) * SLOT_MS;
    const result = expectComplete(await host.backfill(symbols, 'banned', { endMs }));
    const counts = host.sim.counts();
    expect(counts.byStatus['429'] ?? 0).toBeGreaterThan(0);
    expect(result.budget.rateLimited).toBe(counts.byStatus['429']);
    expect(result.budget.bans).toBe(counts.byStatus['418'] ?? 0);
    const range = { startMs: endMs - 29 * DAY_MS, endMs };
    for (const symbol of symbols) {
      const rows = await readRows(join(host.cwd, 'banned'), symbol, '5m', range);
      expect(rows).toHaveLength(29 * 288);
      for (const row of rows) {
        const truth = host.sim.truth.historyRow(symbol, '5m', row.slotMs);
        expect(row.openInterest).toBe(truth?.sumOpenInterest);
        expect(row.openInterestValue).toBe(truth?.sumOpenInterestValue);
      }
    }
  }, 300_000);

  it.concurrent('kill -9 of a backfill holding reservations blocks the next process only until they expire', async ({
    onTestFinished,
  }) => {
    const host = await startHost(onTestFinished, {}, 8);
    // The first four history requests never get an answer: the killed process holds them in flight.
    host.sim.forceResponses({ kind: 'stall', count: 4, path: HISTORY_PATH });
    const told = ['--history-budget', '4/10s'];
    // When the killed process took its reservations: after it planned, and by the time the fourth left.
    let askedAtMs = Date.now();
    let sentAtMs = 0;
    let sent = 0;
    const killed = await host.backfill(SIX.slice(0, 4), 'killed', {
      args: [...told, '--log-level', 'debug'],
      onSpawn: (child) => {
        child.stderr?.on('data', (chunk: Buffer) => {
          const text = chunk.toString();
          if (sent === 0 && text.includes('backfill:')) askedAtMs = Date.now();
          sent += text.split(`-> GET ${HISTORY_PATH}`).length - 1;
          if (sent >= 4 && sentAtMs === 0) {
            sentAtMs = Date.now();
            child.kill('SIGKILL');
          }
        });
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(sent).toBeGreaterThanOrEqual(4);
    const next = await host.backfill(['LINKUSDT'], 'next', { days: 1, args: told });
    expectComplete(next);

    // Stalled requests are never logged by the simulator (no answer was sent): only the next one's are.
    const after = host.sim
      .requests()
      .filter((entry) => entry.path === HISTORY_PATH && entry.query['symbol'] === 'LINKUSDT');
    expect(after.length).toBeGreaterThan(0);
    // A reservation never answered counts as in flight for its lease (the 10 s timeout + 5 s), then
    // as answered at the lease's end for one window (10 s): the next process waits for that, no longer.
    const firstAfterMs = Math.min(...after.map((entry) => entry.timeMs));
    expect(firstAfterMs).toBeGreaterThanOrEqual(askedAtMs + 15_000);
    expect(firstAfterMs).toBeLessThan(sentAtMs + 15_000 + 10_000 + 5_000);
  }, 300_000);

  it.concurrent('a ban longer than --max-ban-wait stops the backfill with exit 1, one line naming its end, and the task kept for oi resume', async ({
    onTestFinished,
  }) => {
    const host = await startHost(onTestFinished, {}, 10);
    host.sim.forceResponses({ status: 418, bannedForMs: 3_600_000, path: HISTORY_PATH });
    const run = await host.backfill(['BTCUSDT', 'ETHUSDT'], 'banned', {
      days: 3,
      args: ['--max-ban-wait', '10m'],
    });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(
      /^oi: error: IP banned by Binance until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z, longer than the 600 s this run waits out.*oi resume/,
    );
    // Nothing was sent while the ban lasts: the banned page, and at most the others already in flight.
    const history = host.sim.requests().filter((entry) => entry.path === HISTORY_PATH);
    expect(history.length).toBeLessThanOrEqual(4);
    const listed = await runOi(['resume', '--data-dir', 'banned', '--json'], { cwd: host.cwd });
    expect(listed.code).toBe(0);
    expect(parseJson(listed.stdout)).toMatchObject({
      tasks: [expect.objectContaining({ type: 'backfill', status: 'interrupted' })],
    });
  }, 120_000);
});
