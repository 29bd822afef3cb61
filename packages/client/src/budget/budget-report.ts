import type { BudgetName } from './endpoint-weight.ts';

/** A change of the rate in force, shared through the ledger. */
export interface BudgetLearnedEvent {
  readonly type: 'budget-learned';
  readonly budget: BudgetName;
  /** Units per window now in force. */
  readonly limit: number;
  /** The configured limit it recovers towards. */
  readonly configuredLimit: number;
  readonly windowMs: number;
  /** `limit / configuredLimit`, before rounding. */
  readonly factor: number;
  /** A 429 or 418 here lowered it, a clean window raised it, or another process lowered it. */
  readonly reason: 'rate-limited' | 'banned' | 'recovered' | 'other-process';
}

/** What the budgets report on their own (request-level waits go to `BudgetRequest.onWait`). */
export type BudgetEvent = BudgetLearnedEvent;

/** One budget's state, for progress displays. */
export interface BudgetSnapshot {
  /** Units used in the current window (weight) or the last window length (history), by every process of the route. */
  readonly used: number;
  /** Units allowed per window now: the configured limit, lowered after a 429 or 418 until it recovers. */
  readonly limit: number;
  /** Units per window as configured (or as exchangeInfo set it). */
  readonly configuredLimit: number;
  /** Window length, ms. */
  readonly windowMs: number;
  /** The learned limit while it is below the configured one, else undefined. */
  readonly learnedLimit: number | undefined;
  /** Paused by a 429 until then, epoch ms. */
  readonly pausedUntilMs: number | undefined;
  /** Requests of this process waiting for this budget. */
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
  /** The shared ledger file, or undefined when the ledger is this process's own. */
  readonly ledgerPath: string | undefined;
}
