// Public API of @oi/sink. The database backends, sessions and SQL builders stay unexported on
// purpose: the tables (see README) and these functions are the contract.

export type { LoadMethod } from './db/sink-backend.ts';
export {
  InvalidSinkArgumentError,
  InvalidSinkUrlError,
  SinkClosedError,
  SinkError,
  SinkQueryError,
  SinkSchemaError,
  SinkUnavailableError,
  SinkValueError,
} from './errors/sink-error.ts';
export {
  type OpenSinkOptions,
  openSink,
  type ReadSinkRowsOptions,
  SINK_CONNECTIONS,
  type Sink,
} from './open-sink.ts';
export { sinkSchemaSql } from './schema/schema-sql.ts';
export { SINK_TABLES } from './schema/sink-columns.ts';
export { maskSinkUrl, parseSinkUrl, type SinkKind, type SinkUrl } from './sink-url.ts';
export {
  type CheckResult,
  type CheckSinkOptions,
  type ColumnMismatch,
  checkSink,
  type SinkDifference,
} from './sync/check-sink.ts';
export type { SyncScopeOptions } from './sync/sync-scope.ts';
export { type SyncProgress, type SyncResult, type SyncSinkOptions, syncSink } from './sync/sync-sink.ts';
export { DECIMAL_PRECISION, DECIMAL_SCALE } from './values/sink-decimal.ts';
export type { SinkRow } from './values/sink-record.ts';
export type { SinkConflict, WriteResult } from './write/write-records.ts';
