import type { Series, TimeRange } from '@oi/storage';
import pLimit from 'p-limit';
import { createMysqlBackend } from './db/mysql-backend.ts';
import { createPostgresBackend } from './db/postgres-backend.ts';
import type { LoadMethod } from './db/sink-backend.ts';
import { SinkDatabase } from './db/sink-database.ts';
import { SinkClosedError } from './errors/sink-error.ts';
import { parseSinkUrl, type SinkKind } from './sink-url.ts';
import type { TsvBatch } from './sync/tsv-batch.ts';
import { assertSinkRange, assertSinkSeries, assertSinkSymbol } from './values/sink-arguments.ts';
import { recordToRow, type SinkRow, toSinkRecord } from './values/sink-record.ts';
import { type WriteResult, writeRecords } from './write/write-records.ts';
import { writeTsvBatch } from './write/write-tsv-batch.ts';

/** Options of openSink. */
export interface OpenSinkOptions {
  /**
   * How long to wait for a connection to the database.
   * @default 10_000
   */
  readonly connectTimeoutMs?: number;
  /**
   * MySQL family: bulk-load with LOAD DATA LOCAL INFILE when the server's `local_infile` is ON
   * (MariaDB's default; MySQL 8 ships it OFF), multi-row INSERT otherwise. False always uses
   * INSERT, e.g. behind a proxy that does not pass LOCAL INFILE through. Ignored for PostgreSQL.
   * @default true
   */
  readonly loadData?: boolean;
}

/** Options of Sink.readRows. */
export interface ReadSinkRowsOptions {
  /** At most this many rows, the earliest first. @default every row of the range */
  readonly limit?: number;
}

/** An open database sink; every method may throw SinkUnavailableError while the database is down. */
export interface Sink {
  readonly kind: SinkKind;
  /** The URL with user name and password replaced by `***`: the form to log. */
  readonly displayUrl: string;
  /** How new rows are written: `load-data` (LOAD DATA LOCAL INFILE), `insert` (multi-row INSERT) or `unnest` (PostgreSQL arrays). */
  readonly loadMethod: LoadMethod;
  /**
   * Writes rows of one series in one transaction, exactly once: new rows are inserted, rows stored
   * with equal values are no-ops, differing values come back as conflicts and are not overwritten.
   * Throws SinkValueError before touching the database when a row cannot be stored exactly.
   */
  writeRows(series: Series, rows: readonly SinkRow[]): Promise<WriteResult>;
  /** The stored rows of a symbol with slots in `range`, by slot; decimals in their shortest spelling, NULL as ''. */
  readRows(
    series: Series,
    symbol: string,
    range: TimeRange,
    options?: ReadSinkRowsOptions,
  ): Promise<readonly SinkRow[]>;
  /** The symbols that have rows in a series' table, sorted. */
  listSymbols(series: Series): Promise<readonly string[]>;
  /** Waits for the writes in progress, then closes the connections. */
  close(): Promise<void>;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connections a sink opens at most: writeRows uses one at a time, a sync's batches up to this many
 * at once, since the database loads each transaction on one core.
 */
export const SINK_CONNECTIONS = 2;

/**
 * Connects to `mysql://USER:PASSWORD@HOST[:PORT]/DATABASE` (MySQL 8, MariaDB 10.6+, TiDB) or
 * `postgres://…` / `postgresql://…` (PostgreSQL 14+, TimescaleDB) and creates the tables that are
 * missing. Errors show the URL with its credentials masked.
 */
export async function openSink(url: string, options: OpenSinkOptions = {}): Promise<Sink> {
  const parsed = parseSinkUrl(url);
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const backend =
    parsed.kind === 'mysql'
      ? createMysqlBackend(parsed, {
          connectTimeoutMs,
          loadData: options.loadData ?? true,
          connections: SINK_CONNECTIONS,
        })
      : createPostgresBackend(parsed, { connectTimeoutMs, connections: SINK_CONNECTIONS });
  const database = new SinkDatabase(backend, parsed.displayUrl, [parsed.user, parsed.password]);
  try {
    await database.ensureSchema();
  } catch (error) {
    await database.end().catch(() => undefined);
    throw error;
  }
  return new DatabaseSink(database);
}

class DatabaseSink implements Sink {
  readonly kind: SinkKind;
  readonly displayUrl: string;
  readonly loadMethod: LoadMethod;
  readonly #database: SinkDatabase;
  // One transaction at a time: batches commit in the order they were given.
  readonly #writes = pLimit(1);
  // Batches of a sync touch disjoint keys: they may commit in any order, on connections of their own.
  readonly #batchWrites = pLimit(SINK_CONNECTIONS);
  #closed = false;

  constructor(database: SinkDatabase) {
    this.#database = database;
    this.kind = database.kind;
    this.displayUrl = database.displayUrl;
    this.loadMethod = database.loadMethod();
  }

  #assertOpen(): void {
    if (this.#closed) throw new SinkClosedError(this.displayUrl);
  }

  async writeRows(series: Series, rows: readonly SinkRow[]): Promise<WriteResult> {
    this.#assertOpen();
    assertSinkSeries(series);
    // Validated before queueing, so a bad row never opens a transaction and the next batch is
    // prepared while the previous one is being written.
    const records = rows.map((row) => toSinkRecord(series, row));
    if (records.length === 0) return { inserted: 0, unchanged: 0, filled: 0, conflicts: [] };
    return this.#writes(() => writeRecords(this.#database, series, records));
  }

  /** Sink.writeRows for a batch of day-file rows of one symbol, in the same queue. */
  writeTsvBatch(batch: TsvBatch): Promise<WriteResult> {
    this.#assertOpen();
    return this.#batchWrites(() => writeTsvBatch(this.#database, batch));
  }

  async readRows(
    series: Series,
    symbol: string,
    range: TimeRange,
    options: ReadSinkRowsOptions = {},
  ): Promise<readonly SinkRow[]> {
    this.#assertOpen();
    assertSinkSeries(series);
    assertSinkSymbol(symbol);
    assertSinkRange(range);
    const records = await this.#database.read('read rows', (session) =>
      session.selectRecords(series, [symbol], range, options.limit),
    );
    return records.map((record) => recordToRow(series, record));
  }

  async listSymbols(series: Series): Promise<readonly string[]> {
    this.#assertOpen();
    assertSinkSeries(series);
    return this.#database.read('list symbols', (session) => session.listSymbols(series));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([this.#writes(() => undefined), this.#batchWrites(() => undefined)]);
    await this.#database.end();
  }
}

/**
 * How syncSink writes day-file rows to `sink` without an object per row: the batch writer of a sink
 * that openSink returned, undefined for any other implementation of Sink.
 */
export function tsvBatchWriterOf(sink: Sink): ((batch: TsvBatch) => Promise<WriteResult>) | undefined {
  return sink instanceof DatabaseSink ? (batch) => sink.writeTsvBatch(batch) : undefined;
}
