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
  STORE_LOCKED: 'STORE_LOCKED',
  STORE_CLOSED: 'STORE_CLOSED',
  CANNOT_CREATE_DIRECTORY: 'CANNOT_CREATE_DIRECTORY',
  DISK_WRITE_FAILED: 'DISK_WRITE_FAILED',
  UNSAFE_ENTRY: 'UNSAFE_ENTRY',
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

/**
 * The system refused a write under the data directory (EACCES, EROFS, ENOSPC, EIO...). What was
 * acknowledged before stays intact: day files are replaced atomically, so the failed write left the
 * old file as it was. Not a problem of one symbol: the disk or its permissions need a person.
 */
export class DiskWriteError extends StorageError {
  /** The file or folder the write was for. */
  readonly path: string;
  /** The system's code (EACCES, EROFS, ENOSPC, EIO...), when it gave one. */
  readonly systemCode: string | undefined;
  constructor(path: string, systemCode: string | undefined, options?: ErrorOptions) {
    super('DISK_WRITE_FAILED', `cannot write ${path}: ${describeSystemCode(systemCode)}`, options);
    this.path = path;
    this.systemCode = systemCode;
  }
}

const SYSTEM_CODE_TEXT: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EFBIG: 'file too large',
};

function describeSystemCode(code: string | undefined): string {
  if (code === undefined) return 'the system refused the write';
  const text = SYSTEM_CODE_TEXT[code];
  return text === undefined ? code : `${code} (${text})`;
}

/** What is wrong with an entry the store refuses to follow or read. */
export type UnsafeEntryKind = 'symlink' | 'not-a-file' | 'not-a-directory';

const UNSAFE_ENTRY_TEXT: Readonly<Record<UnsafeEntryKind, string>> = {
  symlink:
    'a symbolic link inside the data directory, which oi never follows (it could lead outside); put the real folder or file there',
  'not-a-file': 'not a regular file where a day file is expected; move it out of the data directory',
  'not-a-directory':
    'not a folder where a symbol or series folder is expected; move it out of the data directory',
};

/**
 * A symbol folder, series folder or day file that is a symbolic link (or a FIFO, device or socket
 * where a day file should be). Every reader and writer refuses it the same way, before anything is
 * read or written through it.
 */
export class UnsafeEntryError extends StorageError {
  readonly path: string;
  readonly kind: UnsafeEntryKind;
  constructor(path: string, kind: UnsafeEntryKind) {
    super('UNSAFE_ENTRY', `refusing ${path}: ${UNSAFE_ENTRY_TEXT[kind]}`);
    this.path = path;
    this.kind = kind;
  }
}
