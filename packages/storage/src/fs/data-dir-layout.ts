import { basename, dirname, join, resolve } from 'node:path';
import { assertDayKey, isDayKey } from '../model/day-key.ts';
import { InvalidPathError } from '../model/errors.ts';
import { assertSeries, type Series } from '../model/series.ts';
import { assertSymbol } from '../model/symbol.ts';

// The one map of the data directory: every path under it is built here and nowhere else.
//
//   <data>/open_interest/<SYMBOL>/1m/<SYMBOL>-oi-YYYY-MM-DD.csv        day files (1m)
//   <data>/open_interest/<SYMBOL>/5m/<SYMBOL>-oi-5m-YYYY-MM-DD.csv     day files (5m)
//   <data>/open_interest/<SYMBOL>/<series>/<file>.csv.quarantine       lines a repair removed
//   <data>/state/writer.lock                                           the single-writer lock
//   <data>/state/coverage/<SYMBOL>/<series>.json                       coverage cache (disposable)
//   <data>/state/running_tasks.json                                    task journal
//   <data>/state/archive/<SYMBOL>.json                                 the public archive's days, as last checked
//   <data>/state/listings.json                                         each followed symbol's life: status, onboard, end
//   <data>/logs/batch_summary-YYYY-MM-DD.csv                           one row per tick or batch
//   <data>/logs/binance_oi_downloader.log                              the command's log file
//   <dir>/.<name>.tmp-<pid>-<random>                                   a write in progress
//
// State that later features keep goes below `state/` and gets its path function here.
// Every path is built from a validated symbol, series and day key, so none of them can hold a
// separator, `..` or NUL: nothing derived from them can leave the data directory.

const OPEN_INTEREST_DIR = 'open_interest';
const STATE_DIR = 'state';
const LOGS_DIR = 'logs';
const DAY_FILE_NAME_PATTERN = /^([A-Z0-9_]{2,32})-oi-(5m-)?(\d{4}-\d{2}-\d{2})\.csv$/;
const TEMP_MARKER = '.tmp-';

/** Suffix of the file next to a day file that receives the lines a repair removed. */
export const QUARANTINE_SUFFIX = '.quarantine';

/** The absolute data directory for `dataDir`; rejects empty strings and NUL bytes. */
export function resolveDataDir(dataDir: string): string {
  if (typeof dataDir !== 'string' || dataDir.length === 0)
    throw new InvalidPathError(String(dataDir), 'empty');
  if (dataDir.includes('\0')) throw new InvalidPathError(dataDir, 'contains a NUL byte');
  return resolve(dataDir);
}

/** `<data>/open_interest`. */
export function openInterestDirPath(dataDir: string): string {
  return join(resolveDataDir(dataDir), OPEN_INTEREST_DIR);
}

/** `<data>/open_interest/<SYMBOL>/<series>`. */
export function seriesDirPath(dataDir: string, symbol: string, series: Series): string {
  return join(openInterestDirPath(dataDir), assertSymbol(symbol), assertSeries(series));
}

function dayFileName(symbol: string, series: Series, dayKey: string): string {
  assertSymbol(symbol);
  assertDayKey(dayKey);
  return assertSeries(series) === '1m' ? `${symbol}-oi-${dayKey}.csv` : `${symbol}-oi-5m-${dayKey}.csv`;
}

/** Absolute path of the day file of `symbol`/`series` for the UTC day `dayKey`. */
export function dayFilePath(dataDir: string, symbol: string, series: Series, dayKey: string): string {
  return join(seriesDirPath(dataDir, symbol, series), dayFileName(symbol, series, dayKey));
}

/** What a day file name says about its content. */
export interface DayFileName {
  readonly symbol: string;
  readonly series: Series;
  readonly dayKey: string;
}

/** Parses a day file name; undefined for any other name, including impossible dates. */
export function parseDayFileName(name: string): DayFileName | undefined {
  const match = DAY_FILE_NAME_PATTERN.exec(name);
  if (match === null) return undefined;
  const [, symbol, fiveMinute, dayKey] = match;
  if (symbol === undefined || dayKey === undefined || !isDayKey(dayKey)) return undefined;
  return { symbol, series: fiveMinute === undefined ? '1m' : '5m', dayKey };
}

/** Where a day file sits inside a data directory, found from its path alone. */
export interface DayFileLocation extends DayFileName {
  /** Absolute path of the day file. */
  readonly path: string;
  /** The data directory, when the file sits at `<data>/open_interest/<SYMBOL>/<series>/`. */
  readonly dataDir: string | undefined;
}

/** Locates a day file from its path; throws InvalidPathError when the name is not a day file name. */
export function locateDayFile(path: string): DayFileLocation {
  if (typeof path !== 'string' || path.length === 0) throw new InvalidPathError(String(path), 'empty');
  if (path.includes('\0')) throw new InvalidPathError(path, 'contains a NUL byte');
  const absolute = resolve(path);
  const parsed = parseDayFileName(basename(absolute));
  if (parsed === undefined) {
    throw new InvalidPathError(
      path,
      'not a day file name (<SYMBOL>-oi-YYYY-MM-DD.csv or <SYMBOL>-oi-5m-YYYY-MM-DD.csv)',
    );
  }
  const seriesDir = dirname(absolute);
  const symbolDir = dirname(seriesDir);
  const openInterestDir = dirname(symbolDir);
  const inLayout =
    basename(seriesDir) === parsed.series &&
    basename(symbolDir) === parsed.symbol &&
    basename(openInterestDir) === OPEN_INTEREST_DIR;
  return { ...parsed, path: absolute, dataDir: inLayout ? dirname(openInterestDir) : undefined };
}

/** `<file>.quarantine`: where repairs put the lines they removed from `<file>`. */
export function quarantinePath(dayFile: string): string {
  return dayFile + QUARANTINE_SUFFIX;
}

function stateDirPath(dataDir: string): string {
  return join(resolveDataDir(dataDir), STATE_DIR);
}

/** `<data>/state/writer.lock`: the single-writer lock. */
export function writerLockPath(dataDir: string): string {
  return join(stateDirPath(dataDir), 'writer.lock');
}

/** `<data>/state/coverage/<SYMBOL>/<series>.json`: the per-day slot-run summary cache. */
export function coverageCachePath(dataDir: string, symbol: string, series: Series): string {
  return join(stateDirPath(dataDir), 'coverage', assertSymbol(symbol), `${assertSeries(series)}.json`);
}

/** `<data>/state/running_tasks.json`: the task journal that lets an interrupted job resume. */
export function taskJournalPath(dataDir: string): string {
  return join(stateDirPath(dataDir), 'running_tasks.json');
}

/** `<data>/state/archive/<SYMBOL>.json`: per day, what the public archive held for a symbol when last checked. */
export function archiveStatePath(dataDir: string, symbol: string): string {
  return join(stateDirPath(dataDir), 'archive', `${assertSymbol(symbol)}.json`);
}

/** `<data>/state/listings.json`: what the collector learned of each symbol it followed (status, onboard, end). */
export function listingsStatePath(dataDir: string): string {
  return join(stateDirPath(dataDir), 'listings.json');
}

/** `<data>/logs/batch_summary-YYYY-MM-DD.csv`: the batch summary of the UTC day `dayKey`. */
export function batchSummaryPath(dataDir: string, dayKey: string): string {
  return join(resolveDataDir(dataDir), LOGS_DIR, `batch_summary-${assertDayKey(dayKey)}.csv`);
}

/** `<data>/logs/binance_oi_downloader.log`: the log file (the name the replaced tool used). */
export function logFilePath(dataDir: string): string {
  return join(resolveDataDir(dataDir), LOGS_DIR, 'binance_oi_downloader.log');
}

/** `<data>/.oi-write-probe-<unique>`: the file that shows a data directory accepts new files. */
export function writeProbePath(dataDir: string, unique: string): string {
  return join(resolveDataDir(dataDir), `.oi-write-probe-${unique}`);
}

/** A unique temporary name beside `target`, hidden and recognisable as a leftover after a crash. */
export function tempPathFor(target: string, unique: string): string {
  return join(dirname(target), `.${basename(target)}${TEMP_MARKER}${unique}`);
}

/** True for names made by `tempPathFor`. */
export function isTempFileName(name: string): boolean {
  return name.startsWith('.') && name.includes(TEMP_MARKER);
}
