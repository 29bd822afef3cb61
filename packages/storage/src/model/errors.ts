import { OiError } from '@oi/errors';
import type { LockHolder } from './lock-holder.ts';

/**
 * The stable codes of every error this package throws on purpose, keyed by themselves so callers
 * can write `STORAGE_ERROR_CODES.STORE_LOCKED` and have a typo caught by the compiler.
 */
export const STORAGE_ERROR_CODES = {
  INVALID_SYMBOL: 'INVALID_SYMBOL',
  INVALID_SERIES: 'INVALID_SERIES',
  INVALID_DAY_KEY: 'INVALID_DAY_KEY',
  INVALID_TIME_RANGE: 'INVALID_TIME_RANGE',
  INVALID_PATH: 'INVALID_PATH',
  INVALID_POINT: 'INVALID_POINT',
  UNREADABLE_DAY_FILE: 'UNREADABLE_DAY_FILE',
  STORE_LOCKED: 'STORE_LOCKED',
  STORE_CLOSED: 'STORE_CLOSED',
  CANNOT_CREATE_DIRECTORY: 'CANNOT_CREATE_DIRECTORY',
} as const;

/** One of {@link STORAGE_ERROR_CODES}. */
export type StorageErrorCode = (typeof STORAGE_ERROR_CODES)[keyof typeof STORAGE_ERROR_CODES];

/** Base class of every error this package throws on purpose; `code` says which one. */
export class StorageError extends OiError {
  declare readonly code: StorageErrorCode;

  constructor(code: StorageErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/** A symbol that does not match `^[A-Z0-9_]{2,32}$`; thrown before any path is built from it. */
export class InvalidSymbolError extends StorageError {
  readonly symbol: string;
  constructor(symbol: string) {
    super(
      'INVALID_SYMBOL',
      `invalid symbol ${JSON.stringify(symbol)}: expected 2 to 32 characters of A-Z, 0-9 or _`,
    );
    this.symbol = symbol;
  }
}

/** A series name other than '1m' or '5m'. */
export class InvalidSeriesError extends StorageError {
  readonly series: string;
  constructor(series: string) {
    super('INVALID_SERIES', `invalid series ${JSON.stringify(series)}: expected '1m' or '5m'`);
    this.series = series;
  }
}

/** A day key that is not a real calendar date written as YYYY-MM-DD. */
export class InvalidDayKeyError extends StorageError {
  readonly dayKey: string;
  constructor(dayKey: string) {
    super('INVALID_DAY_KEY', `invalid day ${JSON.stringify(dayKey)}: expected a real UTC date as YYYY-MM-DD`);
    this.dayKey = dayKey;
  }
}

/** A time range or slot that is not a finite integer millisecond value, or a range that ends before it starts. */
export class InvalidTimeRangeError extends StorageError {
  constructor(message: string) {
    super('INVALID_TIME_RANGE', message);
  }
}

/** A data directory, file path or option that would lead outside the data directory or is malformed. */
export class InvalidPathError extends StorageError {
  readonly path: string;
  constructor(path: string, reason: string) {
    super('INVALID_PATH', `invalid path ${JSON.stringify(path)}: ${reason}`);
    this.path = path;
  }
}

/** A point handed to merge/appendLive that is off the grid or carries a malformed value; nothing was written. */
export class InvalidPointError extends StorageError {
  readonly symbol: string;
  readonly series: string;
  readonly slotMs: unknown;
  constructor(symbol: string, series: string, slotMs: unknown, reason: string) {
    super(
      'INVALID_POINT',
      `rejected ${symbol} ${series} point at slot ${String(slotMs)}: ${reason}; nothing was written`,
    );
    this.symbol = symbol;
    this.series = series;
    this.slotMs = slotMs;
  }
}

/** An existing day file whose header is not a day-file header; the store refuses to rewrite it. */
export class UnreadableDayFileError extends StorageError {
  readonly path: string;
  constructor(path: string, reason: string) {
    super('UNREADABLE_DAY_FILE', `cannot merge into ${path}: ${reason}; fix or move the file by hand`);
    this.path = path;
  }
}

/** Another live writer holds the data directory's writer lock. */
export class StoreLockedError extends StorageError {
  readonly dataDir: string;
  readonly lockPath: string;
  readonly holder: LockHolder;
  constructor(dataDir: string, lockPath: string, holder: LockHolder) {
    const since = Number.isFinite(holder.sinceMs)
      ? new Date(holder.sinceMs).toISOString()
      : 'an unknown time';
    super(
      'STORE_LOCKED',
      `data directory ${dataDir} is locked by pid ${holder.pid} on host ${holder.host} since ${since}; ` +
        `stop that process or remove the stale lock ${lockPath}`,
    );
    this.dataDir = dataDir;
    this.lockPath = lockPath;
    this.holder = holder;
  }
}

/** A store method called after `close()`. */
export class StoreClosedError extends StorageError {
  constructor(dataDir: string) {
    super('STORE_CLOSED', `the store for ${dataDir} is closed`);
  }
}

/**
 * A directory the operating system refused to create (or a path where a file stands in for a
 * directory). `failedPath` is the level of `path` that could not be made, `systemCode` the system's code (ENOENT, EACCES...).
 */
export class CannotCreateDirectoryError extends StorageError {
  readonly path: string;
  readonly failedPath: string;
  readonly systemCode: string | undefined;
  /** What went wrong, without the path asked for (the message's second half). */
  readonly reason: string;
  constructor(
    path: string,
    failedPath: string,
    systemCode: string | undefined,
    reason: string,
    options?: ErrorOptions,
  ) {
    super('CANNOT_CREATE_DIRECTORY', `cannot create directory ${path}: ${reason}`, options);
    this.path = path;
    this.failedPath = failedPath;
    this.systemCode = systemCode;
    this.reason = reason;
  }
}
