import { type BinanceClient, type ClientEvent, formatBudget, type WaitCause } from '@oi/client';
import type { Clock } from '@oi/retry';

/** What the rate limits did to a command, as `--json` results report it. */
export interface BudgetActivity {
  /** 429 answers (each pauses its budget for every oi process of the host). */
  readonly rateLimited: number;
  /** 418 answers (each holds every request of every oi process until the ban ends). */
  readonly bans: number;
  /** Requests that had to wait for a budget, by cause. */
  readonly waits: Readonly<Partial<Record<WaitCause, number>>>;
  /** Time during which requests waited for a budget, ms (expected waits; overlapping ones counted once). */
  readonly waitedMs: number;
  /** The longest expected wait of a live request (a tick's), ms: 0 when none waited. */
  readonly longestLiveWaitMs: number;
  /** Limits in force below the configured ones, learned from 429s and 418s (`50/30s`). */
  readonly learned: { readonly history?: string; readonly weight?: string };
  /** The host-wide ledger, or null when the budgets are this process's own. */
  readonly ledger: string | null;
}

/** Counts a client's 429s, bans and budget waits for progress lines and results. */
export interface BudgetActivityTracker {
  /** Feed every client event. */
  observe(event: ClientEvent): void;
  /** The counts so far and what the budgets have learned. */
  report(client: BinanceClient): BudgetActivity;
  /** A short note for progress lines, or undefined while nothing happened. */
  note(client: BinanceClient): string | undefined;
}

/** Creates a tracker on the command's clock (waits are measured on it). */
export function createBudgetActivityTracker(clock: Clock): BudgetActivityTracker {
  let rateLimited = 0;
  let bans = 0;
  let waitedMs = 0;
  let waitingUntilMs = Number.NEGATIVE_INFINITY;
  let longestLiveWaitMs = 0;
  const waits: Partial<Record<WaitCause, number>> = {};

  const learned = (client: BinanceClient): BudgetActivity['learned'] => {
    const snapshot = client.budgets.snapshot();
    const entry = (budget: 'history' | 'weight') => {
      const { learnedLimit, windowMs } = snapshot[budget];
      return learnedLimit === undefined ? {} : { [budget]: formatBudget({ limit: learnedLimit, windowMs }) };
    };
    return { ...entry('history'), ...entry('weight') };
  };

  return {
    observe(event) {
      if (event.type === 'rate-limited') rateLimited += 1;
      else if (event.type === 'banned') bans += 1;
      else if (event.type === 'rate-wait') {
        waits[event.cause] = (waits[event.cause] ?? 0) + 1;
        if (event.priority === 'live') longestLiveWaitMs = Math.max(longestLiveWaitMs, event.waitMs);
        // Requests waiting side by side wait once: only the part past what is already counted adds.
        const nowMs = clock.now();
        const endMs = nowMs + Math.max(0, event.waitMs);
        waitedMs += Math.max(0, endMs - Math.max(nowMs, waitingUntilMs));
        waitingUntilMs = Math.max(waitingUntilMs, endMs);
      }
    },
    report(client) {
      return {
        rateLimited,
        bans,
        waits: { ...waits },
        waitedMs: Math.round(waitedMs),
        longestLiveWaitMs: Math.round(longestLiveWaitMs),
        learned: learned(client),
        ledger: client.budgets.snapshot().ledgerPath ?? null,
      };
    },
    note(client) {
      const taught = Object.entries(learned(client)).map(([budget, spec]) => `${budget} ${spec}`);
      if (rateLimited === 0 && bans === 0 && waitedMs === 0 && taught.length === 0) return undefined;
      const parts = [`${rateLimited} x 429`, `${bans} bans`, `waited ${Math.round(waitedMs / 1000)} s`];
      if (taught.length > 0) parts.push(`learned ${taught.join(', ')}`);
      return parts.join(', ');
    },
  };
}
