import type { Series, TimeRange } from '@oi/storage';
import { SinkQueryError, SinkUnavailableError } from '../errors/sink-error.ts';
import { SINK_TABLES, sinkColumns } from '../schema/sink-columns.ts';
import { type SinkRecord, storedSinkRecord } from '../values/sink-record.ts';
import { describeDriverError } from './driver-failure.ts';
import type { BackendConnection, DigestAlgorithm, SinkBackend, Statement } from './sink-backend.ts';

/** What the database holds of one UTC day of a symbol: its rows and their digest. */
export interface DaySummary {
  readonly rows: number;
  /** Digest (hex) of the day's rows as SqlDialect.daySummarySql renders them. */
  readonly digest: string;
}

/** Where a session reports failures: the masked URL and the secrets to scrub from driver messages. */
export interface SessionContext {
  readonly displayUrl: string;
  readonly secrets: readonly string[];
  /** What the session does, for messages: `write a batch`, `read rows`. */
  readonly action: string;
}

/** One connection held for one unit of work; every failure leaves it as a SinkError. */
export class SinkSession {
  readonly #backend: SinkBackend;
  readonly #connection: BackendConnection;
  readonly #context: SessionContext;
  /** Set once a failure showed that the connection is gone or in an unknown state. */
  broken = false;

  constructor(backend: SinkBackend, connection: BackendConnection, context: SessionContext) {
    this.#backend = backend;
    this.#connection = connection;
    this.#context = context;
  }

  /** Runs one statement and returns its rows; a driver failure becomes SinkUnavailableError or SinkQueryError. */
  async query(sql: string, params: readonly unknown[] = []): Promise<unknown[][]> {
    return (await this.#guard(() => this.#connection.run({ sql, params }))).rows;
  }

  /** Lets the backend learn what the server allows. */
  probe(): Promise<void> {
    return this.#guard(() => this.#backend.probe(this.#connection));
  }

  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const failure = describeDriverError(error, this.#context.secrets);
      if (this.#backend.isConnectionLost(error)) {
        this.broken = true;
        throw new SinkUnavailableError(this.#context.displayUrl, failure);
      }
      throw new SinkQueryError(
        this.#context.displayUrl,
        this.#context.action,
        failure,
        this.#backend.isDuplicateKey(error),
      );
    }
  }

  /** The stored records of `symbols` with slots in `range`, by symbol then slot, at most `limit`. */
  async selectRecords(
    series: Series,
    symbols: readonly string[],
    range: TimeRange,
    limit?: number,
  ): Promise<SinkRecord[]> {
    if (symbols.length === 0) return [];
    const { quote: q, placeholder: p } = this.#backend;
    const select = [q('symbol'), q('timestamp'), ...sinkColumns(series).map((column) => q(column.name))].join(
      ', ',
    );
    const inList = symbols.map((_, index) => p(index + 1)).join(', ');
    const sql =
      `SELECT ${select} FROM ${q(SINK_TABLES[series])} WHERE ${q('symbol')} IN (${inList})` +
      ` AND ${q('timestamp')} >= ${p(symbols.length + 1)} AND ${q('timestamp')} < ${p(symbols.length + 2)}` +
      ` ORDER BY ${q('symbol')}, ${q('timestamp')}${limit === undefined ? '' : ` LIMIT ${Math.trunc(limit)}`}`;
    const rows = await this.query(sql, [...symbols, range.startMs, range.endMs]);
    return rows.map((cells) => storedSinkRecord(series, cells));
  }

  /**
   * Inserts records whose keys are not stored yet. An insert that stored fewer rows than it sent
   * met keys that another writer stored meanwhile (a bulk load skips them with a warning): that is
   * reported like a duplicate key, so the batch is tried again. Any other warning (a value the
   * server adjusted) fails the batch.
   */
  async insertRecords(series: Series, records: readonly SinkRecord[]): Promise<void> {
    const statements = this.#backend.insertStatements(SINK_TABLES[series], sinkColumns(series), records);
    for (const statement of statements) await this.#runInsert(statement);
  }

  /**
   * Bulk-loads tab-separated rows whose keys are not stored yet (TsvBatch lines), checked as
   * insertRecords checks its statements; false, having done nothing, when the server takes rows
   * only by insertRecords.
   */
  async bulkLoad(series: Series, data: Uint8Array, rows: number): Promise<boolean> {
    const statement = this.#backend.bulkLoadStatement(SINK_TABLES[series], sinkColumns(series), data, rows);
    if (statement === undefined) return false;
    await this.#runInsert(statement);
    return true;
  }

  async #runInsert(statement: Statement): Promise<void> {
    const result = await this.#guard(() => this.#connection.run(statement));
    const { displayUrl, action } = this.#context;
    if (statement.rows !== undefined && result.affectedRows !== statement.rows) {
      const driverMessage = `stored ${result.affectedRows} of ${statement.rows} new rows: another writer stored the others`;
      throw new SinkQueryError(displayUrl, action, { driverCode: undefined, driverMessage }, true);
    }
    if (result.warnings > 0) {
      const warnings = await this.query('SHOW WARNINGS LIMIT 3');
      const text = warnings.map((cells) => cells.map(String).join(' ')).join('; ');
      throw new SinkQueryError(displayUrl, action, {
        driverCode: undefined,
        driverMessage: `warnings: ${text}`,
      });
    }
  }

  /** The hash of daySummaries' digests. */
  get dayDigest(): DigestAlgorithm {
    return this.#backend.dayDigest;
  }

  /**
   * Row count and digest (see SqlDialect.daySummarySql) of each UTC day of one symbol's stored rows
   * with slots in `range`, by day (epoch ms / 86 400 000); days without rows are absent.
   */
  async daySummaries(series: Series, symbol: string, range: TimeRange): Promise<Map<number, DaySummary>> {
    const sql = this.#backend.daySummarySql(SINK_TABLES[series], sinkColumns(series));
    const summaries = new Map<number, DaySummary>();
    for (const [day, rows, digest] of await this.query(sql, [symbol, range.startMs, range.endMs])) {
      summaries.set(Number(day), { rows: Number(rows), digest: String(digest) });
    }
    return summaries;
  }

  /** Sets the NULL columns of a stored row that `record` has values for; never replaces a value. */
  async fillRecord(series: Series, record: SinkRecord): Promise<void> {
    const { quote: q, placeholder: p } = this.#backend;
    const assignments: string[] = [];
    const params: unknown[] = [];
    sinkColumns(series).forEach((column, index) => {
      const value = record.values[index] ?? null;
      if (!column.nullable || value === null) return;
      params.push(value);
      assignments.push(`${q(column.name)} = COALESCE(${q(column.name)}, ${p(params.length)})`);
    });
    if (assignments.length === 0) return;
    params.push(record.symbol, record.slotMs);
    await this.query(
      `UPDATE ${q(SINK_TABLES[series])} SET ${assignments.join(', ')} WHERE ${q('symbol')} = ${p(params.length - 1)} AND ${q('timestamp')} = ${p(params.length)}`,
      params,
    );
  }

  /** The distinct symbols of a series' table, sorted; a skip scan over the primary key. */
  async listSymbols(series: Series): Promise<string[]> {
    const { quote: q } = this.#backend;
    const table = q(SINK_TABLES[series]);
    const symbol = q('symbol');
    const rows = await this.query(
      `WITH RECURSIVE skip (${symbol}) AS (SELECT MIN(${symbol}) FROM ${table} UNION ALL ` +
        `SELECT (SELECT MIN(${symbol}) FROM ${table} WHERE ${symbol} > skip.${symbol}) FROM skip WHERE skip.${symbol} IS NOT NULL) ` +
        `SELECT ${symbol} FROM skip WHERE ${symbol} IS NOT NULL`,
    );
    return rows.map((cells) => String(cells[0])).sort();
  }
}
