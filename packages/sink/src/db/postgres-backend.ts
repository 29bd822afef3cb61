import pg from 'pg';
import { SINK_META_TABLE, type SinkColumn } from '../schema/sink-columns.ts';
import type { SinkUrl } from '../sink-url.ts';
import type { SinkRecord } from '../values/sink-record.ts';
import type { BackendConnection, SinkBackend, SqlDialect, SqlTypeKey, Statement } from './sink-backend.ts';

// Collation "C" compares bytes, like the MySQL tables' ascii_bin and like file names.
const COLUMN_TYPES: Readonly<Record<SqlTypeKey, string>> = {
  symbol: 'VARCHAR(32) COLLATE "C"',
  decimal: 'NUMERIC(38,18)',
  bigint: 'BIGINT',
  text: 'VARCHAR(32) COLLATE "C"',
  // Without time zone: the value is UTC whatever the session's TimeZone, as the column name says.
  datetime: 'TIMESTAMP(0) WITHOUT TIME ZONE',
};
const DATA_TYPES: Readonly<Record<SqlTypeKey, string>> = {
  symbol: 'character varying',
  decimal: 'numeric',
  bigint: 'bigint',
  text: 'character varying',
  datetime: 'timestamp without time zone',
};
const ARRAY_TYPES: Readonly<Record<Exclude<SqlTypeKey, 'datetime'>, string>> = {
  symbol: 'varchar[]',
  decimal: 'numeric[]',
  bigint: 'int8[]',
  text: 'varchar[]',
};
const STATEMENT_ROWS = 10_000;
// Class 08 (connection exception) and 57P (operator intervention: the backend was terminated or
// the server shuts down) end the session; every other SQLSTATE is about the statement.
const SESSION_ENDING_SQLSTATE = /^(08|57P)/;

function quote(identifier: string): string {
  return `"${identifier}"`;
}

// One statement per chunk with one array parameter per column: the row count does not change the
// statement text, and PostgreSQL's limit of 65535 parameters never applies.
function insertStatements(table: string, columns: readonly SinkColumn[], records: readonly SinkRecord[]) {
  const names = ['symbol', 'timestamp', ...columns.map((column) => column.name)].map(quote).join(', ');
  const casts = [
    ARRAY_TYPES.symbol,
    ARRAY_TYPES.bigint,
    ...columns.map((column) => ARRAY_TYPES[column.kind]),
  ];
  const sql = `INSERT INTO ${quote(table)} (${names}) SELECT * FROM unnest(${casts.map((cast, index) => `$${index + 1}::${cast}`).join(', ')})`;
  const statements: Statement[] = [];
  for (let start = 0; start < records.length; start += STATEMENT_ROWS) {
    const chunk = records.slice(start, start + STATEMENT_ROWS);
    const params: unknown[][] = [chunk.map((record) => record.symbol), chunk.map((record) => record.slotMs)];
    columns.forEach((_, index) => {
      params.push(chunk.map((record) => record.values[index] ?? null));
    });
    statements.push({ sql, params, rows: chunk.length });
  }
  return statements;
}

/** The SQL spelling of this database family. */
export const POSTGRES_DIALECT: SqlDialect = {
  kind: 'postgres',
  quote,
  placeholder: (index) => `$${index}`,
  columnType: (key) => COLUMN_TYPES[key],
  dataType: (key) => DATA_TYPES[key],
  // Stored (PostgreSQL has no virtual columns); timestamp + interval is immutable, as required.
  datetimeDefinition: `${COLUMN_TYPES.datetime} GENERATED ALWAYS AS (TIMESTAMP '1970-01-01 00:00:00' + ("timestamp" / 1000) * INTERVAL '1 second') STORED`,
  tableOptions: '',
  currentSchema: 'current_schema()',
  insertMetaSql: `INSERT INTO ${quote(SINK_META_TABLE)} ("name", "value") VALUES ($1, $2) ON CONFLICT DO NOTHING`,
  // md5 is the one text hash PostgreSQL has built in (sha256 takes bytea).
  dayDigest: 'md5',
  daySummarySql,
};

// NUMERIC(38,18) as text has its 18 fraction digits, as the MySQL family prints DECIMAL(38,18).
function daySummarySql(table: string, columns: readonly SinkColumn[]): string {
  const fields = [
    quote('symbol'),
    quote('timestamp'),
    ...columns.map((column) =>
      column.nullable ? `COALESCE(${quote(column.name)}::text, E'\\\\N')` : quote(column.name),
    ),
  ];
  return (
    `SELECT ${quote('timestamp')} / 86400000, COUNT(*), ` +
    `md5(string_agg(concat_ws(E'\\t', ${fields.join(', ')}), E'\\n' ORDER BY ${quote('timestamp')})) ` +
    `FROM ${quote(table)} WHERE ${quote('symbol')} = $1 AND ${quote('timestamp')} >= $2 AND ${quote('timestamp')} < $3 GROUP BY 1`
  );
}

/** The PostgreSQL and TimescaleDB backend (pg, a small pool of connections). */
export function createPostgresBackend(
  url: SinkUrl,
  options: { readonly connectTimeoutMs: number; readonly connections: number },
): SinkBackend {
  const pool = new pg.Pool({
    host: url.host,
    port: url.port,
    user: url.user,
    password: url.password,
    database: url.database,
    max: options.connections,
    connectionTimeoutMillis: options.connectTimeoutMs,
    keepAlive: true,
    ssl: url.ssl ? { rejectUnauthorized: true } : false,
  });
  // An idle client the server dropped is removed by the pool; without a listener the event would
  // crash the process.
  pool.on('error', () => undefined);
  return {
    ...POSTGRES_DIALECT,
    loadMethod: () => 'unnest',
    insertStatements,
    bulkLoadStatement: () => undefined,
    async acquire(): Promise<BackendConnection> {
      const client = await pool.connect();
      return {
        async run(statement) {
          const result = await client.query({
            text: statement.sql,
            values: (statement.params ?? []) as unknown[],
            rowMode: 'array',
          });
          return {
            rows: (result.rows ?? []) as unknown[][],
            affectedRows: result.rowCount ?? 0,
            warnings: 0,
          };
        },
        release(broken) {
          client.release(broken);
        },
      };
    },
    probe: async () => undefined,
    isConnectionLost(error) {
      if (!(error instanceof pg.DatabaseError)) return true;
      return SESSION_ENDING_SQLSTATE.test(error.code ?? '');
    },
    isDuplicateKey: (error) => error instanceof pg.DatabaseError && error.code === '23505',
    end: () => pool.end(),
  };
}
