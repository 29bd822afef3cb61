// Public API of @oi/storage, sorted by folder. Internal helpers (parsing, scanners, the lock, the
// coverage cache) stay unexported on purpose: the CSV files and these functions are the contract.
// The data directory's paths and durable writes are exported because this package owns them: the
// task journal, the batch summary and the log file of other packages live there too.

export { coverage } from './coverage/coverage.ts';
export type { DayScanOptions } from './coverage/day-summaries.ts';
export { type ExportRangeOptions, type ExportResult, exportRange } from './export/export-range.ts';
export { type DayLines, type ReadDayLinesOptions, readDayLines } from './export/read-day-lines.ts';
export { checkDataDirWritable, type DataDirCheck } from './fs/check-data-dir-writable.ts';
export {
  archiveStatePath,
  batchSummaryPath,
  dayFilePath,
  listingsStatePath,
  logFilePath,
  quarantinePath,
  taskJournalPath,
} from './fs/data-dir-layout.ts';
export {
  type AppendLinesOptions,
  appendLinesDurably,
  type WrittenFile,
  writeFileDurably,
} from './fs/durable-write.ts';
export { type JsonFileRead, readJsonFile } from './fs/read-json-file.ts';
export { type CleanedFile, type CleanupOptions, type CleanupResult, cleanup } from './maintain/cleanup.ts';
export { type RepairFileOptions, type RepairResult, repairFile } from './maintain/repair-file.ts';
export {
  type ValidateFilesOptions,
  type ValidationReport,
  validateFiles,
} from './maintain/validate-files.ts';
export {
  assertDayKey,
  DAY_MS,
  dayKeyOf,
  dayKeysInRange,
  dayRange,
  formatDatetimeUtc,
  LUXON_UTC,
} from './model/day-key.ts';
export {
  CannotCreateDirectoryError,
  DiskWriteError,
  InvalidDayKeyError,
  InvalidPathError,
  InvalidPointError,
  InvalidSeriesError,
  InvalidSymbolError,
  InvalidTimeRangeError,
  STORAGE_ERROR_CODES,
  StorageError,
  type StorageErrorCode,
  StoreClosedError,
  StoreLockedError,
  UnsafeEntryError,
  type UnsafeEntryKind,
} from './model/errors.ts';
export type { FileIssue, FileIssueKind } from './model/file-issue.ts';
export {
  canonicalFiveMinuteDecimal,
  FIVE_MINUTE_FRACTION_DIGITS,
  type FiveMinuteDecimal,
  type FiveMinuteDecimalProblem,
} from './model/five-minute-decimal.ts';
export type { LockHolder } from './model/lock-holder.ts';
export { isCoinMSymbol, type Market, marketOfSymbol } from './model/market.ts';
export type { Conflict, MergeResult } from './model/merge-result.ts';
export type { OiPoint } from './model/oi-point.ts';
export {
  ALL_SERIES,
  COIN_M_SERIES_COLUMNS,
  COIN_M_UNIT_COLUMNS,
  CORE_COLUMNS,
  SERIES_COLUMNS,
  SERIES_SLOT_MS,
  type Series,
  seriesColumnsOf,
  seriesExtraColumnsOf,
} from './model/series.ts';
export type { StoreEvent } from './model/store-event.ts';
export { assertSymbol } from './model/symbol.ts';
export type { TimeRange } from './model/time-range.ts';
export {
  type CollectStatsOptions,
  collectStats,
  type SeriesStats,
  type StoreStats,
  type SymbolSeriesStats,
} from './read/collect-stats.ts';
export { type ListQuarantineOptions, listQuarantine, type QuarantineReport } from './read/list-quarantine.ts';
export { listSymbols } from './read/list-symbols.ts';
export { readRows } from './read/read-rows.ts';
export { type OpenStoreOptions, openStore, type Store } from './write/store.ts';
