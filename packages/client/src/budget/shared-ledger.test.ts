// Two RateBudgets on one ledger file behave as two processes of one host would (each has its own
// owner id and in-process queues); the real multi-process cases are in ledger-processes.test.ts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVirtualClock, type VirtualClock } from '@oi/binance-sim';
import { IpBannedError } from '@oi/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { SETTLE_FLUSH_MS } from './budget-ledger.ts';
import {
  type BudgetEvent,
  createRateBudgets,
  type RateBudgets,
  type RateBudgetsOptions,
} from './rate-budgets.ts';

const START = Date.UTC(2026, 0, 15, 0, 0, 10);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Host {
  readonly clock: VirtualClock;
  readonly dir: string;
  /** Another process of the host: its own budgets over the same ledger. */
  process(options?: RateBudgetsOptions): RateBudgets & { readonly events: BudgetEvent[] };
}

async function startHost(): Promise<Host> {
  const clock = createVirtualClock({ startMs: START });
  const dir = await mkdtemp(join(tmpdir(), 'oi-shared-ledger-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return {
    clock,
    dir,
    process(options = {}) {
      const events: BudgetEvent[] = [];
      const budgets = createRateBudgets({
        clock,
        budgetDir: dir,
        route: 'http://127.0.0.1:1 direct',
        onEvent: (event) => events.push(event),
        ...options,
      });
      cleanups.push(() => budgets.close());
      return { ...budgets, events };
    },
  };
}

async function pass(
  budgets: RateBudgets,
  budget: 'weight' | 'history',
  priority: 'live' | 'history' = 'history',
) {
  (await budgets.acquire({ budget, units: 1, priority })).settle();
}

describe('one ledger shared by the processes of a route', () => {
  it('counts every process against one history budget', async () => {
    const host = await startHost();
    const historyBudget = { limit: 5, windowMs: 10_000 };
    const a = host.process({ historyBudget });
    const b = host.process({ historyBudget });
    for (let index = 0; index < 3; index++) await pass(a, 'history');
    await pass(b, 'history');
    await pass(b, 'history');
    expect(a.snapshot().history.used).toBe(5);
    expect(b.snapshot().history.used).toBe(5);
    expect(a.snapshot().ledgerPath).toBe(b.snapshot().ledgerPath);
    await pass(b, 'history');
    // The sixth waited for the first answer to age out of the window, whichever process sent it.
    expect(host.clock.now()).toBe(START + 10_000);
  });

  it('a different route has a ledger of its own', async () => {
    const host = await startHost();
    const historyBudget = { limit: 1, windowMs: 10_000 };
    const a = host.process({ historyBudget });
    const other = host.process({ historyBudget, route: 'https://fapi.binance.com direct' });
    await pass(a, 'history');
    await pass(other, 'history');
    expect(host.clock.now()).toBe(START);
    expect(other.snapshot().ledgerPath).not.toBe(a.snapshot().ledgerPath);
  });

  it('takes the server weight header of one process as the count of all', async () => {
    const host = await startHost();
    const a = host.process();
    const b = host.process();
    const grant = await a.acquire({ budget: 'weight', units: 1, priority: 'live' });
    const inFlight = await b.acquire({ budget: 'weight', units: 2, priority: 'live' });
    grant.settle({ usedWeight: 1500 });
    // Another process records its answers with its next write, or within SETTLE_FLUSH_MS.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_FLUSH_MS * 3));
    // 1500 counted by the server, plus b's request still in flight.
    expect(b.snapshot().weight.used).toBe(1502);
    inFlight.settle({ usedWeight: 1502 });
    await pass(a, 'weight');
    expect(b.snapshot().weight.used).toBe(1503);
  });

  it('a 429 in one process pauses the budget in all and halves the rate for all, which recovers per clean window', async () => {
    const host = await startHost();
    const historyBudget = { limit: 100, windowMs: 10_000 };
    const a = host.process({ historyBudget });
    const b = host.process({ historyBudget });
    a.pause('history', START + 3000);
    // In-flight answers of the same burst do not halve it again.
    b.pause('history', START + 3000);
    expect(b.snapshot().history).toMatchObject({ limit: 50, learnedLimit: 50, pausedUntilMs: START + 3000 });
    expect(a.events).toEqual([
      {
        type: 'budget-learned',
        budget: 'history',
        limit: 50,
        configuredLimit: 100,
        windowMs: 10_000,
        factor: 0.5,
        reason: 'rate-limited',
      },
    ]);
    await pass(b, 'history');
    expect(host.clock.now()).toBe(START + 3000);
    expect(b.events.at(-1)).toMatchObject({ type: 'budget-learned', limit: 50, reason: 'other-process' });
    await pass(a, 'weight');
    expect(host.clock.now()).toBe(START + 3000);
    // After a lesson, history requests are spaced evenly: 10 s / 50.
    await pass(a, 'history');
    expect(host.clock.now()).toBe(START + 3200);
    await host.clock.sleep(10_000);
    expect(a.snapshot().history.learnedLimit).toBe(55);
    await host.clock.sleep(80_000);
    expect(a.snapshot().history.learnedLimit).toBeUndefined();
    await pass(a, 'history');
    expect(a.events.at(-1)).toMatchObject({
      type: 'budget-learned',
      limit: 100,
      factor: 1,
      reason: 'recovered',
    });
  });

  it('a ban noted by one process holds every request of every process; one beyond maxBanWaitMs fails them', async () => {
    const host = await startHost();
    const a = host.process();
    const b = host.process({ maxBanWaitMs: 60_000 });
    a.ban(START + 30_000, 'history');
    await Promise.all([pass(b, 'weight', 'live'), pass(b, 'history')]);
    expect(host.clock.now()).toBe(START + 30_000);
    a.ban(host.clock.now() + 3_600_000);
    const error = await b.acquire({ budget: 'weight', units: 1, priority: 'live' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpBannedError);
    expect(error).toMatchObject({ code: 'IP_BANNED', bannedUntilMs: START + 30_000 + 3_600_000 });
    expect(host.clock.now()).toBe(START + 30_000);
  });

  it("holds history requests back while another process's live request waits", async () => {
    const host = await startHost();
    const historyBudget = { limit: 2, windowMs: 10_000 };
    const live = host.process({ historyBudget });
    const backfill = host.process({ historyBudget });
    await pass(backfill, 'history');
    await pass(backfill, 'history');
    const order: string[] = [];
    const backlog = [1, 2, 3].map((n) => pass(backfill, 'history').then(() => order.push(`history ${n}`)));
    await host.clock.sleep(1000);
    const urgent = pass(live, 'history', 'live').then(() => order.push('live'));
    await Promise.all([...backlog, urgent]);
    expect(order[0]).toBe('live');
  });

  it('keeps at most maxHistoryInFlight history requests unanswered across processes; an answer or a lapsed lease frees a place', async () => {
    const host = await startHost();
    const options = { maxHistoryInFlight: 3, inFlightLeaseMs: 20_000, pollMs: 50 };
    const a = host.process(options);
    const b = host.process(options);
    const granted: string[] = [];
    const grants = new Map<string, { settle(): void }>();
    const ask = (who: string, budgets: RateBudgets) =>
      budgets.acquire({ budget: 'history', units: 1, priority: 'history' }).then((grant) => {
        granted.push(who);
        grants.set(who, grant);
      });
    const asked = [ask('a1', a), ask('a2', a), ask('b1', b), ask('b2', b), ask('a3', a)];
    await host.clock.sleep(1000);
    expect(granted).toHaveLength(3);
    // One answer in the other process frees one place: the first waiter of either process takes it.
    grants.get(granted[0]!)!.settle();
    await host.clock.sleep(1000);
    expect(granted).toHaveLength(4);
    // Nobody answers any more (a killed process): the places come back when the leases lapse.
    expect(host.clock.now()).toBe(START + 2000);
    await Promise.all(asked);
    expect(granted).toHaveLength(5);
    expect(host.clock.now()).toBeGreaterThanOrEqual(START + 20_000);
    expect(host.clock.now()).toBeLessThan(START + 21_000);
    expect(a.snapshot().history.used).toBe(5);
  });
});
