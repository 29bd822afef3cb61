import { ALL_SERIES, type Series } from '@oi/storage';
import { MYSQL_DIALECT } from '../db/mysql-backend.ts';
import { POSTGRES_DIALECT } from '../db/postgres-backend.ts';
import type { SqlDialect } from '../db/sink-backend.ts';
import type { SinkKind } from '../sink-url.ts';
import {
  DATETIME_COLUMN,
  SINK_META_TABLE,
  SINK_TABLES,
  type SinkColumn,
  sinkColumns,
} from './sink-columns.ts';

/** The dialect of a sink kind. */
export function dialectOf(kind: SinkKind): SqlDialect {
  return kind === 'mysql' ? MYSQL_DIALECT : POSTGRES_DIALECT;
}

/** CREATE TABLE IF NOT EXISTS for a series' table. */
export function createTableSql(dialect: SqlDialect, series: Series): string {
  const q = dialect.quote;
  const lines = [
    `  ${q('symbol')} ${dialect.columnType('symbol')} NOT NULL`,
    `  ${q('timestamp')} ${dialect.columnType('bigint')} NOT NULL`,
    `  ${q(DATETIME_COLUMN)} ${dialect.datetimeDefinition}`,
    ...sinkColumns(series).map(
      (column) =>
        `  ${q(column.name)} ${dialect.columnType(column.kind)} ${column.nullable ? 'NULL' : 'NOT NULL'}`,
    ),
    `  PRIMARY KEY (${q('symbol')}, ${q('timestamp')})`,
  ];
  return `CREATE TABLE IF NOT EXISTS ${q(SINK_TABLES[series])} (\n${lines.join(',\n')}\n)${dialect.tableOptions}`;
}

/**
 * ALTER TABLE … ADD COLUMN for a nullable column that a table created before lacks. Instant on
 * InnoDB (MariaDB 10.3+, MySQL 8.0.12+) and PostgreSQL (no default): existing rows read NULL.
 */
export function addColumnSql(dialect: SqlDialect, series: Series, column: SinkColumn): string {
  const q = dialect.quote;
  return `ALTER TABLE ${q(SINK_TABLES[series])} ADD COLUMN ${q(column.name)} ${dialect.columnType(column.kind)} NULL`;
}

/** CREATE TABLE IF NOT EXISTS for the table that records the schema version. */
export function createMetaTableSql(dialect: SqlDialect): string {
  const q = dialect.quote;
  return `CREATE TABLE IF NOT EXISTS ${q(SINK_META_TABLE)} (\n  ${q('name')} VARCHAR(64) NOT NULL PRIMARY KEY,\n  ${q('value')} VARCHAR(255) NOT NULL\n)${dialect.tableOptions}`;
}

/** The CREATE TABLE statements a sink of `kind` runs on first use, for DBAs who create the tables themselves. */
export function sinkSchemaSql(kind: SinkKind): readonly string[] {
  const dialect = dialectOf(kind);
  return [createMetaTableSql(dialect), ...ALL_SERIES.map((series) => createTableSql(dialect, series))];
}
