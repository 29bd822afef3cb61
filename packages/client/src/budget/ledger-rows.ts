// How the rows of a ledger are counted and aged: the reads every transaction shares, and pruning.
import type { StatementSync } from 'node:sqlite';
import type { BudgetSpec } from './budget-spec.ts';
import type { BudgetName } from './endpoint-weight.ts';
import type { LearnedRate } from './learned-rate.ts';

/** Prepares (or reuses) a statement of the open ledger. */
export type Sql = (text: string) => StatementSync;

/** A learned rate as the `learned` table holds it. */
export interface LearnedRow {
  readonly factor: number;
  readonly since_ms: number;
  readonly next_ms: number;
}

const HOUR_MS = 3_600_000;
/** Times further ahead than a ban can last come from a process on another clock: never obeyed. */
export const MAX_AHEAD_MS = 4 * 24 * HOUR_MS;

/** The end of a pause or the ban, if one holds at `nowMs` (times a ban cannot reach are another clock's). */
export function holdUntil(sql: Sql, name: string, nowMs: number): number | undefined {
  const row = sql('SELECT until_ms FROM holds WHERE name = ?').get(name) as { until_ms: number } | undefined;
  if (row === undefined || row.until_ms <= nowMs || row.until_ms > nowMs + MAX_AHEAD_MS) return undefined;
  return row.until_ms;
}

/** What was learned about `budget`, as stored. */
export function learnedRow(sql: Sql, budget: BudgetName): LearnedRow | undefined {
  return sql('SELECT factor, since_ms, next_ms FROM learned WHERE budget = ?').get(budget) as
    | LearnedRow
    | undefined;
}

/** The stored lesson as a {@link LearnedRate}. */
export function asLearned(row: LearnedRow | undefined): LearnedRate | undefined {
  return row === undefined ? undefined : { factor: row.factor, sinceMs: row.since_ms };
}

/** The start of the fixed window holding `nowMs`. */
export function windowStart(nowMs: number, windowMs: number): number {
  return Math.floor(nowMs / windowMs) * windowMs;
}

/** The single `total` a SUM or COUNT statement returns, 0 for none. */
export function sum(statement: StatementSync, ...params: (string | number)[]): number {
  return Number((statement.get(...params) as { total: number | null }).total ?? 0);
}

/** Units of `budget` used in the window ending at `nowMs`, by every process of the route. */
export function usedUnits(sql: Sql, budget: BudgetName, nowMs: number, windowMs: number): number {
  if (budget === 'history') {
    // Every history request is one unit: a count reads the index alone.
    return sum(
      sql("SELECT COUNT(*) AS total FROM grants WHERE budget = 'history' AND end_ms > ?"),
      nowMs - windowMs,
    );
  }
  const startMs = windowStart(nowMs, windowMs);
  const synced = sql('SELECT window_ms, window_start_ms, used FROM weight_sync WHERE id = 1').get() as
    | { window_ms: number; window_start_ms: number; used: number }
    | undefined;
  if (synced !== undefined && synced.window_ms === windowMs && synced.window_start_ms === startMs) {
    return synced.used;
  }
  // No answer with the server's count yet in this window: what was granted in it, plus what was
  // granted earlier and is still in flight (it may reach the server in this window).
  const granted = sum(
    sql('SELECT SUM(units) AS total FROM weight_buckets WHERE second >= ?'),
    Math.floor(startMs / 1000),
  );
  const carried = sum(
    sql(
      "SELECT SUM(units) AS total FROM grants WHERE budget = 'weight' AND settled = 0 AND start_ms < ? AND end_ms > ?",
    ),
    startMs,
    nowMs,
  );
  return granted + carried;
}

/** Whether another process has requests of `budget` in flight (their answers may free it early). */
export function foreignInFlight(sql: Sql, budget: BudgetName, nowMs: number, owner: string): boolean {
  return (
    sql(
      'SELECT 1 AS found FROM grants WHERE budget = ? AND settled = 0 AND end_ms > ? AND owner <> ? LIMIT 1',
    ).get(budget, nowMs, owner) !== undefined
  );
}

/** Requests of `budget` granted and not yet answered (nor past their lease), by every process of the route. */
export function unanswered(sql: Sql, budget: BudgetName, nowMs: number): number {
  return sum(
    sql('SELECT COUNT(*) AS total FROM grants WHERE budget = ? AND settled = 0 AND end_ms > ?'),
    budget,
    nowMs,
  );
}

/** When the oldest unanswered request of `budget` stops counting as in flight (its lease ends). */
export function oldestLeaseEnd(sql: Sql, budget: BudgetName, nowMs: number): number {
  const row = sql(
    'SELECT MIN(end_ms) AS first FROM grants WHERE budget = ? AND settled = 0 AND end_ms > ?',
  ).get(budget, nowMs) as { first: number | null };
  return row.first ?? nowMs;
}

/** When `excess` units of a full budget are free again. */
export function fullUntil(
  sql: Sql,
  budget: BudgetName,
  nowMs: number,
  spec: BudgetSpec,
  excess: number,
): number {
  if (budget === 'weight') return windowStart(nowMs, spec.windowMs) + spec.windowMs;
  const oldest = sql(
    "SELECT end_ms FROM grants WHERE budget = 'history' AND end_ms > ? ORDER BY end_ms LIMIT 1 OFFSET ?",
  ).get(nowMs - spec.windowMs, Math.max(0, excess - 1)) as { end_ms: number } | undefined;
  return (oldest?.end_ms ?? nowMs) + spec.windowMs;
}

/** Deletes what no window can count any more, and what another clock stamped days ahead. */
export function prune(sql: Sql, nowMs: number, keepMs: number): void {
  sql('DELETE FROM grants WHERE end_ms < ? OR start_ms > ?').run(nowMs - keepMs, nowMs + MAX_AHEAD_MS);
  sql('DELETE FROM weight_buckets WHERE second < ? OR second > ?').run(
    Math.floor((nowMs - keepMs) / 1000),
    Math.floor((nowMs + MAX_AHEAD_MS) / 1000),
  );
  sql('DELETE FROM holds WHERE until_ms < ? OR until_ms > ?').run(nowMs, nowMs + MAX_AHEAD_MS);
  sql('DELETE FROM waiters WHERE expires_ms < ?').run(nowMs);
  sql('DELETE FROM learned WHERE since_ms > ?').run(nowMs + MAX_AHEAD_MS);
}
