// REAL TIME, REAL PROCESSES: oi processes on one host share the IP's budgets through the ledger.
// The simulator runs in its own process; each client is a child process of its own. No timing is
// asserted beyond what the acceptance needs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BudgetChildResult } from '../test-support/budget-child.ts';
import { startBudgetChild } from '../test-support/start-budget-child.ts';
import { type SimChild, startSimChild } from '../test-support/start-sim-child.ts';

const SLOT_MS = 300_000;
const DAYS = 29;
const SLOTS_PER_SYMBOL = (DAYS * 86_400_000) / SLOT_MS;
const SYMBOLS = [
  ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT'],
  ['ADAUSDT', 'AVAXUSDT', 'LINKUSDT', 'DOTUSDT', 'LTCUSDT', 'BCHUSDT'],
] as const;

/** Registers cleanup with the test that runs (concurrent tests must use their own context's hook). */
type OnFinished = (cleanup: () => Promise<void>) => void;

// The two cases run side by side (each has its own simulator and ledger): they mostly wait.
async function startSim(onFinished: OnFinished, limits: Record<string, number>): Promise<SimChild> {
  const sim = await startSimChild({ seed: 5, limits });
  onFinished(() => sim.close());
  return sim;
}

async function budgetDir(onFinished: OnFinished): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'oi-budget-test-'));
  onFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Two processes, each paging 6 symbols x 29 days of 5m history, 2 symbols at a time. */
async function pageInTwoProcesses(
  onFinished: OnFinished,
  sim: SimChild,
  dir: string,
  historyBudget: { limit: number; windowMs: number } | undefined,
): Promise<BudgetChildResult[]> {
  const endMs = Math.floor((Date.now() - 60_000) / SLOT_MS) * SLOT_MS;
  const children = SYMBOLS.map((symbols) =>
    startBudgetChild({
      mode: 'page',
      simUrl: sim.url,
      budgetDir: dir,
      ...(historyBudget === undefined ? {} : { historyBudget }),
      symbols,
      days: DAYS,
      endMs,
      concurrency: 2,
    }),
  );
  onFinished(async () => {
    for (const child of children) await child.kill();
  });
  return Promise.all(children.map((child) => child.done()));
}

function expectEveryPage(results: readonly BudgetChildResult[]): void {
  for (const [index, result] of results.entries()) {
    expect(result.errors).toEqual([]);
    expect(result.otherPages).toBe(0);
    expect(result.rows).toEqual(
      Object.fromEntries(SYMBOLS[index]!.map((symbol) => [symbol, SLOTS_PER_SYMBOL])),
    );
  }
}

describe('two processes sharing one history budget of 100 per 30 s', () => {
  const serverLimits = { historyRequestsPerWindow: 100, historyWindowMs: 30_000 };

  it.concurrent('told --history-budget 100/30s: together no 429 and no 418, and both complete', async ({
    onTestFinished,
  }) => {
    const sim = await startSim(onTestFinished, serverLimits);
    const dir = await budgetDir(onTestFinished);
    const results = await pageInTwoProcesses(onTestFinished, sim, dir, { limit: 100, windowMs: 30_000 });
    expectEveryPage(results);
    const counts = await sim.counts();
    expect(counts.byStatus['429'] ?? 0).toBe(0);
    expect(counts.byStatus['418'] ?? 0).toBe(0);
    expect(counts.byStatus['200']).toBe(2 * 6 * Math.ceil(SLOTS_PER_SYMBOL / 500));
  });

  it.concurrent('not told (1000/5m assumed): no 418, a few 429s learned from, and both complete with every page', async ({
    onTestFinished,
  }) => {
    const sim = await startSim(onTestFinished, serverLimits);
    const dir = await budgetDir(onTestFinished);
    const results = await pageInTwoProcesses(onTestFinished, sim, dir, undefined);
    expectEveryPage(results);
    const counts = await sim.counts();
    expect(counts.byStatus['418'] ?? 0).toBe(0);
    expect(counts.byStatus['429'] ?? 0).toBeGreaterThan(0);
    expect(counts.byStatus['429'] ?? 0).toBeLessThanOrEqual(6);
    // Whoever drew the 429 lowered the rate for both.
    for (const result of results) expect(result.learnedHistoryLimit).toBeLessThan(1000);
  });
});
