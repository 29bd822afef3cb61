import { Readable } from 'node:stream';
import mysql from 'mysql2/promise';
import { SINK_META_TABLE, type SinkColumn } from '../schema/sink-columns.ts';
import type { SinkUrl } from '../sink-url.ts';
import type { SinkRecord } from '../values/sink-record.ts';
import type { BackendConnection, SinkBackend, SqlDialect, SqlTypeKey, Statement } from './sink-backend.ts';

// ASCII with binary collation: symbols and sources are ASCII, and keys compare byte for byte as
// file names do.
const ASCII = 'CHARACTER SET ascii COLLATE ascii_bin';
const COLUMN_TYPES: Readonly<Record<SqlTypeKey, string>> = {
  symbol: `VARCHAR(32) ${ASCII}`,
  decimal: 'DECIMAL(38,18)',
  bigint: 'BIGINT',
  text: `VARCHAR(32) ${ASCII}`,
  datetime: 'DATETIME',
};
const DATA_TYPES: Readonly<Record<SqlTypeKey, string>> = {
  symbol: 'varchar',
  decimal: 'decimal',
  bigint: 'bigint',
  text: 'varchar',
  datetime: 'datetime',
};
// Under the 16 MiB max_allowed_packet of MariaDB's default (MySQL 8 and TiDB allow 64 MiB); larger
// statements measured no faster.
const MAX_STATEMENT_BYTES = 2 * 1024 * 1024;
const GROUP_CONCAT_MAX_BYTES = 64 * 1024 * 1024;

function quote(identifier: string): string {
  return `\`${identifier}\``;
}

/** The SQL spelling of the MySQL family. */
export const MYSQL_DIALECT: SqlDialect = {
  kind: 'mysql',
  quote,
  placeholder: () => '?',
  columnType: (key) => COLUMN_TYPES[key],
  dataType: (key) => DATA_TYPES[key],
  // Virtual: computed when read, so it costs nothing to load and can never disagree with the slot.
  // FROM_UNIXTIME would depend on the session's time zone, which a generated column may not.
  datetimeDefinition:
    "DATETIME AS (CAST('1970-01-01 00:00:00' AS DATETIME) + INTERVAL (`timestamp` DIV 1000) SECOND) VIRTUAL",
  tableOptions: ' ENGINE=InnoDB',
  currentSchema: 'DATABASE()',
  insertMetaSql: `INSERT IGNORE INTO ${quote(SINK_META_TABLE)} (\`name\`, \`value\`) VALUES (?, ?)`,
  // SHA-1 rather than MD5: the same work on the server, two to three times faster in Node (SHA extensions).
  dayDigest: 'sha1',
  daySummarySql,
};

function columnList(columns: readonly SinkColumn[]): string {
  return ['symbol', 'timestamp', ...columns.map((column) => column.name)].map(quote).join(',');
}

// Multi-row INSERTs, for servers that do not allow LOAD DATA LOCAL INFILE (MySQL 8's default).
function insertValues(
  table: string,
  columns: readonly SinkColumn[],
  records: readonly SinkRecord[],
): Statement[] {
  const head = `INSERT INTO ${quote(table)} (${columnList(columns)}) VALUES `;
  const statements: Statement[] = [];
  let tuples: string[] = [];
  let bytes = head.length;
  const flush = (): void => {
    statements.push({ sql: head + tuples.join(','), rows: tuples.length });
    tuples = [];
    bytes = head.length;
  };
  for (const record of records) {
    let tuple = `(${mysql.escape(record.symbol)},${record.slotMs}`;
    record.values.forEach((value, index) => {
      // Decimals and integers were normalised to digits, '-' and '.', so they go unquoted as exact literals.
      const kind = (columns[index] as SinkColumn).kind;
      tuple += `,${value === null ? 'NULL' : kind === 'text' ? mysql.escape(value) : value}`;
    });
    tuple += ')';
    if (tuples.length > 0 && bytes + tuple.length + 1 > MAX_STATEMENT_BYTES) flush();
    tuples.push(tuple);
    bytes += tuple.length + 1;
  }
  if (tuples.length > 0) flush();
  return statements;
}

// LOAD DATA LOCAL INFILE with tab-separated rows: about a third less server time per row than
// INSERT. Values cannot hold a tab, a newline or a backslash (toSinkRecord refuses them), so none
// needs escaping; \N is NULL. Duplicate keys are skipped rather than refused in this mode, which
// the row count catches (Statement.rows).
function loadDataSql(table: string, columns: readonly SinkColumn[]): string {
  return (
    `LOAD DATA LOCAL INFILE 'oi-sink.tsv' INTO TABLE ${quote(table)} CHARACTER SET ascii ` +
    `FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${columnList(columns)})`
  );
}

function loadData(
  table: string,
  columns: readonly SinkColumn[],
  records: readonly SinkRecord[],
): Statement[] {
  const sql = loadDataSql(table, columns);
  const statements: Statement[] = [];
  let lines: string[] = [];
  let bytes = 0;
  for (const record of records) {
    let line = `${record.symbol}\t${record.slotMs}`;
    for (const value of record.values) line += value === null ? '\t\\N' : `\t${value}`;
    if (lines.length > 0 && bytes + line.length + 1 > MAX_STATEMENT_BYTES) {
      statements.push({ sql, data: `${lines.join('\n')}\n`, rows: lines.length });
      lines = [];
      bytes = 0;
    }
    lines.push(line);
    bytes += line.length + 1;
  }
  if (lines.length > 0) statements.push({ sql, data: `${lines.join('\n')}\n`, rows: lines.length });
  return statements;
}

// Literal tab and newline characters and X'5C4E' (\N) rather than escapes, so the text is the
// same whatever the session's sql_mode says about backslashes.
function daySummarySql(table: string, columns: readonly SinkColumn[]): string {
  const fields = [
    quote('symbol'),
    quote('timestamp'),
    ...columns.map((column) =>
      column.nullable ? `IFNULL(${quote(column.name)}, X'5C4E')` : quote(column.name),
    ),
  ];
  return (
    `SELECT ${quote('timestamp')} DIV 86400000, COUNT(*), ` +
    `SHA1(GROUP_CONCAT(CONCAT_WS('\t', ${fields.join(', ')}) ORDER BY ${quote('timestamp')} SEPARATOR '\n')) ` +
    `FROM ${quote(table)} WHERE ${quote('symbol')} = ? AND ${quote('timestamp')} >= ? AND ${quote('timestamp')} < ? GROUP BY 1`
  );
}

/** Options of createMysqlBackend. */
export interface MysqlBackendOptions {
  readonly connectTimeoutMs: number;
  /** Bulk-load with LOAD DATA LOCAL INFILE when the server allows it; INSERT otherwise. */
  readonly loadData: boolean;
  /** Connections the pool opens at most. */
  readonly connections: number;
}

/** The MySQL, MariaDB and TiDB backend (mysql2, a small pool of connections). */
export function createMysqlBackend(url: SinkUrl, options: MysqlBackendOptions): SinkBackend {
  const pool = mysql.createPool({
    host: url.host,
    port: url.port,
    user: url.user,
    password: url.password,
    database: url.database,
    connectionLimit: options.connections,
    maxIdle: options.connections,
    connectTimeout: options.connectTimeoutMs,
    enableKeepAlive: true,
    // BIGINT and DECIMAL as strings: no value passes through a JavaScript number.
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    dateStrings: true,
    ...(url.ssl ? { ssl: { rejectUnauthorized: true } } : {}),
  });
  // An idle connection the server dropped is removed by the pool; the event only needs a listener.
  pool.on('connection', (connection) => connection.on('error', () => undefined));
  let localInfile = false;
  // Connections whose session allows a day summary's length.
  const summaryReady = new WeakSet<object>();
  return {
    ...MYSQL_DIALECT,
    loadMethod: () => (localInfile ? 'load-data' : 'insert'),
    insertStatements: (table, columns, records) =>
      localInfile ? loadData(table, columns, records) : insertValues(table, columns, records),
    bulkLoadStatement: (table, columns, data, rows) =>
      localInfile ? { sql: loadDataSql(table, columns), data, rows } : undefined,
    async acquire(): Promise<BackendConnection> {
      const connection = await pool.getConnection();
      const core = connection.connection;
      if (!summaryReady.has(core)) {
        // A day summary concatenates a day's rows (about 200 KB for 1m); the default cut is 1 MiB
        // on MariaDB but 1 KiB on MySQL. A cut summary only ever looks different, never equal.
        try {
          await connection.query(`SET SESSION group_concat_max_len = ${GROUP_CONCAT_MAX_BYTES}`);
        } catch (error) {
          connection.destroy();
          throw error;
        }
        summaryReady.add(core);
      }
      return {
        async run(statement) {
          const { data } = statement;
          const options =
            data === undefined
              ? { sql: statement.sql, rowsAsArray: true }
              : {
                  sql: statement.sql,
                  infileStreamFactory: () =>
                    Readable.from([
                      typeof data === 'string'
                        ? Buffer.from(data, 'latin1')
                        : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
                    ]),
                };
          // Without values mysql2 does not scan the (large) statement text for placeholders.
          const [result] =
            statement.params === undefined
              ? await connection.query(options)
              : await connection.query(options, statement.params as unknown[]);
          if (Array.isArray(result)) return { rows: result as unknown[][], affectedRows: 0, warnings: 0 };
          const header = result as { affectedRows?: number; warningStatus?: number };
          return { rows: [], affectedRows: header.affectedRows ?? 0, warnings: header.warningStatus ?? 0 };
        },
        release(broken) {
          if (broken) connection.destroy();
          else connection.release();
        },
      };
    },
    async probe(connection) {
      if (!options.loadData) return;
      const { rows } = await connection.run({ sql: "SHOW VARIABLES LIKE 'local_infile'" });
      localInfile = String(rows[0]?.[1]).toUpperCase() === 'ON';
    },
    isConnectionLost: (error) => (error as { fatal?: unknown } | null)?.fatal === true,
    isDuplicateKey: (error) => (error as { code?: unknown } | null)?.code === 'ER_DUP_ENTRY',
    end: () => pool.end(),
  };
}
