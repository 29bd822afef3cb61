import { StatementSync } from 'node:sqlite';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createVirtualClock, type VirtualClock } from '@oi/binance-sim';
import { describe, expect, it, vi } from 'vitest';
import { type BudgetRequest, createRateBudgets } from './rate-budgets.ts';

const START = Date.UTC(2026, 0, 15, 0, 0, 10);

function setup(options: Parameters<typeof createRateBudgets>[0] = {}) {
  const clock: VirtualClock = createVirtualClock({ startMs: START });
  const budgets = createRateBudgets({ clock, ...options });
  const granted: { label: string; atMs: number }[] = [];
  const take = async (label: string, request: Omit<BudgetRequest, 'priority'> & Partial<BudgetRequest>) => {
    const grant = await budgets.acquire({ priority: 'live', ...request });
    granted.push({ label, atMs: clock.now() });
    return grant;
  };
  /** Takes and settles at once, as a request with an instant answer. */
  const pass = async (label: string, request: Omit<BudgetRequest, 'priority'> & Partial<BudgetRequest>) =>
    (await take(label, request)).settle();
  return { clock, budgets, granted, take, pass };
}

describe('createRateBudgets', () => {
  it('grants weight up to the limit, then waits for the next fixed window', async () => {
    const { budgets, granted, pass } = setup({ weightBudget: { limit: 10, windowMs: 60_000 } });
    await pass('a', { budget: 'weight', units: 6 });
    await pass('b', { budget: 'weight', units: 4 });
    await pass('c', { budget: 'weight', units: 1 });
    expect(granted).toEqual([
      { label: 'a', atMs: START },
      { label: 'b', atMs: START },
      { label: 'c', atMs: Date.UTC(2026, 0, 15, 0, 1) },
    ]);
    expect(budgets.snapshot().weight).toMatchObject({ used: 1, limit: 10, windowMs: 60_000 });
  });

  it('serves queued live requests before queued history requests, each in arrival order', async () => {
    const { granted, pass } = setup({ weightBudget: { limit: 2, windowMs: 60_000 } });
    await pass('fill', { budget: 'weight', units: 2 });
    const waiting = [
      pass('h1', { budget: 'weight', units: 1, priority: 'history' }),
      pass('h2', { budget: 'weight', units: 1, priority: 'history' }),
      pass('l1', { budget: 'weight', units: 1, priority: 'live' }),
      pass('l2', { budget: 'weight', units: 1, priority: 'live' }),
    ];
    await Promise.all(waiting);
    expect(granted.map((g) => g.label)).toEqual(['fill', 'l1', 'l2', 'h1', 'h2']);
    const minute = Date.UTC(2026, 0, 15, 0, 1);
    expect(granted.slice(1).map((g) => g.atMs)).toEqual([minute, minute, minute + 60_000, minute + 60_000]);
  });

  it('spaces /futures/data requests by a sliding window measured from each answer', async () => {
    const { clock, granted, take } = setup({ historyBudget: { limit: 3, windowMs: 5000 } });
    for (const label of ['1', '2', '3']) {
      const grant = await take(label, { budget: 'history', units: 1 });
      await clock.sleep(100);
      grant.settle();
    }
    const fourth = await take('4', { budget: 'history', units: 1 });
    fourth.settle();
    // The first answer came at START + 100, so the fourth may go at START + 5100, not at START + 5000.
    expect(granted.map((g) => g.atMs - START)).toEqual([0, 100, 200, 5100]);
  });

  it('never lets an unsettled request expire from the history window', async () => {
    const { clock, budgets, granted, take } = setup({ historyBudget: { limit: 1, windowMs: 1000 } });
    const inFlight = await take('slow', { budget: 'history', units: 1 });
    const next = take('next', { budget: 'history', units: 1 });
    await clock.sleep(3000);
    expect(granted.map((g) => g.label)).toEqual(['slow']);
    inFlight.settle();
    await next;
    expect(granted.at(-1)).toEqual({ label: 'next', atMs: START + 4000 });
    expect(budgets.snapshot().history.used).toBe(1);
  });

  it('re-syncs used weight from the server header, counting requests still in flight', async () => {
    const { budgets, take } = setup({ weightBudget: { limit: 100, windowMs: 60_000 } });
    const a = await take('a', { budget: 'weight', units: 5 });
    await take('b', { budget: 'weight', units: 7 });
    a.settle({ usedWeight: 90 });
    expect(budgets.snapshot().weight.used).toBe(97);
    const c = await take('c', { budget: 'weight', units: 3 });
    c.settle({ usedWeight: 20 });
    expect(budgets.snapshot().weight.used).toBe(27);
  });

  it('carries in-flight weight into a new window until its lease ends', async () => {
    const { clock, budgets, take } = setup({
      weightBudget: { limit: 100, windowMs: 60_000 },
      inFlightLeaseMs: 130_000,
    });
    const a = await take('a', { budget: 'weight', units: 40 });
    await clock.sleep(60_000);
    expect(budgets.snapshot().weight.used).toBe(40);
    await clock.sleep(60_000);
    expect(budgets.snapshot().weight.used).toBe(40);
    // An answer that never came after the lease belongs to a process that died: it counts no more.
    await clock.sleep(60_000);
    expect(budgets.snapshot().weight.used).toBe(0);
    a.settle();
    expect(budgets.snapshot().weight.used).toBe(0);
  });

  it('pauses one budget for a 429 and every budget for a ban', async () => {
    const { budgets, granted, take } = setup();
    budgets.pause('history', START + 7000);
    await Promise.all([
      take('hist', { budget: 'history', units: 1 }),
      take('weight', { budget: 'weight', units: 1 }),
    ]);
    expect(granted).toEqual([
      { label: 'weight', atMs: START },
      { label: 'hist', atMs: START + 7000 },
    ]);
    budgets.ban(START + 120_000);
    expect(budgets.snapshot().bannedUntilMs).toBe(START + 120_000);
    await Promise.all([
      take('w2', { budget: 'weight', units: 1 }),
      take('h2', { budget: 'history', units: 1 }),
    ]);
    expect(granted.slice(2).map((g) => g.atMs)).toEqual([START + 120_000, START + 120_000]);
    expect(budgets.snapshot().bannedUntilMs).toBeUndefined();
  });

  it('reports a wait once and gives up on abort', async () => {
    const { budgets, take } = setup({ weightBudget: { limit: 1, windowMs: 60_000 } });
    await take('fill', { budget: 'weight', units: 1 });
    const waits: number[] = [];
    const controller = new AbortController();
    const waiting = budgets.acquire({
      budget: 'weight',
      units: 1,
      priority: 'live',
      signal: controller.signal,
      onWait: (ms) => waits.push(ms),
    });
    expect(budgets.snapshot().weight.queued).toBe(1);
    // Requests of one turn of the event loop are granted together, a microtask later.
    await Promise.resolve();
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(waits).toEqual([50_000]);
    expect(budgets.snapshot().weight.queued).toBe(0);
  });

  it('adopts the REQUEST_WEIGHT limit of exchangeInfo', async () => {
    const { budgets } = setup();
    budgets.applyRateLimits([
      { type: 'ORDERS', intervalMs: 10_000, limit: 300 },
      { type: 'REQUEST_WEIGHT', intervalMs: 60_000, limit: 6000 },
    ]);
    expect(budgets.snapshot().weight.limit).toBe(6000);
  });

  it('refuses a request that can never fit and limits that make no sense', async () => {
    const { budgets } = setup({ weightBudget: { limit: 10, windowMs: 60_000 } });
    await expect(budgets.acquire({ budget: 'weight', units: 40, priority: 'live' })).rejects.toThrow(
      RangeError,
    );
    expect(() => createRateBudgets({ historyBudget: { limit: 0, windowMs: 1000 } })).toThrow(/historyBudget/);
  });

  it('does not ask the ledger again for a waiting history request at each answer of a live burst', async () => {
    const { budgets, take } = setup({ historyBudget: { limit: 1, windowMs: 300_000 } });
    (await take('history', { budget: 'history', units: 1 })).settle();
    // The history budget is spent for 5 minutes: this one waits for its own budget.
    const stop = new AbortController();
    const waiting = budgets.acquire({
      budget: 'history',
      units: 1,
      priority: 'history',
      signal: stop.signal,
    });
    const burst = await Promise.all(
      Array.from({ length: 100 }, () => budgets.acquire({ budget: 'weight', units: 1, priority: 'live' })),
    );
    // The history budget's state is read only by a take for history: count those reads.
    const historyReads: string[] = [];
    const get = StatementSync.prototype.get;
    const spy = vi.spyOn(StatementSync.prototype, 'get').mockImplementation(function (
      this: StatementSync,
      ...params
    ) {
      if (this.sourceSQL.includes("'history'")) historyReads.push(this.sourceSQL);
      return get.apply(this, params);
    });
    try {
      // Answers come one per turn of the event loop, as from the network.
      for (const grant of burst) {
        grant.settle();
        await nextTurn();
      }
      expect(historyReads).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    expect(budgets.snapshot().history.queued).toBe(1);
    stop.abort(new Error('done'));
    await expect(waiting).rejects.toThrow('done');
    budgets.close();
  });
});
