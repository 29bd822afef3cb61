// What the shared budget ledger costs per reservation: `pnpm --filter @oi/client bench:ledger`
// (node --conditions=@oi/source bench/ledger.ts [reservations]). Prints microseconds per reservation
// (a take, its own SQLite transaction, which also records the previous settle) for a file ledger and
// an in-memory one, and the time a live tick of 600 weight-1 requests spends in the ledger (its
// answers' writes included) and in the budgets (promises included).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@oi/retry';
import { openBudgetLedger } from '../src/budget/budget-ledger.ts';
import { ledgerFilePath } from '../src/budget/ledger-location.ts';
import { createRateBudgets } from '../src/budget/rate-budgets.ts';

const reservations = Number(process.argv[2] ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'oi-ledger-bench-'));
const route = 'bench direct';
const unlimited = { limit: 1_000_000_000, windowMs: 60_000 };

function measureLedger(path: string | undefined, budget: 'weight' | 'history'): number {
  const ledger = openBudgetLedger({ path, route, owner: 'bench', leaseMs: 15_000, pollMs: 50 });
  const spec = budget === 'weight' ? unlimited : { limit: 1_000_000_000, windowMs: 300_000 };
  // Steady state first: a full history window holds 1000 entries.
  for (let index = 0; index < 1000; index++) {
    const [outcome] = ledger.take([{ budget, units: 1, priority: 'live', nowMs: Date.now(), spec }]);
    if (outcome?.granted) ledger.settle(budget, outcome.id, 1, Date.now(), undefined);
  }
  ledger.flush();
  const startedMs = performance.now();
  for (let index = 0; index < reservations; index++) {
    // One reservation per transaction, as requests that come one at a time are taken; each
    // transaction also records the previous answer.
    const [outcome] = ledger.take([{ budget, units: 1, priority: 'live', nowMs: Date.now(), spec }]);
    if (!outcome?.granted) throw new Error('the bench budget is never full');
    ledger.settle(
      budget,
      outcome.id,
      1,
      Date.now(),
      budget === 'weight' ? { value: index, windowMs: 60_000 } : undefined,
    );
  }
  ledger.flush();
  const perReservationUs = ((performance.now() - startedMs) * 1000) / reservations;
  ledger.close();
  return perReservationUs;
}

/**
 * A live tick as the collector's ledger sees it, in ms: 600 weight-1 requests granted in one take,
 * their answers recorded as they come in, 24 at a time (one write per SETTLE_FLUSH_MS during a tick
 * of about half a second). The mean over 20 ticks, after 5 that fill the file.
 */
function measureLedgerTick(path: string | undefined): number {
  const ledger = openBudgetLedger({
    path,
    route: 'tick direct',
    owner: 'bench',
    leaseMs: 15_000,
    pollMs: 50,
  });
  const spec = { limit: 1_000_000_000, windowMs: 60_000 };
  const tick = (): void => {
    const nowMs = Date.now();
    const requests = Array.from({ length: 600 }, () => ({
      budget: 'weight' as const,
      units: 1,
      priority: 'live' as const,
      nowMs,
      spec,
    }));
    const outcomes = ledger.take(requests);
    for (const [index, outcome] of outcomes.entries()) {
      if (!outcome.granted) throw new Error('the bench budget is never full');
      ledger.settle('weight', outcome.id, 1, Date.now(), { value: index + 1, windowMs: spec.windowMs });
      if (index % 24 === 23) ledger.flush();
    }
    ledger.flush();
  };
  for (let warm = 0; warm < 5; warm++) tick();
  const ticks = 20;
  const startedMs = performance.now();
  for (let index = 0; index < ticks; index++) tick();
  const elapsedMs = (performance.now() - startedMs) / ticks;
  ledger.close();
  return elapsedMs;
}

/** The same tick through the budgets, promises included (the answers' writes not counted), in ms. */
async function measureBudgetsTick(budgetDir: string | undefined): Promise<number> {
  const budgets = createRateBudgets({
    clock: systemClock,
    route: 'tick direct',
    weightBudget: { limit: 2400, windowMs: 60_000 },
    ...(budgetDir === undefined ? {} : { budgetDir }),
  });
  const startedMs = performance.now();
  const grants = await Promise.all(
    Array.from({ length: 600 }, () => budgets.acquire({ budget: 'weight', units: 1, priority: 'live' })),
  );
  for (const grant of grants) grant.settle({ usedWeight: 600 });
  const elapsedMs = performance.now() - startedMs;
  budgets.close();
  return elapsedMs;
}

try {
  const file = ledgerFilePath(dir, route);
  const rows = [
    ['file ledger, weight (live tick)', measureLedger(file, 'weight')],
    ['file ledger, history', measureLedger(file, 'history')],
    ['in-memory ledger, weight', measureLedger(undefined, 'weight')],
    ['in-memory ledger, history', measureLedger(undefined, 'history')],
  ] as const;
  for (const [name, us] of rows) process.stdout.write(`${name}: ${us.toFixed(1)} us per reservation\n`);
  const fileTickMs = measureLedgerTick(ledgerFilePath(dir, 'tick direct'));
  const memoryTickMs = measureLedgerTick(undefined);
  const fileBudgetsMs = await measureBudgetsTick(dir);
  const memoryBudgetsMs = await measureBudgetsTick(undefined);
  process.stdout.write(`live tick of 600 requests, file ledger: ${fileTickMs.toFixed(1)} ms in the ledger\n`);
  process.stdout.write(`live tick of 600 requests, in memory: ${memoryTickMs.toFixed(1)} ms in the ledger\n`);
  process.stdout.write(
    `live tick of 600 requests, file ledger: ${fileBudgetsMs.toFixed(1)} ms in the budgets\n`,
  );
  process.stdout.write(
    `live tick of 600 requests, in memory: ${memoryBudgetsMs.toFixed(1)} ms in the budgets\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
