// What the shared budget ledger costs per reservation: `pnpm --filter @oi/client bench:ledger`
// (node --conditions=@oi/source bench/ledger.ts [reservations]). Prints microseconds per reservation
// (a take, its own SQLite transaction, which also records the previous settle) for a file ledger and an in-memory one, and the
// time a live tick of 600 weight-1 requests spends in the budgets.
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
    if (outcome?.granted) ledger.settle(budget, outcome.id, Date.now(), undefined);
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
      Date.now(),
      budget === 'weight' ? { value: index, windowMs: 60_000 } : undefined,
    );
  }
  ledger.flush();
  const perReservationUs = ((performance.now() - startedMs) * 1000) / reservations;
  ledger.close();
  return perReservationUs;
}

async function measureTick(budgetDir: string | undefined): Promise<number> {
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
  const fileTickMs = await measureTick(dir);
  const memoryTickMs = await measureTick(undefined);
  process.stdout.write(
    `live tick of 600 requests, file ledger: ${fileTickMs.toFixed(1)} ms in the budgets\n`,
  );
  process.stdout.write(
    `live tick of 600 requests, in memory: ${memoryTickMs.toFixed(1)} ms in the budgets\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
