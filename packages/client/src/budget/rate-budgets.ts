import { randomUUID } from 'node:crypto';
import { type Clock, IpBannedError, systemClock } from '@oi/retry';
import type { RateLimit } from '../parse/records.ts';
import { openBudgetLedger, type RequestPriority, type TakeOutcome, type WaitCause } from './budget-ledger.ts';
import type { BudgetEvent, BudgetLearnedEvent, BudgetSnapshot, RateBudgetSnapshot } from './budget-report.ts';
import {
  assertBudgetSpec,
  type BudgetSpec,
  DEFAULT_HISTORY_BUDGET,
  DEFAULT_WEIGHT_BUDGET,
} from './budget-spec.ts';
import type { BudgetName } from './endpoint-weight.ts';
import { ledgerFilePath, prepareBudgetDir } from './ledger-location.ts';

export type { RequestPriority, WaitCause } from './budget-ledger.ts';
export type { BudgetEvent, BudgetLearnedEvent, BudgetSnapshot, RateBudgetSnapshot } from './budget-report.ts';

/** Options of {@link createRateBudgets}; every limit configurable so tests can shrink minutes to seconds. */
export interface RateBudgetsOptions {
  /** Time source and sleeper; share the client's, and with a shared ledger, the host's real time. @default systemClock */
  readonly clock?: Clock;
  /** Request weight per fixed window (aligned to the epoch like Binance's minute). @default 2400 per 60 s */
  readonly weightBudget?: BudgetSpec;
  /** `/futures/data` requests per sliding window (so it is safe whatever window the server uses). @default 1000 per 300 s */
  readonly historyBudget?: BudgetSpec;
  /**
   * Directory of the ledgers shared by every process on the host (one file per route). Omitted, the
   * ledger lives in this process only. The CLI passes `OI_BUDGET_DIR` or `defaultBudgetDir(env)`.
   */
  readonly budgetDir?: string;
  /** The route requests leave by (see `describeRoute`); one ledger per route. @default 'https://fapi.binance.com direct' */
  readonly route?: string;
  /** Requests wait out a ban up to this long; when it lasts longer they fail with `IpBannedError`. @default 900_000 */
  readonly maxBanWaitMs?: number;
  /** An unanswered reservation counts as in flight this long, then ages like an answer (a killed process's expire). @default 30_000 */
  readonly inFlightLeaseMs?: number;
  /** How often to look again when another process may free the budget first, ms. @default 50 */
  readonly pollMs?: number;
  /**
   * Most `/futures/data` requests unanswered at once across every process of the route. After a 429
   * only requests already in flight can still arrive, and a server may ban after a few of them (the
   * simulator after 5). @default none (each caller's concurrency alone)
   */
  readonly maxHistoryInFlight?: number;
  /** Receives what the budgets learn from 429s and 418s, and their recovery. */
  readonly onEvent?: (event: BudgetEvent) => void;
}

/** What a request asks of {@link RateBudgets.acquire}. */
export interface BudgetRequest {
  /** The budget it draws from. */
  readonly budget: BudgetName;
  /** Units it takes (weight, or 1 request). */
  readonly units: number;
  /** Queue priority. */
  readonly priority: RequestPriority;
  /** Gives up waiting; the signal's reason is thrown. */
  readonly signal?: AbortSignal;
  /** Called once if the request has to wait, with the expected wait in ms and why. */
  readonly onWait?: (waitMs: number, cause: WaitCause) => void;
}

/** A granted request; settle it when its answer (or failure) is in. */
export interface BudgetGrant {
  /** Records the outcome: `usedWeight` is the `X-MBX-USED-WEIGHT-1M` header, when sent. */
  settle(observation?: { readonly usedWeight?: number }): void;
}

/** The per-IP budgets: shared by every client of a process, and through the ledger by every process of the route. */
export interface RateBudgets {
  /** Waits until the request may be sent without breaking a limit, then takes its units. */
  acquire(request: BudgetRequest): Promise<BudgetGrant>;
  /** Adopts the `REQUEST_WEIGHT` limit of `exchangeInfo.rateLimits` (never above a configured weight budget). */
  applyRateLimits(limits: readonly RateLimit[]): void;
  /** A 429: holds back `budget` in every process until `untilMs` and lowers its rate. */
  pause(budget: BudgetName, untilMs: number): void;
  /** A 418 drawn by a request of `budget`: holds back every request of every process until `untilMs`. */
  ban(untilMs: number, budget?: BudgetName): void;
  /** The current state. */
  snapshot(): RateBudgetSnapshot;
  /** Closes the ledger; later calls fail. */
  close(): void;
}

interface Waiter {
  readonly request: BudgetRequest;
  readonly grant: (grant: BudgetGrant) => void;
  readonly fail: (error: unknown) => void;
  waitReported: boolean;
}

const BUDGETS = ['weight', 'history'] as const;
// A live waiter stays visible this long past its expected wake-up, so that a busy event loop that
// wakes late does not let another process's history requests through; a dead process's entry
// holds them back no longer than this.
const WAITER_SLACK_MS = 1000;
const DEFAULT_ROUTE = 'https://fapi.binance.com direct';
// How soon a request held back by maxHistoryInFlight looks again while another process's requests
// are in flight: an answer frees a place within a round trip, and a 50 ms poll left the route idle.
const IN_FLIGHT_POLL_MS = 10;

/** Creates the two IP budgets over a ledger: request weight per fixed window, `/futures/data` requests per sliding window. */
export function createRateBudgets(options: RateBudgetsOptions = {}): RateBudgets {
  const clock = options.clock ?? systemClock;
  const configured: Record<BudgetName, BudgetSpec> = {
    weight: options.weightBudget ?? DEFAULT_WEIGHT_BUDGET,
    history: options.historyBudget ?? DEFAULT_HISTORY_BUDGET,
  };
  assertBudgetSpec('weightBudget', configured.weight);
  assertBudgetSpec('historyBudget', configured.history);
  const weightTold = options.weightBudget !== undefined;
  const maxBanWaitMs = options.maxBanWaitMs ?? 900_000;
  const pollMs = options.pollMs ?? 50;
  const maxInFlight: Record<BudgetName, number | undefined> = {
    weight: undefined,
    history: options.maxHistoryInFlight,
  };
  if (
    maxInFlight.history !== undefined &&
    !(Number.isInteger(maxInFlight.history) && maxInFlight.history > 0)
  ) {
    throw new RangeError(`maxHistoryInFlight must be a whole number from 1, got ${maxInFlight.history}`);
  }
  const emit = options.onEvent ?? (() => {});
  const route = options.route ?? DEFAULT_ROUTE;
  let path: string | undefined;
  if (options.budgetDir !== undefined) {
    prepareBudgetDir(options.budgetDir);
    path = ledgerFilePath(options.budgetDir, route);
  }
  const ledger = openBudgetLedger({
    path,
    route,
    owner: `${process.pid}-${randomUUID()}`,
    leaseMs: options.inFlightLeaseMs ?? 30_000,
    pollMs,
  });

  // FIFO per budget and priority: a budget serves its live queue before its history queue.
  const queues: Record<BudgetName, Record<RequestPriority, Waiter[]>> = {
    weight: { live: [], history: [] },
    history: { live: [], history: [] },
  };
  const factors: Record<BudgetName, number> = { weight: 1, history: 1 };
  const liveWaiterUntil: Record<BudgetName, number | undefined> = { weight: undefined, history: undefined };
  let timer: { readonly atMs: number; readonly controller: AbortController } | undefined;
  let pumpQueued = false;
  // Budgets whose state changed since the last pump (a request came, was dropped or answered); the
  // timer and the server's limits look at both.
  const changed = new Set<BudgetName>();
  const wakeAt: Record<BudgetName, number> = {
    weight: Number.POSITIVE_INFINITY,
    history: Number.POSITIVE_INFINITY,
  };

  function noteFactor(budget: BudgetName, factor: number, reason: BudgetLearnedEvent['reason']): void {
    if (factor === factors[budget]) return;
    factors[budget] = factor;
    const spec = configured[budget];
    emit({
      type: 'budget-learned',
      budget,
      limit: factor >= 1 ? spec.limit : Math.max(1, Math.floor(spec.limit * factor)),
      configuredLimit: spec.limit,
      windowMs: spec.windowMs,
      factor,
      reason,
    });
  }

  function failAll(error: unknown): void {
    for (const budget of BUDGETS) {
      for (const priority of ['live', 'history'] as const) {
        for (const waiter of queues[budget][priority].splice(0)) waiter.fail(error);
      }
    }
  }

  // Other processes see this process's live waiters and hold their history requests back; the
  // entry expires by itself if this process dies.
  function publishLiveWaiter(budget: BudgetName, nowMs: number, wakeAtMs: number): void {
    const waiting = queues[budget].live.length > 0;
    const current = liveWaiterUntil[budget];
    try {
      if (!waiting) {
        if (current === undefined) return;
        liveWaiterUntil[budget] = undefined;
        ledger.setLiveWaiter(budget, undefined);
        return;
      }
      const wakeMs = Math.max(nowMs, Math.min(wakeAtMs, nowMs + 60_000));
      if (current !== undefined && current >= wakeMs + WAITER_SLACK_MS / 2) return;
      const untilMs = wakeMs + WAITER_SLACK_MS;
      liveWaiterUntil[budget] = untilMs;
      ledger.setLiveWaiter(budget, untilMs);
    } catch {
      // Only priority across processes is lost; the next pump tries again.
      liveWaiterUntil[budget] = undefined;
    }
  }

  function makeGrant(budget: BudgetName, id: number, units: number): BudgetGrant {
    let settled = false;
    return {
      settle: (observation) => {
        if (settled) return;
        settled = true;
        const usedWeight = observation?.usedWeight;
        try {
          ledger.settle(
            budget,
            id,
            units,
            clock.now(),
            usedWeight === undefined || !Number.isFinite(usedWeight)
              ? undefined
              : { value: usedWeight, windowMs: configured.weight.windowMs },
          );
        } catch {
          // The answer is already in hand; an unrecorded settle only makes the entry age from its
          // lease instead of its answer, which errs on the safe side.
        }
        requestPump(budget);
      },
    };
  }

  // Requests made in one turn of the event loop (a live tick's burst) are granted together, in one
  // ledger transaction. Only the budget that changed is looked at: a live tick's hundreds of weight
  // answers must not each ask the ledger again for a history request that waits for its own budget.
  function requestPump(budget: BudgetName): void {
    changed.add(budget);
    if (pumpQueued) return;
    pumpQueued = true;
    queueMicrotask(() => {
      const budgets = BUDGETS.filter((name) => changed.has(name));
      pump(budgets);
    });
  }

  function pump(budgets: readonly BudgetName[] = BUDGETS): void {
    pumpQueued = false;
    changed.clear();
    const nowMs = clock.now();
    for (const budget of budgets) {
      const { live, history } = queues[budget];
      // Strict order: live before history, each in arrival order, and nothing overtakes a waiting head.
      const waiting = [...live, ...history];
      let budgetWakeMs = Number.POSITIVE_INFINITY;
      if (waiting.length > 0) {
        let outcomes: TakeOutcome[];
        try {
          outcomes = ledger.take(
            waiting.map((waiter) => ({
              budget,
              units: waiter.request.units,
              priority: waiter.request.priority,
              nowMs,
              spec: configured[budget],
              maxInFlight: maxInFlight[budget],
            })),
          );
        } catch (error) {
          for (const waiter of waiting) dequeue(waiter).fail(error);
          wakeAt[budget] = Number.POSITIVE_INFINITY;
          continue;
        }
        for (const [index, outcome] of outcomes.entries()) {
          const waiter = waiting[index]!;
          if (outcome.granted) {
            noteFactor(
              budget,
              outcome.factor,
              outcome.factor > factors[budget] ? 'recovered' : 'other-process',
            );
            dequeue(waiter).grant(makeGrant(budget, outcome.id, waiter.request.units));
            continue;
          }
          if (outcome.cause === 'banned' && outcome.readyAtMs - nowMs > maxBanWaitMs) {
            failAll(new IpBannedError({ bannedUntilMs: outcome.readyAtMs, maxBanWaitMs }));
            publishLiveWaiter('weight', nowMs, nowMs);
            publishLiveWaiter('history', nowMs, nowMs);
            wakeAt.weight = Number.POSITIVE_INFINITY;
            wakeAt.history = Number.POSITIVE_INFINITY;
            schedule(Number.POSITIVE_INFINITY, nowMs);
            return;
          }
          // Waiting for an answer to free a place in flight is flow control, not a wait for the budget.
          const { cause } = outcome;
          if (cause !== 'in-flight') {
            for (const blocked of waiting.slice(index)) {
              if (blocked.waitReported) continue;
              blocked.waitReported = true;
              blocked.request.onWait?.(outcome.readyAtMs - nowMs, cause);
            }
          }
          // A place in flight frees within a round trip of another process: look again sooner.
          const lookAgainMs = cause === 'in-flight' ? Math.min(pollMs, IN_FLIGHT_POLL_MS) : pollMs;
          budgetWakeMs = outcome.poll ? Math.min(outcome.readyAtMs, nowMs + lookAgainMs) : outcome.readyAtMs;
        }
      }
      publishLiveWaiter(budget, nowMs, budgetWakeMs);
      wakeAt[budget] = budgetWakeMs;
    }
    schedule(Math.min(wakeAt.weight, wakeAt.history), nowMs);
  }

  function dequeue(waiter: Waiter): Waiter {
    const queue = queues[waiter.request.budget][waiter.request.priority];
    queue.splice(queue.indexOf(waiter), 1);
    return waiter;
  }

  function schedule(atMs: number, nowMs: number): void {
    if (timer !== undefined && timer.atMs === atMs) return;
    timer?.controller.abort();
    timer = undefined;
    if (atMs === Number.POSITIVE_INFINITY) return;
    const controller = new AbortController();
    const current = { atMs, controller };
    timer = current;
    clock.sleep(Math.max(0, atMs - nowMs), controller.signal).then(
      () => {
        if (timer === current) timer = undefined;
        pump();
      },
      () => {},
    );
  }

  function noteLimit(kind: 'rate-limited' | 'banned', budget: BudgetName, untilMs: number): void {
    const lesson = ledger.noteLimit(kind, budget, clock.now(), untilMs, configured[budget].windowMs);
    if (lesson.lowered) noteFactor(budget, lesson.factor, kind);
    pump();
  }

  return {
    acquire(request) {
      return new Promise<BudgetGrant>((resolve, reject) => {
        const { signal } = request;
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const { limit } = configured[request.budget];
        if (!(request.units > 0) || request.units > limit) {
          reject(
            new RangeError(
              `A request of ${request.units} units can never fit the ${request.budget} budget of ${limit}`,
            ),
          );
          return;
        }
        const queue = queues[request.budget][request.priority];
        const onAbort = (): void => {
          const index = queue.indexOf(waiter);
          if (index < 0) return;
          queue.splice(index, 1);
          reject(signal?.reason);
          requestPump(request.budget);
        };
        const waiter: Waiter = {
          request,
          waitReported: false,
          grant: (grant) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(grant);
          },
          fail: (error) => {
            signal?.removeEventListener('abort', onAbort);
            reject(error);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        requestPump(request.budget);
      });
    },
    applyRateLimits(limits) {
      const weight = limits.find((limit) => limit.type === 'REQUEST_WEIGHT');
      if (weight === undefined || weight.limit <= 0 || weight.intervalMs <= 0) return;
      // A budget the user set is a share of the IP's: the server may lower it, never raise it.
      const limit = weightTold ? Math.min(configured.weight.limit, weight.limit) : weight.limit;
      configured.weight = Object.freeze({ limit, windowMs: weight.intervalMs });
      pump();
    },
    pause: (budget, untilMs) => noteLimit('rate-limited', budget, untilMs),
    ban: (untilMs, budget = 'weight') => noteLimit('banned', budget, untilMs),
    snapshot() {
      const nowMs = clock.now();
      const state = ledger.state(nowMs, configured);
      const budgetSnapshot = (budget: BudgetName): BudgetSnapshot => {
        const shared = state[budget];
        return Object.freeze({
          used: shared.used,
          limit: shared.limit,
          configuredLimit: configured[budget].limit,
          windowMs: configured[budget].windowMs,
          learnedLimit: shared.factor < 1 ? shared.limit : undefined,
          pausedUntilMs: shared.pausedUntilMs,
          queued: queues[budget].live.length + queues[budget].history.length,
        });
      };
      return Object.freeze({
        atMs: nowMs,
        weight: budgetSnapshot('weight'),
        history: budgetSnapshot('history'),
        bannedUntilMs: state.bannedUntilMs,
        ledgerPath: ledger.path,
      });
    },
    close() {
      timer?.controller.abort();
      timer = undefined;
      ledger.close();
    },
  };
}
