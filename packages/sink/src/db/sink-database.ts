import { ALL_SERIES, type Series } from '@oi/storage';
import { SinkSchemaError, SinkUnavailableError } from '../errors/sink-error.ts';
import { addColumnSql, createMetaTableSql, createTableSql } from '../schema/schema-sql.ts';
import {
  DATETIME_COLUMN,
  SINK_META_TABLE,
  SINK_SCHEMA_VERSION,
  SINK_TABLES,
  type SinkColumn,
  sinkColumns,
} from '../schema/sink-columns.ts';
import type { SinkKind } from '../sink-url.ts';
import { DECIMAL_PRECISION, DECIMAL_SCALE } from '../values/sink-decimal.ts';
import { describeDriverError } from './driver-failure.ts';
import type { LoadMethod, SinkBackend, SqlTypeKey } from './sink-backend.ts';
import { SinkSession } from './sink-session.ts';

/** Outcome of one try: done, or a pooled connection that was already dead before any work. */
type RunOutcome<T> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'stale'; readonly failure: SinkUnavailableError };

/** A backend with the masking of its URL: runs units of work on one pooled connection each. */
export class SinkDatabase {
  readonly kind: SinkKind;
  readonly displayUrl: string;
  readonly #backend: SinkBackend;
  readonly #secrets: readonly string[];

  constructor(backend: SinkBackend, displayUrl: string, secrets: readonly string[]) {
    this.kind = backend.kind;
    this.#backend = backend;
    this.displayUrl = displayUrl;
    this.#secrets = secrets;
  }

  /** Runs `work` in one transaction: committed when it returns, rolled back when anything throws. */
  transaction<T>(action: string, work: (session: SinkSession) => Promise<T>): Promise<T> {
    return this.#runFresh(action, true, work);
  }

  /** Runs `work`, which must only read or be idempotent, on one connection without a transaction of its own. */
  read<T>(action: string, work: (session: SinkSession) => Promise<T>): Promise<T> {
    return this.#runFresh(action, false, work);
  }

  // A pooled connection that the server ended while it was idle (a restart, a timeout, a KILL)
  // fails on its first statement before the pool has noticed: one more try gets a new one.
  async #runFresh<T>(action: string, transactional: boolean, work: (session: SinkSession) => Promise<T>) {
    const first = await this.#run(action, transactional, work);
    if (first.kind === 'done') return first.value;
    const second = await this.#run(action, transactional, work);
    if (second.kind === 'done') return second.value;
    throw second.failure;
  }

  async #run<T>(
    action: string,
    transactional: boolean,
    work: (session: SinkSession) => Promise<T>,
  ): Promise<RunOutcome<T>> {
    let connection: Awaited<ReturnType<SinkBackend['acquire']>>;
    try {
      connection = await this.#backend.acquire();
    } catch (error) {
      throw new SinkUnavailableError(this.displayUrl, describeDriverError(error, this.#secrets));
    }
    const session = new SinkSession(this.#backend, connection, {
      displayUrl: this.displayUrl,
      secrets: this.#secrets,
      action,
    });
    try {
      // Reads start with a statement of their own too, so that a stale connection shows before any work.
      await session.query(transactional ? 'BEGIN' : 'SELECT 1');
    } catch (error) {
      connection.release(true);
      if (error instanceof SinkUnavailableError) return { kind: 'stale', failure: error };
      throw error;
    }
    try {
      const value = await work(session);
      if (transactional) await session.query('COMMIT');
      connection.release(false);
      return { kind: 'done', value };
    } catch (error) {
      if (transactional && !session.broken) {
        await session.query('ROLLBACK').catch(() => {
          session.broken = true;
        });
      }
      connection.release(session.broken);
      throw error;
    }
  }

  /** Creates the tables that are missing, then checks the schema version and every column's type. */
  async ensureSchema(): Promise<void> {
    const backend = this.#backend;
    await this.read('create the tables', async (session) => {
      await session.query(createMetaTableSql(backend));
      await session.query(backend.insertMetaSql, ['schema_version', String(SINK_SCHEMA_VERSION)]);
      const [version] = await session.query(
        `SELECT ${backend.quote('value')} FROM ${backend.quote(SINK_META_TABLE)} WHERE ${backend.quote('name')} = ${backend.placeholder(1)}`,
        ['schema_version'],
      );
      if (String(version?.[0]) !== String(SINK_SCHEMA_VERSION)) {
        throw new SinkSchemaError(
          this.displayUrl,
          `schema version ${String(version?.[0])} in ${SINK_META_TABLE}, this sink writes version ${SINK_SCHEMA_VERSION}`,
        );
      }
      for (const series of ALL_SERIES) {
        await session.query(createTableSql(backend, series));
        const found = await this.#columnTypes(session, series);
        // The first layout's columns are checked before anything is added: a table of another
        // shape is refused untouched.
        this.#checkColumns(series, found, false);
        const missing = sinkColumns(series).filter((column) => column.addedLater && !found.has(column.name));
        for (const column of missing) await this.#addColumn(session, series, column);
        this.#checkColumns(
          series,
          missing.length === 0 ? found : await this.#columnTypes(session, series),
          true,
        );
      }
      await session.probe();
    });
  }

  /** Each column of a series' table and its type as #checkColumns compares it. */
  async #columnTypes(session: SinkSession, series: Series): Promise<Map<string, string>> {
    const backend = this.#backend;
    const rows = await session.query(
      `SELECT column_name, data_type, numeric_precision, numeric_scale, generation_expression FROM information_schema.columns WHERE table_schema = ${backend.currentSchema} AND table_name = ${backend.placeholder(1)}`,
      [SINK_TABLES[series]],
    );
    const types = rows.map(([name, type, precision, scale, generation]): [string, string] => {
      const base = String(type).toLowerCase();
      if (base === backend.dataType('decimal')) return [String(name), `${base}(${precision},${scale})`];
      const generated = generation !== null && generation !== undefined && generation !== '';
      return [String(name), generated ? `${base} generated` : base];
    });
    return new Map(types);
  }

  // Idempotent without ADD COLUMN IF NOT EXISTS, which MySQL 8 lacks: a sink opened at the same
  // time may add the column first, and its failure here is then no failure.
  async #addColumn(session: SinkSession, series: Series, column: SinkColumn): Promise<void> {
    try {
      await session.query(addColumnSql(this.#backend, series, column));
    } catch (error) {
      if (error instanceof SinkUnavailableError) throw error;
      if (!(await this.#columnTypes(session, series)).has(column.name)) throw error;
    }
  }

  #checkColumns(series: Series, found: ReadonlyMap<string, string>, withAddedLater: boolean): void {
    const expected: [string, SqlTypeKey][] = [
      ['symbol', 'symbol'],
      ['timestamp', 'bigint'],
      [DATETIME_COLUMN, 'datetime'],
      ...sinkColumns(series)
        .filter((column) => withAddedLater || !column.addedLater)
        .map((column): [string, SqlTypeKey] => [column.name, column.kind]),
    ];
    for (const [name, key] of expected) {
      const type = found.get(name);
      const base = this.#backend.dataType(key);
      const wanted =
        key === 'decimal'
          ? `${base}(${DECIMAL_PRECISION},${DECIMAL_SCALE})`
          : key === 'datetime'
            ? `${base} generated`
            : base;
      if (type !== wanted) {
        throw new SinkSchemaError(
          this.displayUrl,
          `table ${SINK_TABLES[series]} column ${name} is ${type ?? 'missing'}, expected ${wanted}: ` +
            'drop or rename the table so that it is created again',
        );
      }
    }
  }

  /** How new rows are written (known once ensureSchema has run). */
  loadMethod(): LoadMethod {
    return this.#backend.loadMethod();
  }

  /** Closes the pool. */
  end(): Promise<void> {
    return this.#backend.end();
  }
}
