import { renameSync, rmSync, statSync } from 'node:fs';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { OiError } from '@oi/errors';

/** The budget ledger could not be read or written (permissions, a full disk, a lock held too long); `code` is `BUDGET_LEDGER`. */
export class BudgetLedgerError extends OiError {
  /** The ledger file, or undefined for a process-local ledger. */
  readonly path: string | undefined;

  constructor(path: string | undefined, detail: string, cause?: unknown) {
    super(
      'BUDGET_LEDGER',
      `Rate budget ledger ${path ?? '(in memory)'}: ${detail}`,
      cause === undefined ? undefined : { cause },
    );
    this.path = path;
  }
}

/** A SQLite database holding one route's ledger, rebuilt when damaged. */
export interface LedgerDatabase {
  /** The file, or undefined when the ledger lives in this process's memory. */
  readonly path: string | undefined;
  /** Runs `work` in one `BEGIN IMMEDIATE` transaction: atomic against every process sharing the file. */
  write<T>(work: (statement: (sql: string) => StatementSync) => T): T;
  /** Runs `work` on a consistent snapshot without taking the write lock. */
  read<T>(work: (statement: (sql: string) => StatementSync) => T): T;
  close(): void;
}

const SCHEMA_VERSION = 2;
// The lock is held for microseconds; waiting longer means a process stopped inside a transaction.
const BUSY_TIMEOUT_MS = 2000;
const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;
const SQLITE_BUSY = 5;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS grants (
  id INTEGER PRIMARY KEY,
  budget TEXT NOT NULL,
  units INTEGER NOT NULL,
  owner TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  settled INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS grants_by_end ON grants (budget, end_ms, units);
CREATE INDEX IF NOT EXISTS grants_in_flight ON grants (budget, settled, start_ms);
CREATE TABLE IF NOT EXISTS weight_buckets (second INTEGER PRIMARY KEY, units INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS weight_sync (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  window_ms INTEGER NOT NULL,
  window_start_ms INTEGER NOT NULL,
  used INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS holds (name TEXT PRIMARY KEY, until_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS learned (
  budget TEXT PRIMARY KEY,
  factor REAL NOT NULL,
  since_ms INTEGER NOT NULL,
  next_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS waiters (
  owner TEXT NOT NULL,
  budget TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  PRIMARY KEY (owner, budget)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * Opens (or creates) the ledger at `path`, or a process-local one in memory when `path` is undefined.
 * A file that is not a ledger, or is damaged, is moved aside to `<path>.damaged` and rebuilt: losing
 * the ledger forgets some reservations for at most one window, while refusing to start would block
 * every oi process on the host.
 */
export function openLedgerDatabase(path: string | undefined, route: string): LedgerDatabase {
  let db: DatabaseSync;
  let inode: number | undefined;
  let statements = new Map<string, StatementSync>();
  const statement = (sql: string): StatementSync => {
    let prepared = statements.get(sql);
    if (prepared === undefined) {
      prepared = db.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  };

  function connect(): void {
    db = new DatabaseSync(path ?? ':memory:');
    statements = new Map();
    if (path !== undefined) {
      // Taken first: a file that fails below is moved aside only if it is still this one.
      inode = statSync(path).ino;
      db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
      // Small pages: a reservation touches a few rows of a few tables, so each commit writes less.
      db.exec('PRAGMA page_size = 1024');
      // WAL: readers never wait for the writer. No fsync at all: a killed process cannot damage the
      // file (SQLite's guarantee), and what an OS crash could damage is rebuilt on the next start; a
      // ledger need not outlive a reboot.
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = OFF');
    }
    inTransaction('BEGIN IMMEDIATE', () => {
      const version = Number(
        (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version,
      );
      if (version !== 0 && version !== SCHEMA_VERSION) dropAllTables();
      db.exec(SCHEMA);
      db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
      db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('route', route);
    });
  }

  function dropAllTables(): void {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    for (const { name } of tables) db.exec(`DROP TABLE IF EXISTS "${name.replaceAll('"', '""')}"`);
  }

  function inTransaction<T>(begin: string, work: () => T): T {
    db.exec(begin);
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  function rebuild(): void {
    try {
      db.close();
    } catch {
      // Already unusable; the file is replaced below.
    }
    if (path === undefined) {
      connect();
      return;
    }
    let currentInode: number | undefined;
    try {
      currentInode = statSync(path).ino;
    } catch {
      currentInode = undefined;
    }
    // Another process may have rebuilt it already: then the new file is fine and is only reopened.
    if (currentInode !== undefined && currentInode === inode) {
      renameSync(path, `${path}.damaged`);
      rmSync(`${path}-wal`, { force: true });
      rmSync(`${path}-shm`, { force: true });
    }
    connect();
  }

  function guarded<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (!isDamage(error)) throw asLedgerError(path, error);
    }
    try {
      rebuild();
      return run();
    } catch (error) {
      throw asLedgerError(path, error);
    }
  }

  guarded(connect);
  return {
    path,
    write: (work) => guarded(() => inTransaction('BEGIN IMMEDIATE', () => work(statement))),
    read: (work) => guarded(() => inTransaction('BEGIN', () => work(statement))),
    close() {
      try {
        db.close();
      } catch {
        // Closing twice is harmless.
      }
    },
  };
}

function sqliteCode(error: unknown): number | undefined {
  const code = (error as { errcode?: unknown } | undefined)?.errcode;
  return typeof code === 'number' ? code & 0xff : undefined;
}

function isDamage(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === SQLITE_CORRUPT || code === SQLITE_NOTADB;
}

function asLedgerError(path: string | undefined, error: unknown): BudgetLedgerError {
  if (error instanceof BudgetLedgerError) return error;
  const detail =
    sqliteCode(error) === SQLITE_BUSY
      ? `locked by another process for more than ${BUSY_TIMEOUT_MS} ms`
      : error instanceof Error
        ? error.message
        : String(error);
  return new BudgetLedgerError(path, detail, error);
}
