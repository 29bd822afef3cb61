// A damaged, half-written, foreign or locked ledger file never blocks a process for good.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { systemClock } from '@oi/retry';
import { afterEach, describe, expect, it } from 'vitest';
import { BudgetLedgerError } from './ledger-database.ts';
import { ledgerFilePath } from './ledger-location.ts';
import { createRateBudgets, type RateBudgets } from './rate-budgets.ts';

const ROUTE = 'http://127.0.0.1:1 direct';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function ledgerDir(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'oi-ledger-recovery-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return { dir, file: ledgerFilePath(dir, ROUTE) };
}

function open(dir: string): RateBudgets {
  const budgets = createRateBudgets({
    clock: systemClock,
    budgetDir: dir,
    route: ROUTE,
    historyBudget: { limit: 10, windowMs: 60_000 },
  });
  cleanups.push(() => budgets.close());
  return budgets;
}

async function grantsAtOnce(budgets: RateBudgets, count: number): Promise<void> {
  const startedMs = Date.now();
  for (let index = 0; index < count; index++) {
    (await budgets.acquire({ budget: 'history', units: 1, priority: 'history' })).settle();
  }
  // Wide margin: only a wait for the 60 s window (or a lock) could take this long.
  expect(Date.now() - startedMs).toBeLessThan(20_000);
}

describe('a damaged ledger is rebuilt', () => {
  it('moves aside a file that is not a database and starts afresh', async () => {
    const { dir, file } = await ledgerDir();
    await writeFile(file, 'not a database, half a line of something'.repeat(200));
    const budgets = open(dir);
    await grantsAtOnce(budgets, 3);
    expect(budgets.snapshot().history.used).toBe(3);
    expect(await readFile(`${file}.damaged`, 'utf8')).toContain('not a database');
    expect((await readFile(file)).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('recovers a ledger cut off in the middle of its file', async () => {
    const { dir, file } = await ledgerDir();
    const first = open(dir);
    await grantsAtOnce(first, 5);
    first.close();
    // Force everything into the main file, then cut it as a crash in the middle of a write would.
    const db = new DatabaseSync(file);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    await truncate(file, Math.floor((await stat(file)).size / 2));
    const budgets = open(dir);
    await grantsAtOnce(budgets, 10);
  });

  it('rebuilds a ledger written by another schema version', async () => {
    const { dir, file } = await ledgerDir();
    const db = new DatabaseSync(file);
    db.exec('CREATE TABLE grants (whatever TEXT); PRAGMA user_version = 99;');
    db.close();
    const budgets = open(dir);
    await grantsAtOnce(budgets, 2);
    expect(budgets.snapshot().history.used).toBe(2);
  });

  it('ignores a ban and reservations stamped by a clock days ahead', async () => {
    const { dir, file } = await ledgerDir();
    open(dir).close();
    const db = new DatabaseSync(file);
    const aheadMs = Date.now() + 30 * 86_400_000;
    db.prepare('INSERT INTO holds (name, until_ms) VALUES (?, ?)').run('ban', aheadMs);
    const insert = db.prepare(
      "INSERT INTO grants (budget, units, owner, start_ms, end_ms, settled) VALUES ('history', 1, 'elsewhere', ?, ?, 1)",
    );
    for (let index = 0; index < 10; index++) insert.run(aheadMs, aheadMs);
    db.close();
    const budgets = open(dir);
    expect(budgets.snapshot().bannedUntilMs).toBeUndefined();
    await grantsAtOnce(budgets, 10);
  });
});

describe('a ledger locked too long', () => {
  it('fails the request with BudgetLedgerError instead of waiting for ever', async () => {
    const { dir, file } = await ledgerDir();
    const budgets = open(dir);
    await grantsAtOnce(budgets, 1);
    // Another process stopped in the middle of a transaction.
    const stuck = new DatabaseSync(file);
    stuck.exec('BEGIN IMMEDIATE');
    cleanups.push(() => stuck.close());
    const error = await budgets
      .acquire({ budget: 'history', units: 1, priority: 'history' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetLedgerError);
    expect(error).toMatchObject({ code: 'BUDGET_LEDGER', path: file });
    expect((error as Error).message).toContain('locked by another process');
    stuck.exec('ROLLBACK');
    await grantsAtOnce(budgets, 1);
    expect(existsSync(`${file}.damaged`)).toBe(false);
  });
});
