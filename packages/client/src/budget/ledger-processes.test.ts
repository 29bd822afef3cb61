// REAL PROCESSES, REAL TIME: what one process reserved or queues is seen by another. Bounds are wide;
// the lower bound only proves the reservations were honoured (nothing can be granted earlier).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from '@oi/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { createBinanceClient } from '../client/binance-client.ts';
import type { ClientEvent } from '../client/client-events.ts';
import { startBudgetChild } from '../test-support/start-budget-child.ts';
import { startSimChild } from '../test-support/start-sim-child.ts';
import { createRateBudgets } from './rate-budgets.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function budgetDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'oi-ledger-processes-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('a process killed with SIGKILL while it holds reservations', () => {
  it('blocks the next process only until its reservations expire', async () => {
    const dir = await budgetDir();
    const route = 'http://127.0.0.1:9 direct';
    const historyBudget = { limit: 3, windowMs: 2000 };
    const leaseMs = 1000;
    const holder = startBudgetChild({
      mode: 'hold',
      budgetDir: dir,
      route,
      historyBudget,
      units: 3,
      inFlightLeaseMs: leaseMs,
    });
    cleanups.push(() => holder.kill());
    const { askedAtMs, grantedAtMs } = (await holder.ready()) as unknown as {
      askedAtMs: number[];
      grantedAtMs: number[];
    };
    await holder.kill();

    const next = createRateBudgets({
      clock: systemClock,
      budgetDir: dir,
      route,
      historyBudget,
      inFlightLeaseMs: leaseMs,
    });
    cleanups.push(() => next.close());
    expect(next.snapshot().history.used).toBe(3);
    const grant = await next.acquire({ budget: 'history', units: 1, priority: 'history' });
    const grantedMs = Date.now();
    grant.settle();
    // Unanswered, a reservation counts for its lease and then one window, like an answer at the lease's end.
    const firstExpiryMs = Math.min(...askedAtMs) + leaseMs + historyBudget.windowMs;
    expect(grantedMs).toBeGreaterThanOrEqual(firstExpiryMs);
    expect(grantedMs).toBeLessThan(Math.max(...grantedAtMs) + leaseMs + historyBudget.windowMs + 5000);
  });
});

describe('live priority across processes', () => {
  it("sends a live request before another process's history backlog, at most one request behind", async () => {
    const sim = await startSimChild({ seed: 9 });
    cleanups.push(() => sim.close());
    const dir = await budgetDir();
    const historyBudget = { limit: 10, windowMs: 2000 };
    const backfill = startBudgetChild({
      mode: 'flood',
      simUrl: sim.url,
      budgetDir: dir,
      historyBudget,
      symbol: 'BTCUSDT',
      concurrency: 4,
      durationMs: 10_000,
    });
    cleanups.push(() => backfill.kill());
    await backfill.ready();
    // Let the backlog build: the backfill fills every window and keeps requests queued.
    await sleep(2500);

    const events: ClientEvent[] = [];
    const liveSentAtMs: number[] = [];
    const live = createBinanceClient({
      baseUrl: sim.url,
      budgetDir: dir,
      historyBudget,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'request') liveSentAtMs.push(Date.now());
      },
    });
    cleanups.push(() => live.budgets.close());
    const askedAtMs: number[] = [];
    const slotMs = Math.floor((Date.now() - 3_600_000) / 300_000) * 300_000;
    for (let index = 0; index < 5; index++) {
      askedAtMs.push(Date.now());
      await live.openInterestHistory(
        { symbol: 'ETHUSDT', period: '5m', startTimeMs: slotMs, endTimeMs: slotMs },
        { priority: 'live' },
      );
      await sleep(650);
    }
    const result = await backfill.done();
    expect(result.errors).toEqual([]);
    expect(liveSentAtMs).toHaveLength(5);
    // The backlog was real: the backfill used its whole budget, and live requests had to wait for it.
    expect(result.sentAtMs.length).toBeGreaterThan(30);
    expect(events.filter((event) => event.type === 'rate-wait').length).toBeGreaterThan(0);
    // Grants are what the ledger orders (arrival at the server also depends on the network).
    const overtakes = liveSentAtMs.map(
      (sentMs, index) => result.sentAtMs.filter((atMs) => atMs > askedAtMs[index]! && atMs < sentMs).length,
    );
    for (const count of overtakes) expect(count).toBeLessThanOrEqual(1);
  });
});
