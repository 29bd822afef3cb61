import type { BudgetSpec } from './budget-spec.ts';
import type { BudgetName } from './endpoint-weight.ts';
import { currentFactor, lowerFactor, scaleLimit } from './learned-rate.ts';
import { openLedgerDatabase } from './ledger-database.ts';
import {
  asLearned,
  foreignInFlight,
  fullUntil,
  holdUntil,
  learnedRow,
  oldestLeaseEnd,
  prune,
  type Sql,
  sum,
  unanswered,
  usedUnits,
  windowStart,
} from './ledger-rows.ts';

/** Who waits first: `live` requests are granted before queued `history` requests. */
export type RequestPriority = 'live' | 'history';

/** Why a request could not be granted yet. */
export type WaitCause = 'banned' | 'paused' | 'full' | 'paced' | 'live-first';

/** One reservation asked of the ledger. */
export interface TakeRequest {
  readonly budget: BudgetName;
  readonly units: number;
  readonly priority: RequestPriority;
  readonly nowMs: number;
  /** This process's budget before anything learned. */
  readonly spec: BudgetSpec;
  /** Most requests of this budget unanswered at once, by every process of the route; none when absent. */
  readonly maxInFlight?: number | undefined;
}

/** The answer to a {@link TakeRequest}. */
export type TakeOutcome =
  | {
      readonly granted: true;
      readonly id: number;
      /** Share of the configured limit in force, 1 when nothing was learned or all recovered. */
      readonly factor: number;
    }
  | {
      readonly granted: false;
      /** Ask again then (earlier if `poll`). */
      readonly readyAtMs: number;
      /** Another process may free the budget before `readyAtMs`: ask again after a short poll. */
      readonly poll: boolean;
      /** `in-flight`: as many requests are unanswered as the route allows; an answer frees one. */
      readonly cause: WaitCause | 'in-flight';
    };

/** What the ledger holds for one budget, seen from this process. */
export interface LedgerBudgetState {
  readonly used: number;
  /** Units per window in force: the configured limit scaled by what was learned. */
  readonly limit: number;
  /** Share of the configured limit in force, 1 when nothing was learned or all recovered. */
  readonly factor: number;
  readonly pausedUntilMs: number | undefined;
}

/** The shared state, for snapshots. */
export interface LedgerState {
  readonly bannedUntilMs: number | undefined;
  readonly weight: LedgerBudgetState;
  readonly history: LedgerBudgetState;
}

/** What a 429 or 418 did to the budget of the request that drew it. */
export interface LimitLesson {
  /** Share of the configured limit now in force. */
  readonly factor: number;
  /** False when the failure belonged to a pause already learned from (requests that were in flight). */
  readonly lowered: boolean;
}

/** One route's reservations, pauses, ban and learned rates, shared by every process that opens the same file. */
export interface BudgetLedger {
  /** The file, or undefined for a process-local ledger. */
  readonly path: string | undefined;
  /**
   * Grants `requests` in order in one transaction, up to the first that must wait (whose outcome
   * ends the list): a burst of a live tick costs one commit.
   */
  take(requests: readonly TakeRequest[]): TakeOutcome[];
  /**
   * The answer to a granted request of `units` is in: a history entry now ages from `nowMs`; the
   * units leave the weight still in flight, and a weight header re-syncs the window. Recorded with
   * the next write of this process, or within {@link SETTLE_FLUSH_MS}.
   */
  settle(
    budget: BudgetName,
    id: number,
    units: number,
    nowMs: number,
    usedWeight: { readonly value: number; readonly windowMs: number } | undefined,
  ): void;
  /**
   * Records a 429 (pause of `budget`) or 418 (ban of all) until `untilMs` and lowers the rate once per
   * episode; `windowMs` is the budget's window, in which recovery is counted.
   */
  noteLimit(
    kind: 'rate-limited' | 'banned',
    budget: BudgetName,
    nowMs: number,
    untilMs: number,
    windowMs: number,
  ): LimitLesson;
  /** Makes this process's queued live requests of `budget` visible to history takers elsewhere (undefined: none). */
  setLiveWaiter(budget: BudgetName, expiresMs: number | undefined): void;
  /** Writes the settles not yet recorded. */
  flush(): void;
  state(nowMs: number, specs: Readonly<Record<BudgetName, BudgetSpec>>): LedgerState;
  close(): void;
}

/** Options of {@link openBudgetLedger}. */
export interface BudgetLedgerOptions {
  /** The file shared by every process of this route; undefined keeps the ledger in this process. */
  readonly path: string | undefined;
  /** The route, stored for whoever inspects the file. */
  readonly route: string;
  /** Identifies this process's reservations and waiters. */
  readonly owner: string;
  /** An unanswered reservation counts as in flight this long, then ages like an answer (crash safety), ms. */
  readonly leaseMs: number;
  /** How soon to ask again when another process may free the budget, ms. */
  readonly pollMs: number;
}

/** Settles wait at most this long (real time) for a write to carry them, so other processes see them soon. */
export const SETTLE_FLUSH_MS = 20;

const HOUR_MS = 3_600_000;
const PRUNE_EVERY = 256;

interface PendingSettle {
  readonly budget: BudgetName;
  readonly id: number;
  readonly units: number;
  readonly nowMs: number;
  readonly usedWeight: { readonly value: number; readonly windowMs: number } | undefined;
}

/** Opens one route's ledger (see README "Rate limits" for the design). */
export function openBudgetLedger(options: BudgetLedgerOptions): BudgetLedger {
  const { owner, leaseMs, pollMs } = options;
  const database = openLedgerDatabase(options.path, options.route);
  let takesSincePrune = PRUNE_EVERY;
  let pendingSettles: PendingSettle[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  /** Every write of this process first records its pending settles, in the same transaction. */
  function write<T>(work: (sql: Sql) => T): T {
    const settles = pendingSettles;
    pendingSettles = [];
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    flushTimer = undefined;
    return database.write((sql) => {
      recordSettles(sql, settles);
      // Only the newest server count matters: a live tick's hundreds of answers cost one sum of
      // what is in flight, not one each.
      const newest = settles.findLast((settle) => settle.usedWeight !== undefined);
      if (newest?.usedWeight !== undefined) syncWeight(sql, newest.nowMs, newest.usedWeight);
      return work(sql);
    });
  }

  function recordSettles(sql: Sql, settles: readonly PendingSettle[]): void {
    // Weight is counted in its second's bucket; its rows only hold what is still in flight, a whole
    // burst in one row: the answers that came in since the last write leave it in one update.
    const weightAnswered = new Map<number, number>();
    for (const { budget, id, units, nowMs } of settles) {
      if (budget === 'history') {
        sql('UPDATE grants SET end_ms = ?, settled = 1 WHERE id = ?').run(nowMs, id);
      } else {
        weightAnswered.set(id, (weightAnswered.get(id) ?? 0) + units);
      }
    }
    for (const [id, units] of weightAnswered) {
      sql('UPDATE grants SET units = units - ? WHERE id = ?').run(units, id);
      sql('DELETE FROM grants WHERE id = ? AND units <= 0').run(id);
    }
  }

  function syncWeight(
    sql: Sql,
    nowMs: number,
    usedWeight: { readonly value: number; readonly windowMs: number },
  ): void {
    const startMs = windowStart(nowMs, usedWeight.windowMs);
    // The server's count is the truth for the whole IP, other tools included; requests still in
    // flight are not in it yet.
    const inFlight = sum(
      sql("SELECT SUM(units) AS total FROM grants WHERE budget = 'weight' AND settled = 0 AND end_ms > ?"),
      nowMs,
    );
    sql(
      'INSERT INTO weight_sync (id, window_ms, window_start_ms, used) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET window_ms = excluded.window_ms, window_start_ms = excluded.window_start_ms, used = excluded.used',
    ).run(usedWeight.windowMs, startMs, usedWeight.value + inFlight);
  }

  function take(requests: readonly TakeRequest[]): TakeOutcome[] {
    const first = requests[0];
    if (first === undefined) return [];
    return write((sql) => takeInOrder(sql, first, requests));
  }

  // One budget, one instant: the shared state is read once and the grants are counted as they go.
  // A history request is a row of its own (each ages from its own answer); the weight a burst draws
  // is one row of what it has in flight, so a live tick of 600 requests costs one insert.
  function takeInOrder(
    sql: Sql,
    { budget, nowMs, spec, maxInFlight }: TakeRequest,
    requests: readonly TakeRequest[],
  ): TakeOutcome[] {
    if (++takesSincePrune >= PRUNE_EVERY) {
      takesSincePrune = 0;
      prune(sql, nowMs, Math.max(HOUR_MS, 2 * spec.windowMs + leaseMs));
    }
    const bannedUntil = holdUntil(sql, 'ban', nowMs);
    if (bannedUntil !== undefined) return [wait(bannedUntil, false, 'banned')];
    const pausedUntil = holdUntil(sql, `pause:${budget}`, nowMs);
    if (pausedUntil !== undefined) return [wait(pausedUntil, false, 'paused')];
    const learned = learnedRow(sql, budget);
    const factor = currentFactor(asLearned(learned), nowMs, spec.windowMs);
    const limit = scaleLimit(spec.limit, factor);
    // The history server's window is unknown (no header tells it): after a lesson, requests are
    // spaced evenly so that no window of any length sees a burst.
    const paced = budget === 'history' && learned !== undefined && factor < 1;
    let nextPacedMs = learned?.next_ms ?? nowMs;
    let used = usedUnits(sql, budget, nowMs, spec.windowMs);
    let liveElsewhere: boolean | undefined;
    let inFlight = maxInFlight === undefined ? 0 : unanswered(sql, budget, nowMs);
    let grantedUnits = 0;
    // A limit on requests in flight counts rows: then every request needs its own.
    const oneRow = budget === 'weight' && maxInFlight === undefined;
    const insert = sql(
      'INSERT INTO grants (budget, units, owner, start_ms, end_ms, settled) VALUES (?, ?, ?, ?, ?, 0)',
    );
    const grantRow = (units: number): number =>
      Number(insert.run(budget, units, owner, nowMs, nowMs + leaseMs).lastInsertRowid);
    // The rows of the requests granted, in order, when each has its own.
    const ids: number[] = [];
    let granted = 0;
    let waited: TakeOutcome | undefined;
    for (const { units, priority } of requests) {
      if (priority === 'history') {
        liveElsewhere ??=
          sql(
            'SELECT 1 AS found FROM waiters WHERE budget = ? AND owner <> ? AND expires_ms > ? LIMIT 1',
          ).get(budget, owner, nowMs) !== undefined;
        if (liveElsewhere) {
          waited = wait(nowMs + pollMs, true, 'live-first');
          break;
        }
      }
      // After a 429 only what is already in flight can still reach the server, and a server may ban
      // after a few of those: the route keeps few unanswered, whatever each process's concurrency.
      if (maxInFlight !== undefined && inFlight >= maxInFlight) {
        waited = wait(
          oldestLeaseEnd(sql, budget, nowMs),
          foreignInFlight(sql, budget, nowMs, owner),
          'in-flight',
        );
        break;
      }
      if (paced && nowMs < nextPacedMs) {
        waited = wait(nextPacedMs, false, 'paced');
        break;
      }
      // A request larger than a lowered limit still goes alone into an empty window.
      if (used + units > limit && used > 0) {
        const readyAtMs = fullUntil(sql, budget, nowMs, spec, used + units - limit);
        waited = wait(readyAtMs, foreignInFlight(sql, budget, nowMs, owner), 'full');
        break;
      }
      used += units;
      inFlight += 1;
      grantedUnits += units;
      if (paced) nextPacedMs = Math.max(nowMs, nextPacedMs) + Math.ceil((spec.windowMs / limit) * units);
      granted += 1;
      if (!oneRow) ids.push(grantRow(units));
    }
    const burstId = oneRow && granted > 0 ? grantRow(grantedUnits) : undefined;
    const outcomes: TakeOutcome[] = [];
    for (let index = 0; index < granted; index++) {
      outcomes.push({ granted: true, id: burstId ?? ids[index]!, factor });
    }
    if (waited !== undefined) outcomes.push(waited);
    if (grantedUnits > 0 && budget === 'weight') {
      sql(
        'INSERT INTO weight_buckets (second, units) VALUES (?, ?) ON CONFLICT (second) DO UPDATE SET units = units + excluded.units',
      ).run(Math.floor(nowMs / 1000), grantedUnits);
      sql('UPDATE weight_sync SET used = used + ? WHERE id = 1').run(grantedUnits);
    }
    if (grantedUnits > 0 && paced) {
      sql('UPDATE learned SET next_ms = ? WHERE budget = ?').run(nextPacedMs, budget);
    } else if (learned !== undefined && factor >= 1) {
      sql('DELETE FROM learned WHERE budget = ?').run(budget);
    }
    return outcomes;
  }

  function flush(): void {
    if (pendingSettles.length > 0) write(() => {});
  }

  // From a timer there is no caller to tell: a settle that cannot be written now goes with the next
  // write, or its entry ages from its lease, which errs on the safe side.
  function flushQuietly(): void {
    try {
      flush();
    } catch {
      flushTimer = undefined;
    }
  }

  return {
    path: database.path,
    take,
    settle(budget, id, units, nowMs, usedWeight) {
      if (closed) return;
      pendingSettles.push({ budget, id, units, nowMs, usedWeight });
      // Not kept alive for this: at exit, an unrecorded settle only ages from its lease.
      flushTimer ??= setTimeout(flushQuietly, SETTLE_FLUSH_MS).unref();
    },
    flush,
    noteLimit(kind, budget, nowMs, untilMs, windowMs) {
      return write((sql) => {
        const name = kind === 'banned' ? 'ban' : `pause:${budget}`;
        sql(
          'INSERT INTO holds (name, until_ms) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET until_ms = MAX(until_ms, excluded.until_ms)',
        ).run(name, untilMs);
        const learned = learnedRow(sql, budget);
        // Answers to requests that were already in flight belong to the episode that is being waited out.
        if (learned !== undefined && nowMs < learned.since_ms) {
          sql(
            'UPDATE learned SET since_ms = MAX(since_ms, ?), next_ms = MAX(next_ms, ?) WHERE budget = ?',
          ).run(untilMs, untilMs, budget);
          return { factor: learned.factor, lowered: false };
        }
        const factor = lowerFactor(currentFactor(asLearned(learned), nowMs, windowMs));
        sql(
          'INSERT INTO learned (budget, factor, since_ms, next_ms) VALUES (?, ?, ?, ?) ON CONFLICT (budget) DO UPDATE SET factor = excluded.factor, since_ms = excluded.since_ms, next_ms = excluded.next_ms',
        ).run(budget, factor, untilMs, untilMs);
        return { factor, lowered: true };
      });
    },
    setLiveWaiter(budget, expiresMs) {
      write((sql) => {
        if (expiresMs === undefined) {
          sql('DELETE FROM waiters WHERE owner = ? AND budget = ?').run(owner, budget);
        } else {
          sql(
            'INSERT INTO waiters (owner, budget, expires_ms) VALUES (?, ?, ?) ON CONFLICT (owner, budget) DO UPDATE SET expires_ms = excluded.expires_ms',
          ).run(owner, budget, expiresMs);
        }
      });
    },
    state(nowMs, specs) {
      if (pendingSettles.length > 0) flush();
      return database.read((sql) => {
        const budgetState = (budget: BudgetName): LedgerBudgetState => {
          const spec = specs[budget];
          const factor = currentFactor(asLearned(learnedRow(sql, budget)), nowMs, spec.windowMs);
          return {
            used: usedUnits(sql, budget, nowMs, spec.windowMs),
            limit: scaleLimit(spec.limit, factor),
            factor,
            pausedUntilMs: holdUntil(sql, `pause:${budget}`, nowMs),
          };
        };
        return {
          bannedUntilMs: holdUntil(sql, 'ban', nowMs),
          weight: budgetState('weight'),
          history: budgetState('history'),
        };
      });
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        flush();
      } finally {
        database.close();
      }
    },
  };
}

function wait(readyAtMs: number, poll: boolean, cause: WaitCause | 'in-flight'): TakeOutcome {
  return { granted: false, readyAtMs, poll, cause };
}
