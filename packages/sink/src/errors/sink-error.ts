import { OiError } from '@oi/errors';

/**
 * Base class of the errors the sink throws. Driver errors are never chained as `cause`: their text
 * may quote the user name or the statement, so only their code and a scrubbed message are kept.
 */
export class SinkError extends OiError {}

/** The sink URL cannot be used; the message shows it with its credentials masked. */
export class InvalidSinkUrlError extends SinkError {
  constructor(displayUrl: string, problem: string) {
    super('SINK_URL_INVALID', `invalid sink URL ${displayUrl}: ${problem}`);
  }
}

/** Facts about a failed database call that are safe to show. */
export interface DriverFailure {
  /** The driver's or server's code, e.g. `ECONNREFUSED`, `ER_DUP_ENTRY`, `23505`. */
  readonly driverCode: string | undefined;
  /** The driver's message with the URL's user name and password replaced by `***`. */
  readonly driverMessage: string;
}

/**
 * The database could not be reached, refused the credentials, or dropped the connection. Nothing
 * of the batch being written was committed; the sink reconnects on its next call.
 */
export class SinkUnavailableError extends SinkError {
  /** The sink URL with credentials masked. */
  readonly displayUrl: string;
  readonly driverCode: string | undefined;

  constructor(displayUrl: string, failure: DriverFailure) {
    super('SINK_UNAVAILABLE', `sink ${displayUrl} is unavailable: ${failure.driverMessage}`);
    this.displayUrl = displayUrl;
    this.driverCode = failure.driverCode;
  }
}

/** The database rejected a statement; the transaction it belonged to was rolled back. */
export class SinkQueryError extends SinkError {
  /** The sink URL with credentials masked. */
  readonly displayUrl: string;
  readonly driverCode: string | undefined;
  /** True when an insert met a key that another writer stored meanwhile. */
  readonly duplicateKey: boolean;

  constructor(displayUrl: string, action: string, failure: DriverFailure, duplicateKey = false) {
    super('SINK_QUERY_FAILED', `sink ${displayUrl} failed to ${action}: ${failure.driverMessage}`);
    this.displayUrl = displayUrl;
    this.driverCode = failure.driverCode;
    this.duplicateKey = duplicateKey;
  }
}

/** A row cannot be stored exactly (a value outside DECIMAL(38,18), a bad symbol); nothing was written. */
export class SinkValueError extends SinkError {
  readonly symbol: string;
  /** Slot of the row, epoch ms. */
  readonly timestamp: number;
  /** The sink column, e.g. `open_interest`. */
  readonly column: string;

  constructor(symbol: string, timestamp: number, column: string, problem: string) {
    super('SINK_VALUE_INVALID', `cannot store ${symbol} ${timestamp} ${column}: ${problem}`);
    this.symbol = symbol;
    this.timestamp = timestamp;
    this.column = column;
  }
}

/** The database holds tables or a schema version this sink cannot use; nothing was changed. */
export class SinkSchemaError extends SinkError {
  constructor(displayUrl: string, problem: string) {
    super('SINK_SCHEMA_MISMATCH', `sink ${displayUrl}: ${problem}`);
  }
}

/** The sink was used after `close()`. */
export class SinkClosedError extends SinkError {
  constructor(displayUrl: string) {
    super('SINK_CLOSED', `sink ${displayUrl} is closed`);
  }
}

/** A series, symbol or time range given to the sink is not one; nothing was read or written. */
export class InvalidSinkArgumentError extends SinkError {
  constructor(problem: string) {
    super('SINK_ARGUMENT_INVALID', problem);
  }
}
