// One oi-like process sharing the host's budget ledger, for the multi-process tests:
// `node --conditions=@oi/source budget-child.ts '<BudgetChildConfig JSON>'`. Prints JSON lines: one
// `ready`, then (for `page` and `flood`) one `done` with what it saw. `hold` never exits by itself: the
// test kills it with SIGKILL while it holds reservations.
import { systemClock } from '@oi/retry';
import type { BudgetSpec } from '../budget/budget-spec.ts';
import { describeRoute } from '../budget/ledger-location.ts';
import { createRateBudgets } from '../budget/rate-budgets.ts';
import { createBinanceClient } from '../client/binance-client.ts';
import type { ClientEvent } from '../client/client-events.ts';

/** What a child does. */
export type BudgetChildConfig =
  | {
      /** Pages `days` of 5m history for each symbol, `concurrency` symbols at a time. */
      readonly mode: 'page';
      readonly simUrl: string;
      readonly budgetDir: string;
      readonly historyBudget?: BudgetSpec;
      readonly symbols: readonly string[];
      readonly days: number;
      readonly endMs: number;
      readonly concurrency: number;
    }
  | {
      /** Sends one-slot history requests at `history` priority, `concurrency` at a time, for `durationMs`. */
      readonly mode: 'flood';
      readonly simUrl: string;
      readonly budgetDir: string;
      readonly historyBudget: BudgetSpec;
      readonly symbol: string;
      readonly concurrency: number;
      readonly durationMs: number;
    }
  | {
      /** Takes `units` history reservations and never answers them. */
      readonly mode: 'hold';
      readonly budgetDir: string;
      readonly route: string;
      readonly historyBudget: BudgetSpec;
      readonly units: number;
      readonly inFlightLeaseMs: number;
    };

/** The last line of a `page` or `flood` child. */
export interface BudgetChildResult {
  readonly type: 'done';
  /** Rows received per symbol. */
  readonly rows: Readonly<Record<string, number>>;
  /** Pages that were not rows (beyond retention, before listing). */
  readonly otherPages: number;
  /** Requests that failed for good, with their messages. */
  readonly errors: readonly string[];
  /** Client events by type. */
  readonly events: Readonly<Record<string, number>>;
  /** When each request was granted and sent (`request` events), epoch ms. */
  readonly sentAtMs: readonly number[];
  /** The learned history limit at the end, if any. */
  readonly learnedHistoryLimit: number | undefined;
}

const DAY_MS = 86_400_000;
const config = JSON.parse(process.argv[2] ?? '{}') as BudgetChildConfig;
const say = (line: object): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

if (config.mode === 'hold') {
  const budgets = createRateBudgets({
    budgetDir: config.budgetDir,
    route: config.route,
    historyBudget: config.historyBudget,
    inFlightLeaseMs: config.inFlightLeaseMs,
  });
  // Each reservation is stamped between these two times.
  const askedAtMs: number[] = [];
  const grantedAtMs: number[] = [];
  for (let index = 0; index < config.units; index++) {
    askedAtMs.push(Date.now());
    await budgets.acquire({ budget: 'history', units: 1, priority: 'history' });
    grantedAtMs.push(Date.now());
  }
  say({ type: 'ready', askedAtMs, grantedAtMs });
  // Holds the reservations until killed.
  setInterval(() => {}, 60_000);
} else {
  const events: Record<string, number> = {};
  const sentAtMs: number[] = [];
  const client = createBinanceClient({
    baseUrl: config.simUrl,
    budgetDir: config.budgetDir,
    ...(config.historyBudget === undefined ? {} : { historyBudget: config.historyBudget }),
    onEvent: (event: ClientEvent) => {
      events[event.type] = (events[event.type] ?? 0) + 1;
      if (event.type === 'request') sentAtMs.push(Date.now());
    },
  });
  say({ type: 'ready', route: describeRoute(config.simUrl) });
  const rows: Record<string, number> = {};
  const errors: string[] = [];
  let otherPages = 0;
  const clock = systemClock;
  if (config.mode === 'page') {
    const queue = [...config.symbols];
    await Promise.all(
      Array.from({ length: config.concurrency }, async () => {
        for (let symbol = queue.shift(); symbol !== undefined; symbol = queue.shift()) {
          rows[symbol] = 0;
          try {
            const pages = client.openInterestHistoryPages({
              symbol,
              period: '5m',
              startMs: config.endMs - config.days * DAY_MS,
              endMs: config.endMs,
            });
            for await (const page of pages) {
              if (page.kind === 'rows') rows[symbol] = (rows[symbol] ?? 0) + page.rows.length;
              else otherPages++;
            }
          } catch (error) {
            errors.push(error instanceof Error ? error.message : String(error));
          }
        }
      }),
    );
  } else {
    const stopAtMs = clock.now() + config.durationMs;
    const slotMs = 300_000;
    const lastSlotMs = Math.floor((clock.now() - 60_000) / slotMs) * slotMs;
    let index = 0;
    rows[config.symbol] = 0;
    await Promise.all(
      Array.from({ length: config.concurrency }, async () => {
        while (clock.now() < stopAtMs) {
          const slot = lastSlotMs - (index++ % 1000) * slotMs;
          try {
            const page = await client.openInterestHistory(
              { symbol: config.symbol, period: '5m', startTimeMs: slot, endTimeMs: slot },
              { priority: 'history' },
            );
            rows[config.symbol] = (rows[config.symbol] ?? 0) + page.length;
          } catch (error) {
            errors.push(error instanceof Error ? error.message : String(error));
          }
        }
      }),
    );
  }
  const result: BudgetChildResult = {
    type: 'done',
    rows,
    otherPages,
    errors,
    events,
    sentAtMs,
    learnedHistoryLimit: client.budgets.snapshot().history.learnedLimit,
  };
  say(result);
  client.budgets.close();
}
