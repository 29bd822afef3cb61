// What a live tick leaves in the ledger file: its burst is one row of the weight it has in flight,
// which its answers empty as they come in; history requests keep a row each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { type BudgetLedger, openBudgetLedger, type TakeRequest } from './budget-ledger.ts';

const WEIGHT = { limit: 2400, windowMs: 60_000 };
const HISTORY = { limit: 1000, windowMs: 300_000 };
const LEASE_MS = 15_000;
const NOW_MS = Date.UTC(2026, 11, 2, 10, 0, 5);
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** The ledger at `file` as the process `owner` opens it. */
function openOn(file: string, owner: string): BudgetLedger {
  const ledger = openBudgetLedger({ path: file, route: 'test direct', owner, leaseMs: LEASE_MS, pollMs: 50 });
  cleanups.push(() => ledger.close());
  return ledger;
}

/** A new ledger file, opened by `owner`. */
function openLedger(owner = 'collector'): { ledger: BudgetLedger; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'oi-budget-ledger-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'ledger.sqlite');
  return { ledger: openOn(file, owner), file };
}

function liveBurst(count: number, nowMs = NOW_MS): TakeRequest[] {
  return Array.from({ length: count }, () => ({
    budget: 'weight' as const,
    units: 1,
    priority: 'live' as const,
    nowMs,
    spec: WEIGHT,
  }));
}

/** The grant rows of `budget` as another process reading the file sees them. */
function grantRows(file: string, budget: 'weight' | 'history'): { units: number; settled: number }[] {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db.prepare('SELECT units, settled FROM grants WHERE budget = ? ORDER BY id').all(budget) as {
      units: number;
      settled: number;
    }[];
  } finally {
    db.close();
  }
}

function grantedIds(outcomes: ReturnType<BudgetLedger['take']>): number[] {
  return outcomes.map((outcome) => {
    if (!outcome.granted) throw new Error(`not granted: ${outcome.cause}`);
    return outcome.id;
  });
}

describe('a live burst in the ledger', () => {
  it('is one row of 600 units, which its answers empty and remove', () => {
    const { ledger, file } = openLedger();
    const ids = grantedIds(ledger.take(liveBurst(600)));
    expect(ids).toHaveLength(600);
    expect(new Set(ids).size).toBe(1);
    expect(grantRows(file, 'weight')).toEqual([{ units: 600, settled: 0 }]);

    for (const id of ids.slice(0, 250)) ledger.settle('weight', id, 1, NOW_MS + 200, undefined);
    ledger.flush();
    expect(grantRows(file, 'weight')).toEqual([{ units: 350, settled: 0 }]);

    for (const id of ids.slice(250)) ledger.settle('weight', id, 1, NOW_MS + 400, undefined);
    ledger.flush();
    expect(grantRows(file, 'weight')).toEqual([]);
  });

  it("adds what is still in flight to the server's count, as many rows did", () => {
    const { ledger } = openLedger();
    const ids = grantedIds(ledger.take(liveBurst(600)));
    // 200 answers in; the newest says the server has counted 205 (five from another tool).
    for (const id of ids.slice(0, 200)) ledger.settle('weight', id, 1, NOW_MS + 100, undefined);
    ledger.settle('weight', ids[200]!, 1, NOW_MS + 100, { value: 205, windowMs: WEIGHT.windowMs });
    ledger.flush();
    const specs = { weight: WEIGHT, history: HISTORY };
    expect(ledger.state(NOW_MS + 100, specs).weight.used).toBe(205 + 399);
  });

  it('carries the burst of a process that died into the next window until its lease ends', () => {
    const { ledger, file } = openLedger('crashed');
    const burstMs = Date.UTC(2026, 11, 2, 10, 0, 55);
    grantedIds(ledger.take(liveBurst(100, burstMs)));
    const other = openOn(file, 'other');
    const specs = { weight: WEIGHT, history: HISTORY };
    // 10:01:05, a new window: nothing answered, so the 100 may still reach the server in it.
    expect(other.state(burstMs + 10_000, specs).weight.used).toBe(100);
    expect(other.state(burstMs + LEASE_MS + 1, specs).weight.used).toBe(0);
  });

  it('leaves history requests a row each, aging from their own answers', () => {
    const { ledger, file } = openLedger();
    const history = Array.from({ length: 3 }, () => ({
      budget: 'history' as const,
      units: 1,
      priority: 'history' as const,
      nowMs: NOW_MS,
      spec: HISTORY,
    }));
    const ids = grantedIds(ledger.take(history));
    expect(new Set(ids).size).toBe(3);
    ledger.settle('history', ids[1]!, 1, NOW_MS + 50, undefined);
    ledger.flush();
    expect(grantRows(file, 'history')).toEqual([
      { units: 1, settled: 0 },
      { units: 1, settled: 1 },
      { units: 1, settled: 0 },
    ]);
  });
});
