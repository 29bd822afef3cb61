import type { LockHolder } from './lock-holder.ts';

/** Base class of every error this package throws on purpose. */
export class StorageError extends Error {
  override readonly name: string = 'StorageError';
}

/** A symbol that does not match `^[A-Z0-9_]{2,32}$`; thrown before any path is built from it. */
export class InvalidSymbolError extends StorageError {
  override readonly name = 'InvalidSymbolError';
  readonly symbol: string;
  constructor(symbol: string) {
    super(`invalid symbol ${JSON.stringify(symbol)}: expected 2 to 32 characters of A-Z, 0-9 or _`);
    this.symbol = symbol;
  }
}

/** A series name other than '1m' or '5m'. */
export class InvalidSeriesError extends StorageError {
  override readonly name = 'InvalidSeriesError';
  readonly series: string;
  constructor(series: string) {
    super(`invalid series ${JSON.stringify(series)}: expected '1m' or '5m'`);
    this.series = series;
  }
}

/** A day key that is not a real calendar date written as YYYY-MM-DD. */
export class InvalidDayKeyError extends StorageError {
  override readonly name = 'InvalidDayKeyError';
  readonly dayKey: string;
  constructor(dayKey: string) {
    super(`invalid day ${JSON.stringify(dayKey)}: expected a real UTC date as YYYY-MM-DD`);
    this.dayKey = dayKey;
  }
}

/** A time range or slot that is not a finite integer millisecond value, or a range that ends before it starts. */
export class InvalidTimeRangeError extends StorageError {
  override readonly name = 'InvalidTimeRangeError';
}

/** A data directory, file path or option that would lead outside the data directory or is malformed. */
export class InvalidPathError extends StorageError {
  override readonly name = 'InvalidPathError';
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`invalid path ${JSON.stringify(path)}: ${reason}`);
    this.path = path;
  }
}

/** A point handed to merge/appendLive that is off the grid or carries a malformed value; nothing was written. */
export class InvalidPointError extends StorageError {
  override readonly name = 'InvalidPointError';
  readonly symbol: string;
  readonly series: string;
  readonly slotMs: unknown;
  constructor(symbol: string, series: string, slotMs: unknown, reason: string) {
    super(`rejected ${symbol} ${series} point at slot ${String(slotMs)}: ${reason}; nothing was written`);
    this.symbol = symbol;
    this.series = series;
    this.slotMs = slotMs;
  }
}

/** An existing day file whose header is not a day-file header; the store refuses to rewrite it. */
export class UnreadableDayFileError extends StorageError {
  override readonly name = 'UnreadableDayFileError';
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`cannot merge into ${path}: ${reason}; fix or move the file by hand`);
    this.path = path;
  }
}

/** Another live writer holds the data directory's writer lock. */
export class StoreLockedError extends StorageError {
  override readonly name = 'StoreLockedError';
  readonly dataDir: string;
  readonly lockPath: string;
  readonly holder: LockHolder;
  constructor(dataDir: string, lockPath: string, holder: LockHolder) {
    const since = Number.isFinite(holder.sinceMs)
      ? new Date(holder.sinceMs).toISOString()
      : 'an unknown time';
    super(
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
  override readonly name = 'StoreClosedError';
  constructor(dataDir: string) {
    super(`the store for ${dataDir} is closed`);
  }
}
