import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBinanceClient, createRateBudgets } from '@oi/client';
import { listingsFrom, runBackfill } from '@oi/recovery';
import { systemClock } from '@oi/retry';
import { openStore } from '@oi/storage';
import { type BenchRow, round } from './bench-row.ts';
import { REALISTIC_LATENCY } from './realistic-latency.ts';
import { startSimWorker } from './start-sim-worker.ts';

const DAY_MS = 86_400_000;
const SLOT_MS = 300_000;

/** The scaled history budget: Binance's 1000 requests per 5 minutes, with 5 s windows. */
export const SCALED_HISTORY_BUDGET = { requests: 1000, windowMs: 5000 } as const;

/** Options of {@link benchBackfill}. */
export interface BackfillBenchOptions {
  readonly symbols: number;
  /** Days of 5m history, ending now. */
  readonly days: number;
  /** History pages in flight at once. */
  readonly concurrency: number;
}

/** Figures of one backfill run. */
export interface BackfillBenchResult {
  readonly symbols: number;
  readonly days: number;
  readonly concurrency: number;
  readonly wallMs: number;
  /** History requests at the budget's rate: requests / limit x window. */
  readonly budgetMinimumMs: number;
  readonly ratioToMinimum: number;
  /** Requests made over the requests the budget allowed during the run. */
  readonly budgetUsePercent: number;
  readonly historyRequests: number;
  readonly requestsPerSymbol: number;
  readonly http429: number;
  readonly http418: number;
  readonly slotsWritten: number;
  readonly failedSymbols: number;
}

/** The budget-bound minimum: the time the history budget needs to allow `requests`. */
export function budgetMinimumMs(
  requests: number,
  budget: { readonly requests: number; readonly windowMs: number } = SCALED_HISTORY_BUDGET,
): number {
  return (requests / budget.requests) * budget.windowMs;
}

/**
 * A 5m backfill of `days` for `symbols` with `runBackfill` against the simulator in real time (30 +-
 * 10 ms latency, in a worker thread), the history budget scaled to 1000 requests per 5 s on both
 * sides: the simulator's `limits.historyWindowMs` and the client's `historyWindowMs`.
 */
export async function benchBackfill(options: BackfillBenchOptions): Promise<BackfillBenchResult> {
  const sim = await startSimWorker({
    seed: 13,
    extraSymbols: options.symbols,
    latency: REALISTIC_LATENCY,
    limits: {
      historyRequestsPerWindow: SCALED_HISTORY_BUDGET.requests,
      historyWindowMs: SCALED_HISTORY_BUDGET.windowMs,
    },
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'oi-bench-backfill-'));
  const store = await openStore({ dataDir });
  // The engine's own pace: no host ledger and no cap on history requests in flight (the
  // two-process case in shared-budget.ts runs `oi backfill` as users do, with both).
  const budgets = createRateBudgets({
    historyBudget: { limit: SCALED_HISTORY_BUDGET.requests, windowMs: SCALED_HISTORY_BUDGET.windowMs },
  });
  const client = createBinanceClient({ baseUrl: sim.url, clock: systemClock, budgets });
  try {
    const nowMs = Date.now();
    const endMs = Math.floor(nowMs / SLOT_MS) * SLOT_MS;
    const listings = listingsFrom((await client.exchangeInfo()).symbols);
    await sim.takeCounts();
    const startedMs = performance.now();
    const result = await runBackfill({
      client,
      store,
      dataDir,
      symbols: sim.extraSymbols,
      range: { startMs: endMs - options.days * DAY_MS, endMs },
      clock: systemClock,
      signal: new AbortController().signal,
      listings,
      concurrency: options.concurrency,
    });
    const wallMs = performance.now() - startedMs;
    const counts = await sim.takeCounts();
    const minimumMs = budgetMinimumMs(counts.historyRequests);
    const allowed = (wallMs / SCALED_HISTORY_BUDGET.windowMs) * SCALED_HISTORY_BUDGET.requests;
    return {
      symbols: sim.extraSymbols.length,
      days: options.days,
      concurrency: options.concurrency,
      wallMs: round(wallMs),
      budgetMinimumMs: round(minimumMs),
      ratioToMinimum: round(wallMs / minimumMs, 2),
      budgetUsePercent: round((100 * counts.historyRequests) / allowed, 1),
      historyRequests: counts.historyRequests,
      requestsPerSymbol: round(counts.historyRequests / sim.extraSymbols.length, 2),
      http429: counts.byStatus['429'] ?? 0,
      http418: counts.byStatus['418'] ?? 0,
      slotsWritten: result.slotsWritten,
      failedSymbols: result.failedSymbols.length,
    };
  } finally {
    await store.close();
    await sim.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The table row of a backfill run: target <= 1.1x the budget-bound minimum with no 429. */
export function backfillRow(result: BackfillBenchResult): BenchRow {
  return {
    benchmark: 'backfill 5m',
    size: `${result.symbols} symbols x ${result.days} d, ${result.concurrency} in flight`,
    figures: { ...result },
    summary:
      `${round(result.wallMs / 1000, 1)} s vs min ${round(result.budgetMinimumMs / 1000, 1)} s ` +
      `(${result.ratioToMinimum}x), budget ${result.budgetUsePercent}%, ${result.http429} x 429, ` +
      `${result.requestsPerSymbol} req/symbol`,
    target: '<= 1.1x minimum, 0 x 429',
    met: result.ratioToMinimum <= 1.1 && result.http429 === 0 && result.http418 === 0,
  };
}
