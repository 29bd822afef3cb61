import type { SinkColumn, SinkColumnKind } from '../schema/sink-columns.ts';
import type { SinkKind } from '../sink-url.ts';
import type { SinkRecord } from '../values/sink-record.ts';

/** One SQL statement, its parameters, and for a bulk load the data it streams. */
export interface Statement {
  readonly sql: string;
  readonly params?: readonly unknown[];
  /** Tab-separated rows for LOAD DATA LOCAL INFILE. */
  readonly data?: string | Uint8Array;
  /** Rows an insert must store; fewer means another writer stored some keys meanwhile. */
  readonly rows?: number;
}

/** What a statement did. */
export interface StatementResult {
  /** Rows as arrays in select-list order; empty for statements that return none. */
  readonly rows: unknown[][];
  readonly affectedRows: number;
  /** Warnings the statement raised (MySQL family; always 0 for PostgreSQL, which raises errors). */
  readonly warnings: number;
}

/** A pooled connection held for one unit of work. */
export interface BackendConnection {
  run(statement: Statement): Promise<StatementResult>;
  /** Returns the connection to the pool, or closes it when it may be in an unknown state. */
  release(broken: boolean): void;
}

/** Column kinds plus the key column `symbol` and the generated datetime, each with one SQL type per database. */
export type SqlTypeKey = SinkColumnKind | 'symbol' | 'datetime';

/** A hash both Node and the database compute, for day summaries. */
export type DigestAlgorithm = 'sha1' | 'md5';

/** How MySQL-family and PostgreSQL-family databases spell the SQL this package sends. */
export interface SqlDialect {
  readonly kind: SinkKind;
  /** An identifier quoted for this database. */
  quote(identifier: string): string;
  /** The placeholder of the 1-based parameter `index`. */
  placeholder(index: number): string;
  /** The column type used in CREATE TABLE. */
  columnType(key: SqlTypeKey): string;
  /** The type as information_schema.columns.data_type reports it. */
  dataType(key: SqlTypeKey): string;
  /** Type and generation clause of `datetime_utc`, computed from the `timestamp` column. */
  readonly datetimeDefinition: string;
  /** Text after the closing parenthesis of CREATE TABLE. */
  readonly tableOptions: string;
  /** SQL naming the schema that unqualified table names refer to. */
  readonly currentSchema: string;
  /** Inserts the meta row (two placeholders: name, value) unless its name is present. */
  readonly insertMetaSql: string;
  /** The hash of daySummarySql. */
  readonly dayDigest: DigestAlgorithm;
  /**
   * Per UTC day of one symbol's slots in a range (placeholders: symbol, start ms, end ms): the day
   * (epoch ms / 86 400 000), the row count, and the dayDigest (hex) of the rows as tab-separated lines
   * (symbol, timestamp, the value columns, `\N` for NULL, decimals with 18 fraction digits) joined
   * by newlines in slot order.
   */
  daySummarySql(table: string, columns: readonly SinkColumn[]): string;
}

/** How a backend writes new rows: LOAD DATA LOCAL INFILE, multi-row INSERT, or INSERT … SELECT FROM unnest(arrays). */
export type LoadMethod = 'load-data' | 'insert' | 'unnest';

/** A dialect with its driver's pool of connections. */
export interface SinkBackend extends SqlDialect {
  /** How insertStatements writes rows; settled by probe(). */
  loadMethod(): LoadMethod;
  /** Statements that insert `records` (none of them stored yet) into `table`. */
  insertStatements(
    table: string,
    columns: readonly SinkColumn[],
    records: readonly SinkRecord[],
  ): Statement[];
  /**
   * A statement that bulk-loads tab-separated rows (as TsvBatch writes them) into `table`, or
   * undefined when the server takes rows only by insertStatements.
   */
  bulkLoadStatement(
    table: string,
    columns: readonly SinkColumn[],
    data: Uint8Array,
    rows: number,
  ): Statement | undefined;
  /** A connection from the pool; throws the driver's error when the database cannot be reached. */
  acquire(): Promise<BackendConnection>;
  /** Learns what the server allows (called once the schema is in place). */
  probe(connection: BackendConnection): Promise<void>;
  /** True when a query failed because the session is gone rather than because of the statement. */
  isConnectionLost(error: unknown): boolean;
  /** True when a statement failed on a duplicate primary key. */
  isDuplicateKey(error: unknown): boolean;
  /** Closes every pooled connection. */
  end(): Promise<void>;
}
