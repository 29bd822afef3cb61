import { type Clock, systemClock } from '@oi/retry';
import type { RateLimit } from '../parse/records.ts';
import type { BudgetName } from './endpoint-weight.ts';

/** Who waits first: `live` requests are granted before queued `history` requests. */
export type RequestPriority = 'live' | 'history';

/** Limits of {@link createRateBudgets}; every one configurable so tests can shrink minutes to seconds. */
export interface RateBudgetsOptions {
  /** Time source and sleeper; share the client's. @default systemClock */
  readonly clock?: Clock;
  /** Request weight per weight window. @default 2400 */
  readonly weightLimit?: number;
  /** Weight window (fixed, aligned to the epoch like Binance's minute), ms. @default 60_000 */
  readonly weightWindowMs?: number;
  /** `/futures/data` requests per history window. @default 1000 */
  readonly historyLimit?: number;
  /** History window (sliding, so it is safe whatever window the server uses), ms. @default 300_000 */
  readonly historyWindowMs?: number;
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
  /** Called once if the request has to wait, with the expected wait in ms. */
  readonly onWait?: (waitMs: number) => void;
}

/** A granted request; settle it when its answer (or failure) is in. */
export interface BudgetGrant {
  /** Records the outcome: `usedWeight` is the `X-MBX-USED-WEIGHT-1M` header, when sent. */
  settle(observation?: { readonly usedWeight?: number }): void;
}

/** One budget's state, for progress displays. */
export interface BudgetSnapshot {
  /** Units used in the current window (weight) or the last window length (history). */
  readonly used: number;
  /** Units allowed per window. */
  readonly limit: number;
  /** Window length, ms. */
  readonly windowMs: number;
  /** Paused by a 429 until then, epoch ms. */
  readonly pausedUntilMs: number | undefined;
  /** Requests waiting for this budget. */
  readonly queued: number;
}

/** Both budgets and the ban, for progress displays. */
export interface RateBudgetSnapshot {
  /** When the snapshot was taken, epoch ms. */
  readonly atMs: number;
  /** Request weight. */
  readonly weight: BudgetSnapshot;
  /** `/futures/data` requests. */
  readonly history: BudgetSnapshot;
  /** Every request waits until then (418), epoch ms. */
  readonly bannedUntilMs: number | undefined;
}

/** The per-IP budgets shared by every client of one process. */
export interface RateBudgets {
  /** Waits until the request may be sent without breaking a limit, then takes its units. */
  acquire(request: BudgetRequest): Promise<BudgetGrant>;
  /** Adopts the `REQUEST_WEIGHT` limit of `exchangeInfo.rateLimits`. */
  applyRateLimits(limits: readonly RateLimit[]): void;
  /** Holds back one budget until `untilMs` (a 429's Retry-After). */
  pause(budget: BudgetName, untilMs: number): void;
  /** Holds back every request until `untilMs` (a 418 ban). */
  ban(untilMs: number): void;
  /** The current state. */
  snapshot(): RateBudgetSnapshot;
}

interface Waiter {
  readonly request: BudgetRequest;
  readonly grant: (grant: BudgetGrant) => void;
  waitReported: boolean;
}

interface WeightGrant {
  readonly units: number;
  readonly windowStartMs: number;
  settled: boolean;
}

interface HistoryEntry {
  // The grant time until settled, then the answer's time: the server saw the request in between,
  // so spacing answers a window apart keeps any server window within its limit.
  atMs: number;
  settled: boolean;
}

/** Creates the two IP budgets: request weight per fixed window, and `/futures/data` requests per sliding window. */
export function createRateBudgets(options: RateBudgetsOptions = {}): RateBudgets {
  const clock = options.clock ?? systemClock;
  let weightLimit = options.weightLimit ?? 2400;
  let weightWindowMs = options.weightWindowMs ?? 60_000;
  const historyLimit = options.historyLimit ?? 1000;
  const historyWindowMs = options.historyWindowMs ?? 300_000;
  for (const [name, value] of Object.entries({
    weightLimit,
    weightWindowMs,
    historyLimit,
    historyWindowMs,
  })) {
    if (!Number.isFinite(value) || value <= 0)
      throw new RangeError(`${name} must be a positive number, got ${value}`);
  }

  let weightWindowStartMs = Number.NEGATIVE_INFINITY;
  let weightUsed = 0;
  const weightGrants = new Set<WeightGrant>();
  const historyLog: HistoryEntry[] = [];
  const pausedUntilMs: Record<BudgetName, number> = { weight: 0, history: 0 };
  let bannedUntilMs = 0;
  // FIFO per budget and priority: a budget serves its live queue before its history queue.
  const queues: Record<BudgetName, Record<RequestPriority, Waiter[]>> = {
    weight: { live: [], history: [] },
    history: { live: [], history: [] },
  };
  const unreportedWaits: Record<BudgetName, number> = { weight: 0, history: 0 };
  let timer: { readonly atMs: number; readonly controller: AbortController } | undefined;

  function rollWeightWindow(nowMs: number): void {
    const startMs = Math.floor(nowMs / weightWindowMs) * weightWindowMs;
    if (startMs === weightWindowStartMs) return;
    weightWindowStartMs = startMs;
    // A request still in flight may reach the server after its window turned: count it in the new one.
    weightUsed = 0;
    for (const grant of weightGrants) weightUsed += grant.units;
  }

  // Entries are kept in grant order; one still in flight holds back those behind it, which only errs
  // on the safe side and keeps pruning O(1) per entry.
  function pruneHistory(nowMs: number): void {
    let expired = 0;
    while (expired < historyLog.length) {
      const entry = historyLog[expired]!;
      if (!entry.settled || entry.atMs > nowMs - historyWindowMs) break;
      expired++;
    }
    if (expired > 0) historyLog.splice(0, expired);
  }

  function historyUsed(nowMs: number): number {
    pruneHistory(nowMs);
    return historyLog.length;
  }

  /** The earliest time `units` fit into `budget`, or `nowMs` if they fit now. */
  function readyAtMs(budget: BudgetName, units: number, nowMs: number): number {
    const blockedUntil = Math.max(bannedUntilMs, pausedUntilMs[budget]);
    if (blockedUntil > nowMs) return blockedUntil;
    if (budget === 'weight') {
      rollWeightWindow(nowMs);
      return weightUsed + units <= weightLimit ? nowMs : weightWindowStartMs + weightWindowMs;
    }
    pruneHistory(nowMs);
    const excess = historyLog.length + units - historyLimit;
    if (excess <= 0) return nowMs;
    // An unsettled entry expires no sooner than a window after now; its settle pumps again anyway.
    const times = historyLog.map((entry) => (entry.settled ? entry.atMs : nowMs));
    times.sort((a, b) => a - b);
    return (times[excess - 1] ?? nowMs) + historyWindowMs;
  }

  function take(budget: BudgetName, units: number, nowMs: number): BudgetGrant {
    if (budget === 'weight') {
      const grant: WeightGrant = { units, windowStartMs: weightWindowStartMs, settled: false };
      weightUsed += units;
      weightGrants.add(grant);
      return {
        settle: (observation) => {
          if (grant.settled) return;
          grant.settled = true;
          weightGrants.delete(grant);
          applyUsedWeight(observation?.usedWeight);
          pump();
        },
      };
    }
    const entry: HistoryEntry = { atMs: nowMs, settled: false };
    historyLog.push(entry);
    return {
      settle: (observation) => {
        if (entry.settled) return;
        entry.settled = true;
        entry.atMs = clock.now();
        applyUsedWeight(observation?.usedWeight);
        pump();
      },
    };
  }

  // The header is the server's count including this request; requests still in flight are not in it yet.
  function applyUsedWeight(usedWeight: number | undefined): void {
    if (usedWeight === undefined || !Number.isFinite(usedWeight)) return;
    rollWeightWindow(clock.now());
    let inFlight = 0;
    for (const grant of weightGrants) inFlight += grant.units;
    weightUsed = usedWeight + inFlight;
  }

  function pump(): void {
    const nowMs = clock.now();
    let wakeAtMs = Number.POSITIVE_INFINITY;
    for (const budget of ['weight', 'history'] as const) {
      const { live, history } = queues[budget];
      for (;;) {
        const queue = live.length > 0 ? live : history;
        const head = queue[0];
        if (head === undefined) break;
        const atMs = readyAtMs(budget, head.request.units, nowMs);
        if (atMs <= nowMs) {
          queue.shift();
          head.grant(take(budget, head.request.units, nowMs));
          continue;
        }
        // Strict order: nothing behind the head of a budget's queue overtakes it.
        if (unreportedWaits[budget] > 0) {
          for (const blocked of [...live, ...history]) {
            if (blocked.waitReported) continue;
            blocked.waitReported = true;
            unreportedWaits[budget]--;
            blocked.request.onWait?.(atMs - nowMs);
          }
        }
        wakeAtMs = Math.min(wakeAtMs, atMs);
        break;
      }
    }
    schedule(wakeAtMs, nowMs);
  }

  function schedule(atMs: number, nowMs: number): void {
    if (timer !== undefined && timer.atMs === atMs) return;
    timer?.controller.abort();
    timer = undefined;
    if (atMs === Number.POSITIVE_INFINITY) return;
    const controller = new AbortController();
    const current = { atMs, controller };
    timer = current;
    clock.sleep(atMs - nowMs, controller.signal).then(
      () => {
        if (timer === current) timer = undefined;
        pump();
      },
      () => {},
    );
  }

  return {
    acquire(request) {
      const limit = request.budget === 'weight' ? weightLimit : historyLimit;
      if (!(request.units > 0) || request.units > limit) {
        return Promise.reject(
          new RangeError(
            `A request of ${request.units} units can never fit the ${request.budget} budget of ${limit}`,
          ),
        );
      }
      return new Promise<BudgetGrant>((resolve, reject) => {
        const { signal } = request;
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const queue = queues[request.budget][request.priority];
        const onAbort = (): void => {
          const index = queue.indexOf(waiter);
          if (index < 0) return;
          queue.splice(index, 1);
          if (!waiter.waitReported) unreportedWaits[request.budget]--;
          reject(signal?.reason);
          pump();
        };
        const waiter: Waiter = {
          request,
          waitReported: false,
          grant: (grant) => {
            if (!waiter.waitReported) unreportedWaits[request.budget]--;
            signal?.removeEventListener('abort', onAbort);
            resolve(grant);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        unreportedWaits[request.budget]++;
        pump();
      });
    },
    applyRateLimits(limits) {
      const weight = limits.find((limit) => limit.type === 'REQUEST_WEIGHT');
      if (weight === undefined || weight.limit <= 0 || weight.intervalMs <= 0) return;
      weightLimit = weight.limit;
      if (weight.intervalMs !== weightWindowMs) {
        weightWindowMs = weight.intervalMs;
        weightWindowStartMs = Number.NEGATIVE_INFINITY;
      }
      pump();
    },
    pause(budget, untilMs) {
      if (untilMs <= pausedUntilMs[budget]) return;
      pausedUntilMs[budget] = untilMs;
      pump();
    },
    ban(untilMs) {
      if (untilMs <= bannedUntilMs) return;
      bannedUntilMs = untilMs;
      pump();
    },
    snapshot() {
      const nowMs = clock.now();
      rollWeightWindow(nowMs);
      const queued = (budget: BudgetName) => queues[budget].live.length + queues[budget].history.length;
      const paused = (budget: BudgetName) =>
        pausedUntilMs[budget] > nowMs ? pausedUntilMs[budget] : undefined;
      return Object.freeze({
        atMs: nowMs,
        weight: Object.freeze({
          used: weightUsed,
          limit: weightLimit,
          windowMs: weightWindowMs,
          pausedUntilMs: paused('weight'),
          queued: queued('weight'),
        }),
        history: Object.freeze({
          used: historyUsed(nowMs),
          limit: historyLimit,
          windowMs: historyWindowMs,
          pausedUntilMs: paused('history'),
          queued: queued('history'),
        }),
        bannedUntilMs: bannedUntilMs > nowMs ? bannedUntilMs : undefined,
      });
    },
  };
}
